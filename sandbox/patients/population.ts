import type { FhirResource } from 'fhir/r4.js';
import { dayBefore, fixtureContext } from './builders.js';
import { POPULATION_DX, POPULATION_RX } from './population-codes.js';
import {
  basalOrder,
  drawFrom,
  drinks,
  egfrSeries,
  everydayNoise,
  hba1cSeries,
  oralTreatment,
  rapidOrder,
  researchOptOut,
  type Draw,
} from './population-parts.js';
import {
  conditionOf,
  imagingReport,
  orderOf,
  patientOf,
  STEATOSIS_CONCLUSION,
  type Style,
  type StyledContext,
} from './real-world/trial-builders.js';
import { seededRandom } from './seeded-random.js';

/**
 * What a generated patient is, as far as NCT04270656 (type 2 diabetes on MDI with NAFLD) is
 * concerned. `mdi-*` patients are the trial's shape (T2D for years, age 35-70, glargine or
 * degludec with a rapid analogue three times a day, HbA1c 8-12 %, steatosis on file, a normal
 * eGFR, little alcohol) with one thing that rules them out, or none (`mdi-candidate`), or the
 * steatosis unknown (`mdi-steatosis-unknown`: a possible candidate).
 */
export type PopulationProfile =
  | 'no-diabetes'
  | 't2d-orals'
  | 't2d-basal'
  | 't1d'
  | 'mdi-candidate'
  | 'mdi-steatosis-unknown'
  | 'mdi-over-70'
  | 'mdi-glp1'
  | 'mdi-alcohol'
  | 'mdi-cirrhosis'
  | 'mdi-egfr-under-30'
  | 'mdi-hba1c-under-6.5';

/**
 * The mix, per thousand patients. Half the charts have no diabetes; type 2 diabetes is mostly
 * treated by tablets, then basal insulin; MDI is a minority, and most of it is ruled out by
 * something. Candidates come to about 4 % before the deceased and the opted-out are taken out.
 */
export const PROFILE_MIX: Readonly<Record<PopulationProfile, number>> = {
  'no-diabetes': 500,
  't2d-orals': 180,
  't2d-basal': 80,
  t1d: 50,
  'mdi-candidate': 40,
  'mdi-steatosis-unknown': 30,
  'mdi-over-70': 30,
  'mdi-glp1': 20,
  'mdi-alcohol': 15,
  'mdi-cirrhosis': 10,
  'mdi-egfr-under-30': 15,
  'mdi-hba1c-under-6.5': 30,
};

/** Shares of every profile that died (deceasedDateTime) or refused research use (a Consent). */
export const DECEASED_SHARE = 0.02;
export const OPT_OUT_SHARE = 0.025;

/** One generated patient: its resources and what it was made to be. */
export interface PopulationPatient {
  readonly id: string;
  readonly resources: FhirResource[];
  readonly profile: PopulationProfile;
  readonly style: Style;
  readonly deceased: boolean;
  readonly optedOut: boolean;
}

const NAMES: Record<Style, { given: Record<'male' | 'female', string[]>; family: string[] }> = {
  fr: {
    given: {
      male: ['Alain', 'Bernard', 'Didier', 'Gérard', 'Hugo', 'Jean', 'Karim', 'Luc', 'Michel', 'Yannick'],
      female: ['Anne', 'Brigitte', 'Chantal', 'Émilie', 'Fatima', 'Hélène', 'Louise', 'Martine', 'Nadia', 'Sylvie'],
    },
    family: ['Synthétique', 'Exemple', 'Fictif', 'Essai', 'Modèle', 'Témoin', 'Population'],
  },
  us: {
    given: {
      male: ['James', 'Robert', 'Carlos', 'David', 'Kevin', 'Marcus', 'Thomas', 'Wei', 'Daniel', 'Joseph'],
      female: ['Mary', 'Linda', 'Maria', 'Susan', 'Aisha', 'Karen', 'Nancy', 'Mei', 'Jennifer', 'Patricia'],
    },
    family: ['Synthetic', 'Example', 'Fictional', 'Sample', 'Testcase', 'Population'],
  },
};

