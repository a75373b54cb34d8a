import type { CodeableConcept, Condition, FhirResource } from 'fhir/r4.js';
import { dayBefore } from '../builders.js';
import type { ExpectedTrial, FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  DRUGS,
  hba1cOf,
  injectionByCode,
  injectionDose,
  observationOf,
  orderOf,
  patientOf,
  qty,
  record,
  type PatientOptions,
  type StyledContext,
  daysBeforeDate,
} from './trial-builders.js';

/*
 * Rule 1, "onset of recent type 1 diabetes" (NCT05153070: type 1 diabetes diagnosed less than 3
 * months ago, age 16-35). The onset is read from onsetDateTime, onsetPeriod.start, onsetAge (with
 * the birth date) or an onsetString holding a date; a recordedDate is not an onset; LADA counts
 * as type 1, and the earliest onset of any type 1 record decides.
 */

/** Type 1 diabetes as each style codes it. */
export const T1D: Record<'fr' | 'us', CodeableConcept> = {
  fr: codeable(cim10('E10.9', 'Diabète sucré de type 1, sans complication'), 'Diabète de type 1 inaugural'),
  us: codeable(
    [
      coding('snomed', '46635009', 'Diabetes mellitus type 1'),
      coding('icd10cm', 'E10.9', 'Type 1 diabetes mellitus without complications'),
    ],
    'Type 1 diabetes mellitus, new onset',
  ),
};

/** Ketoacidosis at diagnosis, an encounter diagnosis of the admission (also a type 1 code). */
const DKA: Record<'fr' | 'us', CodeableConcept> = {
  fr: codeable(cim10('E10.1', 'Diabète sucré de type 1, avec acidocétose'), 'Acidocétose diabétique inaugurale'),
  us: codeable(
    [
      coding('snomed', '420422005', 'Ketoacidosis due to diabetes mellitus'),
      coding('icd10cm', 'E10.10', 'Type 1 diabetes mellitus with ketoacidosis without coma'),
    ],
    'DKA, new-onset type 1 diabetes',
  ),
};

const BASAL_BOLUS = {
  fr: { basal: DRUGS.lantus.fr, rapid: DRUGS.novorapid.fr },
  us: {
    basal: codeable(
      [coding('rxnorm', '2563971', '3 ML insulin glargine-yfgn 100 UNT/ML Pen Injector')],
      'Semglee (insulin glargine-yfgn) pen',
    ),
    rapid: DRUGS.humalog.us,
  },
};

/** A young patient started on basal-bolus insulin at diagnosis, with the type 1 records `diabetes` gives. */
export function t1dRecord(
  ctx: StyledContext,
  p: PatientOptions,
  diabetes: (ctx: StyledContext) => Condition[],
  o: { readonly insulinDaysAgo: number; readonly extra?: FhirResource[] },
): FhirResource[] {
  const s = ctx.style;
  const fr = s === 'fr';
  const days = o.insulinDaysAgo;
  return [
    patientOf(ctx, p),
    ...diabetes(ctx),
    conditionOf(ctx, 'asthma', {
      code: fr
        ? codeable(cim10('J45.9', 'Asthme, sans précision'), 'Asthme intermittent')
        : codeable([coding('snomed', '195967001', 'Asthma'), coding('icd10cm', 'J45.20', 'Mild intermittent asthma')]),
      onsetDaysAgo: 4000,
    }),
    hba1cOf(ctx, 'hba1c', 11.6, Math.min(days, 35)),
    observationOf(ctx, 'c-peptide', {
      code: codeable(
        [coding('loinc', '1986-9', 'C peptide [Mass/volume] in Serum or Plasma')],
        fr ? 'Peptide C' : 'C-peptide',
      ),
      daysAgo: Math.min(days, 35),
      valueQuantity: qty(0.3, 'ng/mL'),
      interpretation: 'L',
    }),
    observationOf(ctx, 'anti-gad', {
      code: codeable(
        [coding('local', 'GAD65', fr ? 'Ac anti-GAD' : 'GAD-65 Ab')],
        fr ? 'Anticorps anti-GAD 65' : 'GAD-65 antibody',
      ),
      daysAgo: Math.min(days, 35),
      valueQuantity: qty(250, 'U/mL', '[U]/mL'),
      interpretation: 'H',
    }),
    orderOf(ctx, 'basal', {
      drug: { concept: BASAL_BOLUS[s].basal },
      authoredDaysAgo: days,
      dosage: [
        fr
          ? injectionDose(ctx, 14, ['HS'], '14 UI le soir')
          : injectionByCode(ctx, 14, 'QD', 'Inject 14 Units under the skin once daily at bedtime'),
      ],
    }),
    orderOf(ctx, 'rapid', {
      drug: { concept: BASAL_BOLUS[s].rapid },
      authoredDaysAgo: days,
      dosage: [
        fr
          ? injectionDose(ctx, 4, ['ACM', 'ACD', 'ACV'], '4 UI avant chaque repas (matin, midi, soir)')
          : injectionByCode(ctx, 4, 'TID', 'Inject 4 Units under the skin 3 times daily before meals'),
      ],
    }),
    ...(o.extra ?? []),
  ];
}

