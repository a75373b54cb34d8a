import type { CodeableConcept, FhirResource } from 'fhir/r4.js';
import {
  code,
  concept,
  condition,
  diagnosticReport,
  dose,
  fixtureContext,
  hba1c,
  medicationRequest,
  medicationStatement,
  observation,
  patient,
  quantity,
  type FixtureContext,
} from './builders.js';
import { DX, LAB, RX } from './clinical-codes.js';
import type { ExpectedPumpCard, FixturePatient } from './fixture.js';
import { T1D_TRIAL_AGE_IN_RANGE, trials, type Statuses } from './trial-expectations.js';

/*
 * Synthetic patients for the trial-referral card (docs/clinical-rules.md, "Trial referral card"). Each is the NAFLD
 * "full match" with one thing changed, or a type 1 diabetes patient for NCT05153070, and
 * records the status of every criterion of both seed trials. Names are obviously fictitious.
 */

/** Concepts only these patients use. */
const TRIAL_CODES = {
  hepatitisC: concept(
    [code('snomed', '128302006', 'Chronic hepatitis C'), code('icd10cm', 'B18.2', 'Chronic viral hepatitis C')],
    'Chronic hepatitis C',
  ),
  victozaPen: concept([code('rxnorm', '897122', '3 ML liraglutide 6 MG/ML Pen Injector')], 'Victoza 18 mg/3 mL pen'),
  t1dRecent: concept(
    [
      code('snomed', '46635009', 'Diabetes mellitus type 1'),
      code('icd10', 'E10.9', 'Insulin-dependent diabetes mellitus without complications'),
    ],
    'Diabète de type 1',
  ),
} satisfies Record<string, CodeableConcept>;

/** The pump card a fixture produces (card A), citing the usual four records. */
function pumpCard(patientId: string, hba1cPercent: number): ExpectedPumpCard {
  return { hba1cPercent, evidenceIds: ['t2d', 'hba1c', 'basal', 'rapid'].map((s) => `${patientId}-${s}`) };
}

/** What varies between the NAFLD patients; everything else is the full match. */
interface NafldOptions {
  readonly given: string;
  readonly gender: 'male' | 'female';
  readonly age: number;
  readonly daysSinceBirthday?: number;
  readonly hba1c: { readonly value: number; readonly unit: '%' | 'mmol/mol' };
  readonly basal?: 'glargine' | 'degludec' | 'detemir';
  /** Steatosis on the problem list (default true). */
  readonly steatosisCondition?: boolean;
  /** A liver ultrasound concluding steatosis (default true). */
  readonly steatosisImaging?: boolean;
  /** The eGFR on file (default MDRD 78); null for none. */
  readonly egfr?: { readonly method: 'MDRD' | 'CKD-EPI'; readonly value: number } | null;
  /** Latest drinks per day (default 1); null for no alcohol measure. */
  readonly drinksPerDay?: number | null;
  readonly extra?: (ctx: FixtureContext) => FhirResource[];
}

const BASAL = { glargine: RX.lantusSoloStar, degludec: RX.degludecPen, detemir: RX.levemirPen } as const;

