import type { Consent, FhirResource } from 'fhir/r4.js';
import { dayBefore } from './builders.js';
import { POPULATION_DX, POPULATION_RX } from './population-codes.js';
import {
  conditionOf,
  creatinineOf,
  drinksOf,
  egfrOf,
  hba1cOf,
  injectionByCode,
  injectionDose,
  LOINC,
  metforminDose,
  observationOf,
  orderOf,
  qty,
  statementOf,
  tabletDose,
  type StyledContext,
} from './real-world/trial-builders.js';

/*
 * The pieces a generated population's records are made of (population.ts): the everyday noise
 * every chart carries (comorbidities, visits with vitals and routine labs, co-medication, an old
 * stopped order) and the diabetes care the trial rules read, each written in the patient's style.
 */

/** A seeded draw: `random()` in [0, 1) and helpers over it. */
export interface Draw {
  readonly random: () => number;
  pick<T>(list: readonly T[]): T;
  /** A number in [lo, hi], rounded to `digits` decimals. */
  between(lo: number, hi: number, digits?: number): number;
  chance(p: number): boolean;
}

export function drawFrom(random: () => number): Draw {
  return {
    random,
    pick: (list) => list[Math.floor(random() * list.length)]!,
    between: (lo, hi, digits = 0) => Number((lo + random() * (hi - lo)).toFixed(digits)),
    chance: (p) => random() < p,
  };
}

const COMORBIDITIES = ['hypertension', 'dyslipidemia', 'obesity', 'sleepApnea', 'copd', 'osteoarthritis'] as const;
const CO_MEDICATION = ['statin', 'aceInhibitor', 'amlodipine', 'aspirin'] as const;

/**
 * Noise the trial rules must wade through: comorbidities, a resolved bronchitis, visits with BMI
 * and routine labs (creatinine, ALT, GGT: read by no criterion, left out by the record view),
 * long-term co-medication and a sulfonylurea stopped years ago (not active: left out too).
 */
export function everydayNoise(ctx: StyledContext, d: Draw, o: { diabetic: boolean }): FhirResource[] {
  const s = ctx.style;
  const out: FhirResource[] = [];
  for (const dx of COMORBIDITIES) {
    if (d.chance(o.diabetic ? 0.45 : 0.2))
      out.push(conditionOf(ctx, dx, { code: POPULATION_DX[dx][s], onsetDaysAgo: d.between(200, 6000) }));
  }
  if (d.chance(0.15)) {
    const onset = d.between(60, 3000);
    out.push(
      conditionOf(ctx, 'bronchitis', {
        code: POPULATION_DX.bronchitis[s],
        onsetDaysAgo: onset,
        abatementDaysAgo: onset - 20,
        clinicalStatus: 'resolved',
        category: 'encounter-diagnosis',
      }),
    );
  }
  const visits = o.diabetic ? d.between(3, 8) : d.between(1, 5);
  for (let v = 0; v < visits; v++) {
    const daysAgo = 15 + v * d.between(60, 200);
    out.push(
      observationOf(ctx, `bmi-${v}`, {
        code: LOINC.bmi[s],
        category: 'vital-signs',
        daysAgo,
        valueQuantity: qty(d.between(19, 42, 1), 'kg/m2', 'kg/m2'),
      }),
      creatinineOf(ctx, `creat-${v}`, daysAgo, d.between(55, 130)),
    );
    if (d.chance(0.6))
      out.push(
        observationOf(ctx, `alt-${v}`, { code: LOINC.alt[s], daysAgo, valueQuantity: qty(d.between(10, 90), 'U/L') }),
      );
    if (d.chance(0.4))
      out.push(
        observationOf(ctx, `ggt-${v}`, { code: LOINC.ggt[s], daysAgo, valueQuantity: qty(d.between(12, 120), 'U/L') }),
      );
  }
  for (const rx of CO_MEDICATION) {
    if (d.chance(o.diabetic ? 0.5 : 0.25)) {
      out.push(
        orderOf(ctx, rx, {
          drug: { concept: POPULATION_RX[rx][s] },
          authoredDaysAgo: d.between(90, 3000),
          dosage: [tabletDose(ctx, 1, 1, s === 'fr' ? '1 comprimé par jour' : 'Take 1 tablet by mouth daily')],
        }),
      );
    }
  }
  if (o.diabetic && d.chance(0.3)) {
    out.push(
      orderOf(ctx, 'old-sulfonylurea', {
        drug: { concept: POPULATION_RX.oldSulfonylurea[s] },
        authoredDaysAgo: d.between(1500, 4000),
        status: 'stopped',
        dosage: [tabletDose(ctx, 1, 1, s === 'fr' ? '1 comprimé le matin' : 'Take 1 tablet by mouth daily')],
      }),
    );
  }
  return out;
}