const MOIS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "octobre 2026": the French month and year of the day `daysAgo` before today. */
function frenchMonth(ctx: StyledContext, daysAgo: number): string {
  const d = daysBeforeDate(ctx, daysAgo);
  return `${MOIS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
}

/** "October 2026": the English month and year of the day `daysAgo` before today. */
function englishMonth(ctx: StyledContext, daysAgo: number): string {
  return daysBeforeDate(ctx, daysAgo).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** NCT04270656 for a young type 1 patient: excluded by type 1 and age. */
export const NAFLD_FOR_T1D: ExpectedTrial = {
  fires: false,
  partial: true,
  criteria: { t1d: 'met', t2d: 'not-met', 'age-35-70': 'not-met' },
};

/** NCT05153070 with the recent-onset status given and the age in range. */
export function t1dTrial(
  fires: boolean,
  recent: 'met' | 'not-met' | 'unknown',
  explanationIncludes?: string[],
): ExpectedTrial {
  return {
    fires,
    partial: true,
    criteria: {
      't1d-recent': recent,
      'age-16-35': 'met',
      'male-or-female': 'met',
      'study-team-screening': 'unknown',
      pregnancy: 'not-met',
    },
    ...(explanationIncludes ? { explanationIncludes } : {}),
  };
}

export const ONSET_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-t1d-onset-datetime',
    title: 'New-onset type 1 diabetes admitted in DKA 40 days ago (onsetDateTime): NCT05153070 fires',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Tyler', family: 'Newonset', gender: 'male', age: 19 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 39 }),
          conditionOf(c, 'dka', {
            code: DKA.us,
            onsetDaysAgo: 40,
            recordedDaysAgo: 40,
            clinicalStatus: 'resolved',
            abatementDaysAgo: 36,
            category: 'encounter-diagnosis',
          }),
        ],
        { insulinDaysAgo: 38 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(true, 'met', ['Condition/rw-us-t1d-onset-datetime-t1d', 'Days since type 1 diabetes onset: 40']),
  }),
  record({
    id: 'rw-fr-t1d-onset-age',
    title: 'Type 1 diabetes dated only by the age at onset (24 ans, birthday 50 days ago): NCT05153070 fires',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Léa', family: 'Début-Récent', gender: 'female', age: 24, daysSinceBirthday: 50 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.fr, recordedDaysAgo: 30 }),
            onsetAge: { value: 24, unit: 'ans', system: 'http://unitsofmeasure.org', code: 'a' },
          },
        ],
        { insulinDaysAgo: 32 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(true, 'met', ['Condition/rw-fr-t1d-onset-age-t1d']),
  }),
  record({
    id: 'rw-fr-t1d-onset-string-month',
    title: 'Type 1 diabetes with a free-text onset "<month> <year>" about 6 weeks ago (onsetString): NCT05153070 fires',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Hugo', family: 'Début-Mois', gender: 'male', age: 17, daysSinceBirthday: 200 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.fr, recordedDaysAgo: 20 }),
            onsetString: `découverte en ${frenchMonth(c, 45)} (polyuro-polydipsie, amaigrissement)`,
          },
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(true, 'met', ['Condition/rw-fr-t1d-onset-string-month-t1d']),
  }),
  record({
    id: 'rw-us-t1d-recorded-date-only',
    title: 'Type 1 diabetes with no onset, only a recordedDate 20 days ago: recent onset unknown, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Megan', family: 'Recorded', gender: 'female', age: 27 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, recordedDaysAgo: 20 })],
        { insulinDaysAgo: 20 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-fr-t1d-lada-old',
    title: 'LADA diagnosed 5 years ago, recoded as type 1 diabetes 30 days ago: the earliest onset decides, not recent',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Karim', family: 'Auto-Immun', gender: 'male', age: 34, daysSinceBirthday: 100 },
        (c) => [
          conditionOf(c, 'lada', {
            code: codeable(
              [coding('snomed', '426875007', 'Latent autoimmune diabetes mellitus in adult')],
              "Diabète LADA (diabète auto-immun lent de l'adulte)",
            ),
            onsetDaysAgo: 1830,
            recordedDaysAgo: 1800,
          }),
          conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 30, recordedDaysAgo: 30 }),
        ],
        { insulinDaysAgo: 30 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, 'age-35-70': 'not-met' } },
    t1d: t1dTrial(false, 'not-met'),
  }),
  record({
    id: 'rw-fr-t1d-reclasse-apres-dt2',
    title:
      'Type 2 diabetes since 2020 still active, and type 1 diabetes with an onset 40 days ago: diabetes older than 3 months, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Anthony', family: 'Reclassé', gender: 'male', age: 31, daysSinceBirthday: 40 },
        (c) => [
          conditionOf(c, 't2d', {
            code: codeable(cim10('E11.9', 'Diabète sucré de type 2, sans complication'), 'DT2 (2020)'),
            onsetDaysAgo: 2150,
            recordedDaysAgo: 2150,
          }),
          conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, t2d: 'met' } },
    t1d: t1dTrial(false, 'not-met'),
  }),
  record({
    id: 'rw-us-t1d-preexisting-in-pregnancy',
    title:
      'Only "pre-existing type 1 diabetes in pregnancy" (O24.011), onset 40 days ago: the date is the pregnancy\'s, excluded',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Chelsea', family: 'Prenatal', gender: 'female', age: 28 },
        (c) => [
          conditionOf(c, 't1d-pregnancy', {
            code: codeable(
              [
                coding('snomed', '609564002', 'Pre-existing type 1 diabetes mellitus in pregnancy'),
                coding('icd10cm', 'O24.011', 'Pre-existing type 1 diabetes mellitus, in pregnancy, first trimester'),
              ],
              'Type 1 diabetes in pregnancy, first trimester',
            ),
            onsetDaysAgo: 40,
            recordedDaysAgo: 40,
          }),
        ],
        { insulinDaysAgo: 2000 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown', pregnancy: 'met' } },
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'unknown', 'insulin-recent': 'not-met', 'age-16-35': 'met', pregnancy: 'met' },
    },
  }),
  record({
    id: 'rw-us-t1d-after-unspecified-dm-2015',
    title: 'Diabetes mellitus (73211009) on the problem list since 2015, type 1 coded 40 days ago: not recent',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Dylan', family: 'Olddiabetes', gender: 'male', age: 30 },
        (c) => [
          conditionOf(c, 'dm', {
            code: codeable([coding('snomed', '73211009', 'Diabetes mellitus')], 'Diabetes mellitus'),
            onsetDaysAgo: 4000,
            recordedDaysAgo: 4000,
          }),
          conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'not-met'),
  }),
  record({
    id: 'rw-us-t1d-onset-period-2y',
    title: 'Type 1 diabetes with onsetPeriod starting 2 years ago, recorded at a new clinic 15 days ago: not recent',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Jordan', family: 'Transfer', gender: 'male', age: 22 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.us, recordedDaysAgo: 15 }),
            onsetPeriod: { start: dayBefore(c, 735) },
          },
        ],
        { insulinDaysAgo: 15 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'not-met'),
  }),
  // An old type 1 record marked inactive (or unsure) still dates the onset: the diabetes existed by then.
  record({
    id: 'rw-fr-t1d-ancien-inactif',
    title:
      'Type 1 diabetes coded again 40 days ago, the same diagnosis since 2012 marked inactive: not a recent onset, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Sofiane', family: 'Ancien-Dossier', gender: 'male', age: 23, daysSinceBirthday: 120 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
          conditionOf(c, 't1d-2012', {
            code: codeable(cim10('E10.9', 'Diabète sucré de type 1, sans complication'), 'DT1 (2012)'),
            onsetDaysAgo: 5300,
            recordedDaysAgo: 5290,
            clinicalStatus: 'inactive',
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'not-met', ['marked inactive; dates the onset']),
  }),
  record({
    id: 'rw-us-t1d-provisional-old',
    title:
      'Type 1 diabetes with an onset 40 days ago, and a provisional type 1 entry from 11 years ago: recent onset unknown, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Brandon', family: 'Provisional', gender: 'male', age: 26 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 39 }),
          conditionOf(c, 't1d-old', {
            code: T1D.us,
            onsetDaysAgo: 4000,
            recordedDaysAgo: 4000,
            verificationStatus: 'provisional',
          }),
        ],
        { insulinDaysAgo: 38 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  }),
  // A recorded date before the stated onset: the condition was on file before it "began".
  record({
    id: 'rw-us-t1d-recorded-before-onset',
    title:
      'Type 1 diabetes with an onset typed 40 days ago but recorded in 2019: the onset is contradicted, not recent, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Ashley', family: 'Onset-Typo', gender: 'female', age: 29 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 2730 })],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(false, 'not-met'),
  }),
  // An onset text that dates two things (an age and a pump start): the date read may not be the onset.
  record({
    id: 'rw-fr-t1d-onset-string-pompe',
    title:
      'Type 1 diabetes whose onset text gives an age and the pump start ("depuis l\'âge de 8 ans, pompe depuis <mois>"): onset unknown',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Inès', family: 'Pompe-Récente', gender: 'female', age: 19, daysSinceBirthday: 60 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.fr, recordedDaysAgo: 20 }),
            onsetString: `DT1 depuis l'âge de 8 ans, pompe depuis ${frenchMonth(c, 45)}`,
          },
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-us-t1d-onset-string-pump',
    title: 'Type 1 diabetes whose onset text reads "T1D since age 9; insulin pump since <Month YYYY>": onset unknown',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Caleb', family: 'Pumpstart', gender: 'male', age: 21 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.us, recordedDaysAgo: 20 }),
            onsetString: `T1D since age 9; insulin pump since ${englishMonth(c, 45)}`,
          },
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  }),
  // An age at onset is a calendar age: the 18th birthday, not 18 × 365.25 days after birth.
  record({
    id: 'rw-fr-t1d-onset-age-18-ans',
    title: 'Type 1 diabetes at "18 ans", the 18th birthday exactly 90 days ago: maybe 90 days or more, onset unknown',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Mathis', family: 'Dix-Huit', gender: 'male', age: 18, daysSinceBirthday: 90 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.fr, recordedDaysAgo: 30 }),
            onsetAge: { value: 18, unit: 'ans', system: 'http://unitsofmeasure.org', code: 'a' },
          },
        ],
        { insulinDaysAgo: 30 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  }),
  // An Age with a unit word and no UCUM code, as many EHRs send it.
  record({
    id: 'rw-us-t1d-onset-age-unit-word',
    title:
      'Type 1 diabetes since age 12 (onsetAge unit "years", no code), recorded at a new clinic 20 days ago: not recent',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Ethan', family: 'Unitword', gender: 'male', age: 20 },
        (c) => [
          { ...conditionOf(c, 't1d', { code: T1D.us, recordedDaysAgo: 20 }), onsetAge: { value: 12, unit: 'years' } },
        ],
        { insulinDaysAgo: 20 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'not-met'),
  }),
];