/** A T2D patient with NAFLD on MDI, as the Nantes trial recruits, varied by `o`. */
function nafldResources(ctx: FixtureContext, o: NafldOptions): FhirResource[] {
  const resources: FhirResource[] = [
    patient(ctx, {
      given: [o.given],
      family: 'Essai-Foie',
      gender: o.gender,
      age: o.age,
      daysSinceBirthday: o.daysSinceBirthday ?? 120,
    }),
    condition(ctx, 't2d', { code: DX.t2dWithHyperglycemia, onsetDaysAgo: 3650, recordedDaysAgo: 3600 }),
    condition(ctx, 'htn', { code: DX.hypertension, onsetDaysAgo: 2000 }),
    condition(ctx, 'obesity', { code: DX.obesity, onsetDaysAgo: 4000 }),
    hba1c(ctx, 'hba1c', { ...o.hba1c, daysAgo: 30 }),
    hba1c(ctx, 'hba1c-prev', { value: 7.9, unit: '%', daysAgo: 130 }),
    medicationRequest(ctx, 'basal', {
      medication: { concept: BASAL[o.basal ?? 'glargine'] },
      authoredDaysAgo: 600,
      dosage: [dose.repeat(30, 1, 1, 'd', '30 units once a day at bedtime')],
    }),
    medicationRequest(ctx, 'rapid', {
      medication: { concept: RX.humalogKwikPen },
      authoredDaysAgo: 600,
      dosage: [dose.repeat(8, 3, 1, 'd', '8 units three times a day with meals')],
    }),
    medicationRequest(ctx, 'metformin', {
      medication: { concept: RX.metformin850 },
      authoredDaysAgo: 2500,
      dosage: [dose.tablets(1, 2, '1 tablet twice a day')],
    }),
    medicationStatement(ctx, 'empagliflozin', {
      medication: { concept: RX.empagliflozin10 },
      startDaysAgo: 900,
      dosage: [dose.tablets(1, 1, '1 tablet in the morning')],
    }),
  ];
  if (o.steatosisCondition ?? true)
    resources.push(condition(ctx, 'steatosis', { code: DX.steatosis, onsetDaysAgo: 700 }));
  if (o.steatosisImaging ?? true) {
    resources.push(
      diagnosticReport(ctx, 'liver-us', {
        code: LAB.liverUltrasound,
        daysAgo: 690,
        conclusion: 'Bright liver consistent with diffuse hepatic steatosis.',
        conclusionCode: [concept([code('snomed', '197321007', 'Steatosis of liver')])],
      }),
    );
  }
  const egfr = o.egfr === undefined ? { method: 'MDRD' as const, value: 78 } : o.egfr;
  if (egfr) {
    resources.push(
      observation(ctx, 'egfr', {
        code: egfr.method === 'MDRD' ? LAB.egfrMdrd : LAB.egfrCkdEpi,
        daysAgo: 30,
        valueQuantity: quantity(egfr.value, 'mL/min/1.73m2', 'mL/min/{1.73_m2}'),
      }),
    );
  }
  const drinks = o.drinksPerDay === undefined ? 1 : o.drinksPerDay;
  if (drinks !== null) {
    resources.push(
      observation(ctx, 'drinks', {
        code: LAB.drinksPerDay,
        category: 'social-history',
        daysAgo: 60,
        valueQuantity: quantity(drinks, '{drinks}/d'),
      }),
    );
  }
  return [...resources, ...(o.extra?.(ctx) ?? [])];
}

/** A NAFLD fixture: its id, what it tests, the variation, and what both services must say. */
function nafld(id: string, title: string, o: NafldOptions, expected: FixturePatient['expected']): FixturePatient {
  return { id, title, resources: (today) => nafldResources(fixtureContext(id, today), o), expected };
}

/** A type 1 diabetes patient on glargine + aspart, diagnosed `onsetDaysAgo` days ago. */
function t1dResources(
  ctx: FixtureContext,
  o: { given: string; gender: 'male' | 'female'; age: number; onsetDaysAgo: number },
): FhirResource[] {
  return [
    patient(ctx, { given: [o.given], family: 'Essai-Immuno', gender: o.gender, age: o.age, daysSinceBirthday: 200 }),
    condition(ctx, 't1d', {
      code: TRIAL_CODES.t1dRecent,
      onsetDaysAgo: o.onsetDaysAgo,
      recordedDaysAgo: Math.max(0, o.onsetDaysAgo - 2),
    }),
    hba1c(ctx, 'hba1c', { value: 64, unit: 'mmol/mol', daysAgo: Math.min(30, o.onsetDaysAgo) }),
    medicationRequest(ctx, 'basal', {
      medication: { concept: RX.glarginePen },
      authoredDaysAgo: o.onsetDaysAgo,
      dosage: [dose.repeat(14, 1, 1, 'd', '14 units once a day')],
    }),
    medicationRequest(ctx, 'rapid', {
      medication: { concept: RX.novologFlexPen },
      authoredDaysAgo: o.onsetDaysAgo,
      dosage: [dose.timingCode(4, 'TID', '4 units three times a day before meals')],
    }),
  ];
}

/** NCT04270656 for a type 1 diabetes patient under 35 with no liver, kidney or alcohol data. */
const NAFLD_FOR_T1D: Statuses = {
  'age-35-70': 'not-met',
  t2d: 'not-met',
  't2d-one-year': 'not-met',
  'mdi-glargine-degludec': 'met',
  hba1c: 'met',
  steatosis: 'unknown',
  t1d: 'met',
  'alcohol-over-limit': 'unknown',
  'egfr-under-30': 'unknown',
};