const MIX = Object.entries(PROFILE_MIX) as [PopulationProfile, number][];
const MIX_TOTAL = MIX.reduce((n, [, w]) => n + w, 0);

function profileOf(d: Draw): PopulationProfile {
  let x = d.random() * MIX_TOTAL;
  for (const [profile, weight] of MIX) if ((x -= weight) < 0) return profile;
  return 'no-diabetes';
}

/** Age range by profile: the trial's 35-70, kept off the edges for its shapes. */
function ageOf(profile: PopulationProfile, d: Draw): number {
  if (profile === 'mdi-over-70') return d.between(71, 86);
  if (profile.startsWith('mdi-')) return d.between(36, 69);
  if (profile === 't1d') return d.between(16, 60);
  if (profile === 'no-diabetes') return d.between(18, 92);
  return d.between(40, 88);
}

/** The diabetes, treatment and liver, kidney and alcohol data that make the profile what it is. */
function clinicalCore(ctx: StyledContext, d: Draw, profile: PopulationProfile, female: boolean): FhirResource[] {
  const s = ctx.style;
  const dx = POPULATION_DX;
  const out: FhirResource[] = [];
  const steatosis = (p: number) => {
    if (!d.chance(p)) return;
    const how = d.random();
    if (how < 0.7)
      out.push(conditionOf(ctx, 'steatosis', { code: dx.steatosis[s], onsetDaysAgo: d.between(100, 2500) }));
    if (how >= 0.5)
      out.push(imagingReport(ctx, 'liver-us', { daysAgo: d.between(60, 1500), conclusion: STEATOSIS_CONCLUSION[s] }));
  };
  const kidneys = (lo: number, hi: number) =>
    out.push(
      ...egfrSeries(ctx, d, { newest: d.between(lo, hi), newestDaysAgo: d.between(10, 200), count: d.between(1, 4) }),
    );
  if (profile === 'no-diabetes') {
    steatosis(0.08);
    if (d.chance(0.7)) kidneys(60, 115);
    if (d.chance(0.3))
      out.push(...hba1cSeries(ctx, d, { newest: d.between(4.8, 6.0, 1), newestDaysAgo: d.between(20, 700), count: 1 }));
    if (d.chance(0.4)) out.push(drinks(ctx, d, d.pick([0, 0, 1, 2, 3])));
    return out;
  }
  if (profile === 't1d') {
    const onset = d.chance(0.1) ? d.between(20, 80) : d.between(400, 12000);
    out.push(
      conditionOf(ctx, 't1d', { code: dx.t1d[s], onsetDaysAgo: onset, recordedDaysAgo: Math.max(0, onset - 2) }),
    );
    out.push(basalOrder(ctx, d, Math.min(onset, 700)), rapidOrder(ctx, d, Math.min(onset, 700)));
    out.push(
      ...hba1cSeries(ctx, d, {
        newest: d.between(6.8, 10, 1),
        newestDaysAgo: Math.min(onset, d.between(10, 120)),
        count: d.between(1, 5),
      }),
    );
    if (d.chance(0.7)) kidneys(70, 120);
    return out;
  }
  const onset = d.between(800, 7000);
  out.push(
    conditionOf(ctx, 't2d', { code: dx.t2d[s], onsetDaysAgo: onset, recordedDaysAgo: onset - d.between(0, 60) }),
  );
  const newestHba1c =
    profile === 'mdi-hba1c-under-6.5'
      ? d.between(5.6, 6.4, 1)
      : profile === 't2d-orals'
        ? d.between(6.0, 9.5, 1)
        : d.between(8.0, 12.0, 1);
  out.push(...hba1cSeries(ctx, d, { newest: newestHba1c, newestDaysAgo: d.between(10, 150), count: d.between(2, 7) }));
  out.push(...oralTreatment(ctx, d, { days: d.between(400, Math.max(401, onset)) }));
  if (profile === 't2d-orals') {
    steatosis(0.3);
    kidneys(40, 110);
    if (d.chance(0.5)) out.push(drinks(ctx, d, d.pick([0, 0.5, 1, 2])));
    return out;
  }
  out.push(basalOrder(ctx, d, d.between(200, 1500)));
  if (profile === 't2d-basal') {
    steatosis(0.3);
    kidneys(35, 110);
    return out;
  }
  // The trial's shape: MDI with a rapid analogue, steatosis on file, kidneys and alcohol in range.
  out.push(rapidOrder(ctx, d, d.between(120, 1200)));
  if (profile !== 'mdi-steatosis-unknown') steatosis(1);
  kidneys(profile === 'mdi-egfr-under-30' ? 15 : 45, profile === 'mdi-egfr-under-30' ? 29 : 110);
  if (profile === 'mdi-alcohol' && d.chance(0.5)) {
    out.push(conditionOf(ctx, 'alcohol', { code: dx.alcoholDependence[s], onsetDaysAgo: d.between(300, 4000) }));
  } else if (profile === 'mdi-alcohol') {
    out.push(drinks(ctx, d, d.between(3, 6)));
  } else if (d.chance(0.7)) {
    out.push(drinks(ctx, d, female ? d.pick([0, 0.5]) : d.pick([0, 0.5, 1])));
  }
  if (profile === 'mdi-cirrhosis')
    out.push(conditionOf(ctx, 'cirrhosis', { code: dx.cirrhosis[s], recordedDaysAgo: d.between(30, 1500) }));
  if (profile === 'mdi-glp1') {
    out.push(
      orderOf(ctx, 'liraglutide', {
        drug: { concept: POPULATION_RX.liraglutide[s] },
        authoredDaysAgo: d.between(60, 900),
        dosage: [
          {
            text: s === 'fr' ? '1,2 mg par jour' : '1.2 mg subcutaneously once daily',
            timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
          },
        ],
      }),
    );
  }
  return out;
}