/** eGFR results (MDRD or CKD-EPI, as the lab reports), newest `newestDaysAgo` days ago at `newest`. */
export function egfrSeries(
  ctx: StyledContext,
  d: Draw,
  o: { newest: number; newestDaysAgo: number; count: number },
): FhirResource[] {
  const method = d.chance(0.5) ? ('MDRD' as const) : ('CKD-EPI' as const);
  return Array.from({ length: o.count }, (_, i) =>
    egfrOf(ctx, `egfr-${i}`, {
      method,
      value: i === 0 ? o.newest : Math.round(o.newest * d.between(0.95, 1.3, 2)),
      daysAgo: o.newestDaysAgo + i * d.between(90, 250),
    }),
  );
}

/** HbA1c results every few months, the newest `newestDaysAgo` days ago at `newest` %. */
export function hba1cSeries(
  ctx: StyledContext,
  d: Draw,
  o: { newest: number; newestDaysAgo: number; count: number },
): FhirResource[] {
  return Array.from({ length: o.count }, (_, i) =>
    hba1cOf(
      ctx,
      `hba1c-${i}`,
      i === 0 ? o.newest : Number((o.newest + d.between(-0.8, 0.8, 1)).toFixed(1)),
      o.newestDaysAgo + i * d.between(80, 120),
    ),
  );
}

/** Drinks per day from the social history. */
export function drinks(ctx: StyledContext, d: Draw, perDay: number): FhirResource {
  return drinksOf(ctx, 'drinks', perDay, d.between(20, 300));
}

/** A metformin order on an unchanged dose for `days`, and optionally a gliptin or an SGLT2 inhibitor. */
export function oralTreatment(ctx: StyledContext, d: Draw, o: { days: number }): FhirResource[] {
  const s = ctx.style;
  const out: FhirResource[] = [
    orderOf(ctx, 'metformin', {
      drug: { concept: POPULATION_RX.metformin[s] },
      authoredDaysAgo: o.days,
      dosage: [metforminDose(ctx, d.chance(0.3) ? 2 : 1)],
    }),
  ];
  const second = d.random();
  const pill = second < 0.3 ? 'sitagliptin' : second < 0.55 ? 'empagliflozin' : undefined;
  if (pill) {
    out.push(
      statementOf(ctx, pill, {
        drug: { concept: POPULATION_RX[pill][s] },
        startDaysAgo: d.between(200, Math.max(201, o.days)),
        dosage: [tabletDose(ctx, 1, 1, s === 'fr' ? '1 comprimé le matin' : '1 tablet every morning')],
      }),
    );
  }
  return out;
}

/** A basal insulin once a day: glargine (Lantus) or degludec (Tresiba). */
export function basalOrder(ctx: StyledContext, d: Draw, authoredDaysAgo: number): FhirResource {
  const s = ctx.style;
  const units = d.between(12, 60);
  return orderOf(ctx, 'basal', {
    drug: { concept: POPULATION_RX[d.chance(0.65) ? 'lantus' : 'tresiba'][s] },
    authoredDaysAgo,
    dosage: [
      s === 'fr'
        ? injectionDose(ctx, units, ['HS'], `${units} UI le soir au coucher`)
        : injectionByCode(ctx, units, 'QD', `Inject ${units} Units under the skin once daily at bedtime`),
    ],
  });
}

/** A rapid analogue (lispro, aspart or glulisine) before each of three meals. */
export function rapidOrder(ctx: StyledContext, d: Draw, authoredDaysAgo: number): FhirResource {
  const s = ctx.style;
  const units = d.between(4, 16);
  return orderOf(ctx, 'rapid', {
    drug: { concept: POPULATION_RX[d.pick(['humalog', 'novorapid', 'apidra'] as const)][s] },
    authoredDaysAgo,
    dosage: [
      s === 'fr'
        ? injectionDose(ctx, units, ['ACM', 'ACD', 'ACV'], `${units} UI avant chaque repas`)
        : injectionByCode(ctx, units, 'TID', `Inject ${units} Units under the skin 3 times daily before meals`),
    ],
  });
}

/**
 * An active Consent refusing research use of the record: scope `research`, base provision
 * `deny` (http://hl7.org/fhir/R4/consent.html), what screening/research-opt-out.ts skips.
 */
export function researchOptOut(ctx: StyledContext, daysAgo: number): Consent {
  return {
    resourceType: 'Consent',
    id: `${ctx.patientId}-research-opt-out`,
    status: 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'research', display: 'Research' }],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${ctx.patientId}` },
    dateTime: `${dayBefore(ctx, daysAgo)}T10:00:00${ctx.style === 'fr' ? '+01:00' : '-05:00'}`,
    policyRule: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT', display: 'opt-out' }],
    },
    provision: { type: 'deny' },
  };
}