/** Every trial-referral fixture, in the order the tests list them. */
export const TRIAL_FIXTURES: readonly FixturePatient[] = [
  nafld(
    'trial-nafld-full-match',
    'NCT04270656 full match: man of 58, T2D 10 years, Lantus + Humalog TID, HbA1c 8.4%, steatosis coded and on ultrasound',
    { given: 'Alain', gender: 'male', age: 58, hba1c: { value: 8.4, unit: '%' } },
    { pump: pumpCard('trial-nafld-full-match', 8.4), trials: trials({ fires: true }) },
  ),
  nafld(
    'trial-nafld-age-34',
    'Age 34, one year under the NCT04270656 range',
    { given: 'Bastien', gender: 'male', age: 34, daysSinceBirthday: 360, hba1c: { value: 7.2, unit: '%' } },
    {
      pump: null,
      trials: trials(
        { fires: false, changes: { 'age-35-70': 'not-met' } },
        { fires: false, criteria: T1D_TRIAL_AGE_IN_RANGE },
      ),
    },
  ),
  nafld(
    'trial-nafld-age-35',
    'Age 35 (birthday 10 days ago): the lower bound is inclusive',
    { given: 'Cyril', gender: 'male', age: 35, daysSinceBirthday: 10, hba1c: { value: 6.8, unit: '%' } },
    { pump: null, trials: trials({ fires: true }, { fires: false, criteria: T1D_TRIAL_AGE_IN_RANGE }) },
  ),
  nafld(
    'trial-nafld-age-70',
    'Woman of 70, no alcohol measure: fires, with alcohol to confirm; contraception does not apply at 70',
    {
      given: 'Denise',
      gender: 'female',
      age: 70,
      daysSinceBirthday: 350,
      hba1c: { value: 9.1, unit: '%' },
      drinksPerDay: null,
    },
    {
      pump: pumpCard('trial-nafld-age-70', 9.1),
      trials: trials({ fires: true, changes: { 'alcohol-over-limit': 'unknown' } }),
    },
  ),
  nafld(
    'trial-nafld-age-71',
    'Age 71 (birthday 5 days ago), one year over the range',
    { given: 'Emile', gender: 'male', age: 71, daysSinceBirthday: 5, hba1c: { value: 8.2, unit: '%' } },
    {
      pump: pumpCard('trial-nafld-age-71', 8.2),
      trials: trials({ fires: false, changes: { 'age-35-70': 'not-met' } }),
    },
  ),
  nafld(
    'trial-nafld-detemir',
    'Basal insulin detemir (Levemir): the MDI key criterion fails and the detemir exclusion applies; the pump card still fires',
    { given: 'Fabrice', gender: 'male', age: 52, hba1c: { value: 8.8, unit: '%' }, basal: 'detemir' },
    {
      pump: pumpCard('trial-nafld-detemir', 8.8),
      trials: trials({ fires: false, changes: { 'mdi-glargine-degludec': 'not-met', detemir: 'met' } }),
    },
  ),
  nafld(
    'trial-nafld-glp1',
    'Also on a GLP-1 agonist (Victoza, product code): excluded as another antidiabetic',
    {
      given: 'Gilles',
      gender: 'male',
      age: 61,
      hba1c: { value: 7.6, unit: '%' },
      extra: (ctx) => [
        medicationRequest(ctx, 'liraglutide', {
          medication: { concept: TRIAL_CODES.victozaPen },
          authoredDaysAgo: 200,
          dosage: [dose.repeat(1, 1, 1, 'd', '1.2 mg subcutaneously once a day')],
        }),
      ],
    },
    { pump: null, trials: trials({ fires: false, changes: { 'other-antidiabetics': 'met' } }) },
  ),
  nafld(
    'trial-nafld-egfr-mdrd-29',
    'eGFR (MDRD) 29: severe renal insufficiency excludes',
    { given: 'Hervé', gender: 'male', age: 66, hba1c: { value: 8.1, unit: '%' }, egfr: { method: 'MDRD', value: 29 } },
    {
      pump: pumpCard('trial-nafld-egfr-mdrd-29', 8.1),
      trials: trials({ fires: false, changes: { 'egfr-under-30': 'met' } }),
    },
  ),
  nafld(
    'trial-nafld-egfr-ckd-epi-only',
    'Only a CKD-EPI eGFR (52) on file: used, and the card says it is approximate',
    {
      given: 'Isabelle',
      gender: 'female',
      age: 57,
      hba1c: { value: 7.0, unit: '%' },
      egfr: { method: 'CKD-EPI', value: 52 },
    },
    { pump: null, trials: trials({ fires: true }) },
  ),
  nafld(
    'trial-nafld-alcohol-man-25g',
    'Man drinking 2.5 drinks a day (25 g at 10 g per drink): over the 20 g limit',
    { given: 'Jacques', gender: 'male', age: 49, hba1c: { value: 7.5, unit: '%' }, drinksPerDay: 2.5 },
    { pump: null, trials: trials({ fires: false, changes: { 'alcohol-over-limit': 'met' } }) },
  ),
  nafld(
    'trial-nafld-alcohol-woman-15g',
    'Woman drinking 1.5 drinks a day (15 g at 10 g per drink): over the 10 g limit for women',
    { given: 'Karine', gender: 'female', age: 47, hba1c: { value: 8.6, unit: '%' }, drinksPerDay: 1.5 },
    {
      pump: pumpCard('trial-nafld-alcohol-woman-15g', 8.6),
      trials: trials({ fires: false, changes: { contraception: 'unknown', 'alcohol-over-limit': 'met' } }),
    },
  ),
  nafld(
    'trial-nafld-hepatitis-c',
    'Chronic hepatitis C on the problem list: an exclusion met and an inclusion not met',
    {
      given: 'Lucien',
      gender: 'male',
      age: 55,
      hba1c: { value: 7.9, unit: '%' },
      extra: (ctx) => [condition(ctx, 'hcv', { code: TRIAL_CODES.hepatitisC, onsetDaysAgo: 2200 })],
    },
    {
      pump: null,
      trials: trials({
        fires: false,
        changes: { 'no-chronic-liver-disease': 'not-met', 'chronic-viral-hepatitis': 'met' },
      }),
    },
  ),
  nafld(
    'trial-nafld-no-steatosis-data',
    'No steatosis condition and no liver imaging: the steatosis key criterion is unknown and blocks the card',
    {
      given: 'Marcel',
      gender: 'male',
      age: 63,
      hba1c: { value: 8.5, unit: '%' },
      steatosisCondition: false,
      steatosisImaging: false,
    },
    {
      pump: pumpCard('trial-nafld-no-steatosis-data', 8.5),
      trials: trials({ fires: false, changes: { steatosis: 'unknown' } }),
    },
  ),
  nafld(
    'trial-nafld-imaging-degludec',
    'Steatosis known only from the liver ultrasound report; basal degludec; HbA1c in IFCC units (58 mmol/mol, 7.5%)',
    {
      given: 'Nathalie',
      gender: 'female',
      age: 44,
      hba1c: { value: 58, unit: 'mmol/mol' },
      basal: 'degludec',
      steatosisCondition: false,
    },
    { pump: null, trials: trials({ fires: true, changes: { contraception: 'unknown' } }) },
  ),
  {
    id: 'trial-t1d-recent-22',
    title: 'Type 1 diabetes diagnosed 6 weeks ago, woman of 22: NCT05153070 fires (its completion date has passed)',
    resources: (today) =>
      t1dResources(fixtureContext('trial-t1d-recent-22', today), {
        given: 'Océane',
        gender: 'female',
        age: 22,
        onsetDaysAgo: 42,
      }),
    expected: {
      pump: null,
      trials: trials(
        { fires: false, changes: { ...NAFLD_FOR_T1D, contraception: 'unknown' } },
        {
          fires: true,
          criteria: {
            't1d-recent': 'met',
            'insulin-recent': 'met',
            'age-16-35': 'met',
            'male-or-female': 'met',
            'study-team-screening': 'unknown',
            'other-diabetes-type': 'not-met',
            pregnancy: 'not-met',
          },
        },
      ),
    },
  },
  {
    id: 'trial-t1d-two-years',
    title: 'Type 1 diabetes diagnosed 2 years ago, man of 24: too late for NCT05153070',
    resources: (today) =>
      t1dResources(fixtureContext('trial-t1d-two-years', today), {
        given: 'Pierre',
        gender: 'male',
        age: 24,
        onsetDaysAgo: 730,
      }),
    expected: {
      pump: null,
      trials: trials(
        { fires: false, changes: NAFLD_FOR_T1D },
        {
          fires: false,
          criteria: {
            't1d-recent': 'not-met',
            'insulin-recent': 'not-met',
            'age-16-35': 'met',
            'male-or-female': 'met',
            'study-team-screening': 'unknown',
            'other-diabetes-type': 'not-met',
            pregnancy: 'not-met',
          },
        },
      ),
    },
  },
];