/** One patient of the population, from the shared seeded draw. */
function populationPatient(id: string, today: Date, d: Draw): PopulationPatient {
  const profile = profileOf(d);
  const style: Style = d.chance(0.5) ? 'fr' : 'us';
  const ctx: StyledContext = { ...fixtureContext(id, today), style };
  const gender = d.chance(0.5) ? ('female' as const) : ('male' as const);
  const names = NAMES[style];
  const deceased = d.chance(DECEASED_SHARE);
  const optedOut = d.chance(OPT_OUT_SHARE);
  const patient = patientOf(ctx, {
    given: d.pick(names.given[gender]),
    family: d.pick(names.family),
    gender,
    age: ageOf(profile, d),
    daysSinceBirthday: d.between(5, 355),
  });
  const resources: FhirResource[] = [
    deceased ? { ...patient, deceasedDateTime: `${dayBefore(ctx, d.between(5, 700))}T04:30:00Z` } : patient,
    ...clinicalCore(ctx, d, profile, gender === 'female'),
    ...everydayNoise(ctx, d, { diabetic: profile !== 'no-diabetes' }),
  ];
  if (optedOut) resources.push(researchOptOut(ctx, d.between(30, 2000)));
  return { id, resources, profile, style, deceased, optedOut };
}

/** Ids of population patients: `pop-000001`…, apart from the fixtures and `--extra`'s `gen-` ids. */
export function populationId(index: number): string {
  return `pop-${String(index + 1).padStart(6, '0')}`;
}

/**
 * A population of `count` patients of varied, realistic shape for load and screening tests (most
 * not candidates for any trial, a few percent candidates for NCT04270656, some deceased or opted
 * out of research), half written as a French hospital record and half as a US one. Generated one
 * at a time, so that 100,000 patients never sit in memory together; the same seed and day give
 * the same patients.
 */
export function* populationPatients(count: number, today: Date, seed = 20261204): Generator<PopulationPatient> {
  const d = drawFrom(seededRandom(seed));
  for (let i = 0; i < count; i++) yield populationPatient(populationId(i), today, d);
}
