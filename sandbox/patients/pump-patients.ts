import type { FhirResource } from 'fhir/r4.js';
import {
  code,
  concept,
  condition,
  containedMedication,
  device,
  deviceUseStatement,
  diagnosticReport,
  dose,
  fixtureContext,
  hba1c,
  medication,
  medicationRequest,
  medicationStatement,
  observation,
  patient,
  quantity,
  type FixtureContext,
} from './builders.js';
import { DEVICE, DX, INGREDIENT, LAB, RX } from './clinical-codes.js';
import type { ExpectedPumpCard, FixturePatient } from './fixture.js';
import { trials } from './trial-expectations.js';

/*
 * Synthetic patients for the insulin-pump card (docs/clinical-rules.md, "Insulin pump evaluation card"). Every negative fails exactly
 * the one condition its id names and meets all the others, so each rule condition is tested alone.
 * Names are obviously fictitious.
 */

/** The pump card a positive fixture must produce: the HbA1c it quotes and the records it cites. */
function card(
  patientId: string,
  hba1cPercent: number,
  ids: { t2d: string; hba1c: string; basal: string; rapid: string },
  aboveTrialRange?: boolean,
): ExpectedPumpCard {
  const evidenceIds = [ids.t2d, ids.hba1c, ids.basal, ids.rapid].map((s) => `${patientId}-${s}`);
  return aboveTrialRange ? { hba1cPercent, evidenceIds, aboveTrialRange } : { hba1cPercent, evidenceIds };
}

const STANDARD_IDS = { t2d: 't2d', hba1c: 'hba1c', basal: 'basal', rapid: 'rapid' };

/** The usual MDI pair: Lantus SoloStar once a day, Humalog KwikPen three times a day (repeat frequency/period). */
function lantusHumalog(ctx: FixtureContext): FhirResource[] {
  return [
    medicationRequest(ctx, 'basal', {
      medication: { concept: RX.lantusSoloStar },
      authoredDaysAgo: 400,
      dosage: [dose.repeat(34, 1, 1, 'd', '34 units subcutaneously once a day at bedtime')],
    }),
    medicationRequest(ctx, 'rapid', {
      medication: { concept: RX.humalogKwikPen },
      authoredDaysAgo: 400,
      dosage: [dose.repeat(10, 3, 1, 'd', '10 units subcutaneously three times a day with meals')],
    }),
  ];
}

/** A T2D problem-list entry coded with SNOMED CT and ICD-10-CM. */
function t2d(ctx: FixtureContext, onsetDaysAgo = 3650): FhirResource {
  return condition(ctx, 't2d', { code: DX.t2dWithHyperglycemia, onsetDaysAgo, recordedDaysAgo: onsetDaysAgo });
}

/** The benchmark patient: about 40 resources of everyday EHR noise around a clear pump indication. */
const main: FixturePatient = {
  id: 'pump-positive-main',
  title: 'T2D on Lantus + Humalog TID (frequency/period), HbA1c 8.9%, with history, noise and erroneous records',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-main', today);
    return [
      patient(ctx, { given: ['Gérard'], family: 'Essai-Pompe', gender: 'male', age: 58, daysSinceBirthday: 97 }),
      condition(ctx, 't2d', { code: DX.t2dWithHyperglycemia, onsetDaysAgo: 4380, recordedDaysAgo: 4370 }),
      condition(ctx, 't2d-encounter', {
        code: DX.t2dIcd10Who,
        category: 'encounter-diagnosis',
        onsetDaysAgo: 4380,
        recordedDaysAgo: 21,
      }),
      condition(ctx, 'htn', { code: DX.hypertension, onsetDaysAgo: 2900 }),
      condition(ctx, 'hld', { code: DX.hyperlipidemia, onsetDaysAgo: 2600 }),
      condition(ctx, 'obesity', { code: DX.obesity, onsetDaysAgo: 5000 }),
      condition(ctx, 'steatosis', { code: DX.steatosis, onsetDaysAgo: 500 }),
      // Miscoded once as type 1, then marked entered-in-error (FHIR con-5: no clinicalStatus).
      condition(ctx, 't1d-error', {
        code: DX.t1d,
        clinicalStatus: null,
        verificationStatus: 'entered-in-error',
        recordedDaysAgo: 1200,
      }),
      condition(ctx, 'bronchitis', {
        code: DX.acuteBronchitis,
        clinicalStatus: 'resolved',
        onsetDaysAgo: 300,
        abatementDaysAgo: 285,
      }),
      hba1c(ctx, 'hba1c', { value: 8.9, unit: '%', daysAgo: 21 }),
      hba1c(ctx, 'hba1c-error', { value: 6.1, unit: '%', daysAgo: 9, status: 'entered-in-error' }),
      hba1c(ctx, 'hba1c-prev', { value: 9.4, unit: '%', daysAgo: 112 }),
      hba1c(ctx, 'hba1c-old', { value: 9.8, unit: '%', daysAgo: 205 }),
      hba1c(ctx, 'hba1c-older', { value: 86, unit: 'mmol/mol', daysAgo: 300 }),
      observation(ctx, 'egfr', {
        code: LAB.egfrMdrd,
        daysAgo: 21,
        valueQuantity: quantity(78, 'mL/min/1.73m2', 'mL/min/{1.73_m2}'),
      }),
      observation(ctx, 'egfr-ckd-epi', {
        code: LAB.egfrCkdEpi,
        daysAgo: 21,
        valueQuantity: quantity(81, 'mL/min/1.73m2', 'mL/min/{1.73_m2}'),
      }),
      observation(ctx, 'creatinine', { code: LAB.creatinine, daysAgo: 21, valueQuantity: quantity(0.98, 'mg/dL') }),
      observation(ctx, 'glucose', { code: LAB.glucose, daysAgo: 21, valueQuantity: quantity(186, 'mg/dL') }),
      observation(ctx, 'ldl', { code: LAB.ldl, daysAgo: 21, valueQuantity: quantity(96, 'mg/dL') }),
      observation(ctx, 'hdl', { code: LAB.hdl, daysAgo: 21, valueQuantity: quantity(38, 'mg/dL') }),
      observation(ctx, 'alt', { code: LAB.alt, daysAgo: 21, valueQuantity: quantity(52, 'U/L') }),
      observation(ctx, 'ast', { code: LAB.ast, daysAgo: 21, valueQuantity: quantity(38, 'U/L') }),
      observation(ctx, 'ggt', { code: LAB.ggt, daysAgo: 21, valueQuantity: quantity(61, 'U/L') }),
      observation(ctx, 'uacr', { code: LAB.uacr, daysAgo: 112, valueQuantity: quantity(45, 'mg/g') }),
      observation(ctx, 'bmi', {
        code: LAB.bmi,
        category: 'vital-signs',
        daysAgo: 21,
        valueQuantity: quantity(33.4, 'kg/m2', 'kg/m2'),
      }),
      observation(ctx, 'weight', {
        code: LAB.weight,
        category: 'vital-signs',
        daysAgo: 21,
        valueQuantity: quantity(101, 'kg'),
      }),
      observation(ctx, 'heart-rate', {
        code: LAB.heartRate,
        category: 'vital-signs',
        daysAgo: 21,
        valueQuantity: quantity(72, '/min'),
      }),
      observation(ctx, 'bp', {
        code: LAB.bloodPressure,
        category: 'vital-signs',
        daysAgo: 21,
        component: [
          { code: LAB.systolic, valueQuantity: quantity(142, 'mm[Hg]') },
          { code: LAB.diastolic, valueQuantity: quantity(86, 'mm[Hg]') },
        ],
      }),
      observation(ctx, 'audit-c', {
        code: LAB.auditC,
        category: 'survey',
        daysAgo: 112,
        valueQuantity: quantity(2, '{score}'),
      }),
      observation(ctx, 'drinks', {
        code: LAB.drinksPerDay,
        category: 'social-history',
        daysAgo: 112,
        valueQuantity: quantity(1, '{drinks}/d'),
      }),
      diagnosticReport(ctx, 'liver-us', {
        code: LAB.liverUltrasound,
        daysAgo: 480,
        conclusion: 'Hyperechoic liver consistent with diffuse steatosis. No focal lesion.',
        conclusionCode: [concept([code('snomed', '197321007', 'Steatosis of liver')])],
      }),
      ...lantusHumalog(ctx),
      // Replaced by Lantus: an NPH order that was completed, and a duplicate Humalog order cancelled.
      medicationRequest(ctx, 'nph-old', {
        medication: { concept: RX.humulinNPen },
        status: 'completed',
        authoredDaysAgo: 1500,
        dosage: [dose.when(20, ['MORN', 'HS'], '20 units morning and bedtime')],
      }),
      medicationRequest(ctx, 'rapid-duplicate', {
        medication: { concept: RX.humalogKwikPen },
        status: 'cancelled',
        authoredDaysAgo: 399,
        dosage: [dose.repeat(10, 3, 1, 'd', '10 units three times a day')],
      }),
      medicationRequest(ctx, 'metformin', {
        medication: { concept: RX.metformin850 },
        authoredDaysAgo: 3000,
        dosage: [dose.tablets(1, 2, '1 tablet twice a day with meals')],
      }),
      medicationRequest(ctx, 'sitagliptin', {
        medication: { concept: RX.sitagliptin100 },
        status: 'stopped',
        authoredDaysAgo: 2000,
        dosage: [dose.tablets(1, 1, '1 tablet once a day')],
      }),
      medicationRequest(ctx, 'atorvastatin', {
        medication: { concept: RX.atorvastatin80 },
        authoredDaysAgo: 2500,
        dosage: [dose.tablets(1, 1, '1 tablet at night')],
      }),
      medicationRequest(ctx, 'lisinopril', {
        medication: { concept: RX.lisinopril10 },
        authoredDaysAgo: 2800,
        dosage: [dose.tablets(1, 1, '1 tablet in the morning')],
      }),
      medicationStatement(ctx, 'aspirin', {
        medication: { concept: RX.aspirin81 },
        startDaysAgo: 2000,
        dosage: [dose.tablets(1, 1, '81 mg daily')],
      }),
    ];
  },
  // The benchmark patient also has fatty liver on file and fits NCT04270656 in full.
  expected: { pump: card('pump-positive-main', 8.9, STANDARD_IDS), trials: trials({ fires: true }) },
};

const tidCode: FixturePatient = {
  id: 'pump-positive-tid-code',
  title: 'NovoLog FlexPen with timing.code TID, degludec with timing.code QD',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-tid-code', today);
    return [
      patient(ctx, { given: ['Monique'], family: 'Fictif-Tid', gender: 'female', age: 63, daysSinceBirthday: 210 }),
      t2d(ctx),
      condition(ctx, 'htn', { code: DX.hypertension, onsetDaysAgo: 1800 }),
      hba1c(ctx, 'hba1c', { value: 8.4, unit: '%', daysAgo: 40 }),
      hba1c(ctx, 'hba1c-prev', { value: 8.8, unit: '%', daysAgo: 150 }),
      medicationRequest(ctx, 'basal', {
        medication: { concept: RX.degludecPen },
        authoredDaysAgo: 700,
        dosage: [dose.timingCode(40, 'QD', '40 units once daily')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { concept: RX.novologFlexPen },
        authoredDaysAgo: 700,
        dosage: [dose.timingCode(8, 'TID', '8 units three times a day before meals')],
      }),
    ];
  },
  expected: { pump: card('pump-positive-tid-code', 8.4, STANDARD_IDS) },
};

const mealEntries: FixturePatient = {
  id: 'pump-positive-meal-entries',
  title: 'Apidra as three dosageInstruction entries (ACM / ACD / ACV), Levemir twice a day',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-meal-entries', today);
    return [
      patient(ctx, { given: ['Yannick'], family: 'Repas-Exemple', gender: 'male', age: 49, daysSinceBirthday: 15 }),
      t2d(ctx, 2400),
      hba1c(ctx, 'hba1c', { value: 9.2, unit: '%', daysAgo: 60 }),
      medicationRequest(ctx, 'basal', {
        medication: { concept: RX.levemirPen },
        authoredDaysAgo: 500,
        dosage: [dose.repeat(22, 2, 1, 'd', '22 units twice a day')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { concept: RX.apidraSoloStar },
        authoredDaysAgo: 500,
        dosage: [
          dose.when(6, ['ACM'], '6 units before breakfast'),
          dose.when(10, ['ACD'], '10 units before lunch'),
          dose.when(8, ['ACV'], '8 units before dinner'),
        ],
      }),
    ];
  },
  expected: { pump: card('pump-positive-meal-entries', 9.2, STANDARD_IDS) },
};

const multiWhen: FixturePatient = {
  id: 'pump-positive-multi-when',
  title: 'Lispro with one entry of two when codes (ACM + ACV), NPH morning and bedtime, HbA1c exactly 8.0%',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-multi-when', today);
    return [
      patient(ctx, { given: ['Josiane'], family: 'Deux-Moments', gender: 'female', age: 71, daysSinceBirthday: 330 }),
      t2d(ctx, 6000),
      condition(ctx, 'hld', { code: DX.hyperlipidemia, onsetDaysAgo: 3000 }),
      hba1c(ctx, 'hba1c', { value: 8.0, unit: '%', daysAgo: 180 }),
      medicationRequest(ctx, 'basal', {
        medication: { concept: RX.humulinNPen },
        authoredDaysAgo: 900,
        dosage: [dose.when(18, ['MORN', 'HS'], '18 units morning and bedtime')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { concept: RX.lisproPen },
        authoredDaysAgo: 900,
        dosage: [dose.when(6, ['ACM', 'ACV'], '6 units before breakfast and dinner')],
      }),
    ];
  },
  expected: { pump: card('pump-positive-multi-when', 8.0, STANDARD_IDS) },
};

const containedMed: FixturePatient = {
  id: 'pump-positive-contained-med',
  title: 'Basal insulin ordered through a contained Medication (#lantus, Lantus vial SBD)',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-contained-med', today);
    return [
      patient(ctx, { given: ['Bernard'], family: 'Contenu-Test', gender: 'male', age: 55, daysSinceBirthday: 44 }),
      t2d(ctx),
      hba1c(ctx, 'hba1c', { value: 10.1, unit: '%', daysAgo: 30 }),
      medicationRequest(ctx, 'basal', {
        medication: {
          reference: '#lantus',
          contained: containedMedication('lantus', { code: RX.lantusVial }),
        },
        authoredDaysAgo: 800,
        dosage: [dose.repeat(50, 1, 1, 'd', '50 units once a day')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { concept: RX.humalogKwikPen },
        authoredDaysAgo: 800,
        dosage: [dose.repeat(14, 3, 1, 'd', '14 units three times a day')],
      }),
    ];
  },
  expected: { pump: card('pump-positive-contained-med', 10.1, STANDARD_IDS) },
};

const medicationReference: FixturePatient = {
  id: 'pump-positive-medication-ref',
  title: 'Rapid insulin through a stand-alone Medication/<id> with a local formulary code and an RxNorm ingredient',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-medication-ref', today);
    const novorapid = medication(ctx, 'med-novorapid', {
      code: concept(
        [
          {
            system: 'http://chu-exemple.fr/fhir/CodeSystem/livret',
            code: 'INS-NR-FP',
            display: 'NovoRapid FlexPen 100 U/ml',
          },
        ],
        'NovoRapid FlexPen 100 U/ml',
      ),
      ingredients: [INGREDIENT.aspart],
    });
    return [
      patient(ctx, { given: ['Annick'], family: 'Reference-Demo', gender: 'female', age: 60, daysSinceBirthday: 120 }),
      t2d(ctx, 2000),
      hba1c(ctx, 'hba1c', { value: 8.7, unit: '%', daysAgo: 14 }),
      novorapid,
      medicationRequest(ctx, 'basal', {
        medication: { concept: RX.toujeoMax },
        authoredDaysAgo: 365,
        dosage: [dose.repeat(60, 1, 1, 'd', '60 units once a day')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { reference: `Medication/${novorapid.id ?? ''}`, display: 'NovoRapid FlexPen' },
        authoredDaysAgo: 365,
        dosage: [dose.repeat(12, 3, 1, 'd', '12 units three times a day')],
      }),
    ];
  },
  expected: { pump: card('pump-positive-medication-ref', 8.7, STANDARD_IDS) },
};

const ifcc: FixturePatient = {
  id: 'pump-positive-ifcc',
  title: 'Latest HbA1c reported in IFCC units: 75 mmol/mol (9.0%)',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-ifcc', today);
    return [
      patient(ctx, { given: ['Lucien'], family: 'Unites-Fictives', gender: 'male', age: 67, daysSinceBirthday: 250 }),
      t2d(ctx, 5000),
      hba1c(ctx, 'hba1c', { value: 75, unit: 'mmol/mol', daysAgo: 35 }),
      hba1c(ctx, 'hba1c-prev', { value: 7.9, unit: '%', daysAgo: 160 }),
      medicationRequest(ctx, 'basal', {
        medication: { concept: RX.glarginePen },
        authoredDaysAgo: 600,
        dosage: [dose.repeat(30, 1, 1, 'd', '30 units once a day')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { concept: RX.lisproPen },
        authoredDaysAgo: 600,
        dosage: [dose.repeat(8, 3, 1, 'd', '8 units three times a day')],
      }),
    ];
  },
  expected: { pump: card('pump-positive-ifcc', 9.0, STANDARD_IDS) },
};

const icd10cm: FixturePatient = {
  id: 'pump-positive-icd10cm',
  title: 'T2D coded only with ICD-10-CM E11.9 (no SNOMED)',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-icd10cm', today);
    return [
      patient(ctx, { given: ['Rosalie'], family: 'Codage-Cim', gender: 'female', age: 52, daysSinceBirthday: 3 }),
      condition(ctx, 't2d', { code: DX.t2dIcd10cmOnly, onsetDaysAgo: 1500, category: 'encounter-diagnosis' }),
      hba1c(ctx, 'hba1c', { value: 8.6, unit: '%', daysAgo: 50 }),
      medicationRequest(ctx, 'basal', {
        medication: { concept: RX.glargineYfgnPen },
        authoredDaysAgo: 300,
        dosage: [dose.repeat(28, 1, 1, 'd', '28 units at bedtime')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { concept: RX.aspartPen },
        authoredDaysAgo: 300,
        dosage: [dose.timingCode(7, 'TID', '7 units three times a day')],
      }),
    ];
  },
  expected: { pump: card('pump-positive-icd10cm', 8.6, STANDARD_IDS) },
};

const aboveRange: FixturePatient = {
  id: 'pump-positive-above-range',
  title: 'HbA1c 12.6%, above the OpT2mise range (card says so)',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-above-range', today);
    return [
      patient(ctx, { given: ['Hervé'], family: 'Hors-Plage', gender: 'male', age: 46, daysSinceBirthday: 180 }),
      condition(ctx, 't2d', { code: DX.t2dInsulinTreated, onsetDaysAgo: 2200 }),
      hba1c(ctx, 'hba1c', { value: 12.6, unit: '%', daysAgo: 10 }),
      ...lantusHumalog(ctx),
    ];
  },
  expected: { pump: card('pump-positive-above-range', 12.6, STANDARD_IDS, true) },
};

const statement: FixturePatient = {
  id: 'pump-positive-statement',
  title: 'Basal insulin known only from an active MedicationStatement coded with ATC (A10AE06)',
  resources: (today) => {
    const ctx = fixtureContext('pump-positive-statement', today);
    return [
      patient(ctx, {
        given: ['Solange'],
        family: 'Declaration-Test',
        gender: 'female',
        age: 59,
        daysSinceBirthday: 77,
      }),
      condition(ctx, 't2d', { code: DX.t2dIcd10Who, onsetDaysAgo: 3300 }),
      hba1c(ctx, 'hba1c', { value: 8.3, unit: '%', daysAgo: 70 }),
      medicationStatement(ctx, 'basal', {
        medication: { concept: RX.tresibaAtcOnly },
        startDaysAgo: 900,
        dosage: [dose.repeat(36, 1, 1, 'd', '36 units once a day')],
      }),
      medicationRequest(ctx, 'rapid', {
        medication: { concept: RX.humalogKwikPen },
        authoredDaysAgo: 200,
        dosage: [dose.repeat(9, 3, 1, 'd', '9 units three times a day')],
      }),
    ];
  },
  expected: { pump: card('pump-positive-statement', 8.3, STANDARD_IDS) },
};

/** A negative's resources: the standard positive picture with one part replaced. */
function standardPatient(
  ctx: FixtureContext,
  person: Parameters<typeof patient>[1],
  parts: { t2d?: FhirResource[]; hba1c?: FhirResource[]; insulin?: FhirResource[]; extra?: FhirResource[] },
): FhirResource[] {
  return [
    patient(ctx, person),
    ...(parts.t2d ?? [t2d(ctx)]),
    ...(parts.hba1c ?? [hba1c(ctx, 'hba1c', { value: 8.9, unit: '%', daysAgo: 30 })]),
    ...(parts.insulin ?? lantusHumalog(ctx)),
    ...(parts.extra ?? []),
  ];
}

const t1d: FixturePatient = {
  id: 'pump-negative-t1d',
  title: 'Type 1 diabetes on file (beside an older T2D entry): no card',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-t1d', today);
    return standardPatient(
      ctx,
      { given: ['Cédric'], family: 'Type-Un', gender: 'male', age: 34, daysSinceBirthday: 60 },
      {
        extra: [condition(ctx, 't1d', { code: DX.t1d, onsetDaysAgo: 800, recordedDaysAgo: 700 })],
      },
    );
  },
  expected: { pump: null },
};

const onPump: FixturePatient = {
  id: 'pump-negative-on-pump',
  title: 'Already on a pump: active Device 69805005 and DeviceUseStatement (old MDI orders still active)',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-on-pump', today);
    return standardPatient(
      ctx,
      { given: ['Paulette'], family: 'Deja-Pompe', gender: 'female', age: 62, daysSinceBirthday: 140 },
      {
        extra: [
          device(ctx, 'pump', {
            type: DEVICE.insulinPump,
            status: 'active',
            name: 'Insulin pump (synthetic)',
            manufacturer: 'Exemple Medical',
          }),
          deviceUseStatement(ctx, 'pump-use', { deviceSuffix: 'pump', status: 'active', startDaysAgo: 90 }),
        ],
      },
    );
  },
  expected: { pump: null },
};

const pumpRate: FixturePatient = {
  id: 'pump-negative-pump-rate',
  title: 'Rapid insulin ordered as a basal rate in U/h plus meal boluses: a pump',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-pump-rate', today);
    return standardPatient(
      ctx,
      { given: ['Thierry'], family: 'Debit-Horaire', gender: 'male', age: 57, daysSinceBirthday: 200 },
      {
        insulin: [
          medicationRequest(ctx, 'basal', {
            medication: { concept: RX.lantusSoloStar },
            authoredDaysAgo: 700,
            dosage: [dose.repeat(20, 1, 1, 'd', '20 units at bedtime (backup)')],
          }),
          medicationRequest(ctx, 'rapid', {
            medication: { concept: RX.humalogKwikPen },
            authoredDaysAgo: 60,
            dosage: [
              dose.rate(1.1, 'Basal rate 1.1 units/hour via pump'),
              dose.when(6, ['ACM', 'ACD', 'ACV'], 'Bolus 6 units with meals'),
            ],
          }),
        ],
      },
    );
  },
  expected: { pump: null },
};

const pumpCondition: FixturePatient = {
  id: 'pump-negative-z9641',
  title: 'ICD-10-CM Z96.41 (insulin pump in place) on the problem list',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-z9641', today);
    return standardPatient(
      ctx,
      { given: ['Gisèle'], family: 'Code-Pompe', gender: 'female', age: 66, daysSinceBirthday: 20 },
      {
        extra: [condition(ctx, 'pump-status', { code: DX.insulinPumpInPlace, onsetDaysAgo: 120 })],
      },
    );
  },
  expected: { pump: null },
};

const hba1cLow: FixturePatient = {
  id: 'pump-negative-hba1c-7-4',
  title: 'Latest HbA1c 7.4% (an older one was 8.8%)',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-hba1c-7-4', today);
    return standardPatient(
      ctx,
      { given: ['Fernand'], family: 'Equilibre-Test', gender: 'male', age: 61, daysSinceBirthday: 300 },
      {
        hba1c: [
          hba1c(ctx, 'hba1c', { value: 7.4, unit: '%', daysAgo: 30 }),
          hba1c(ctx, 'hba1c-prev', { value: 8.8, unit: '%', daysAgo: 150 }),
        ],
      },
    );
  },
  expected: { pump: null },
};

const hba1cStale: FixturePatient = {
  id: 'pump-negative-hba1c-stale',
  title: 'HbA1c 9.1% taken 9 months ago, nothing newer',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-hba1c-stale', today);
    return standardPatient(
      ctx,
      { given: ['Lucienne'], family: 'Ancien-Bilan', gender: 'female', age: 68, daysSinceBirthday: 45 },
      {
        hba1c: [hba1c(ctx, 'hba1c', { value: 9.1, unit: '%', daysAgo: 274 })],
      },
    );
  },
  expected: { pump: null },
};

const basalOnly: FixturePatient = {
  id: 'pump-negative-basal-only',
  title: 'Basal insulin only (a former Humalog order is completed)',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-basal-only', today);
    return standardPatient(
      ctx,
      { given: ['Raymond'], family: 'Basal-Seul', gender: 'male', age: 64, daysSinceBirthday: 5 },
      {
        insulin: [
          medicationRequest(ctx, 'basal', {
            medication: { concept: RX.lantusSoloStar },
            authoredDaysAgo: 400,
            dosage: [dose.repeat(40, 1, 1, 'd', '40 units once a day')],
          }),
          medicationRequest(ctx, 'rapid-old', {
            medication: { concept: RX.humalogKwikPen },
            status: 'completed',
            authoredDaysAgo: 900,
            dosage: [dose.repeat(8, 3, 1, 'd', '8 units three times a day')],
          }),
        ],
      },
    );
  },
  expected: { pump: null },
};

const slidingScale: FixturePatient = {
  id: 'pump-negative-sliding-scale',
  title: 'Basal insulin plus rapid insulin only as needed (sliding scale)',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-sliding-scale', today);
    return standardPatient(
      ctx,
      { given: ['Odette'], family: 'Echelle-Mobile', gender: 'female', age: 73, daysSinceBirthday: 111 },
      {
        insulin: [
          medicationRequest(ctx, 'basal', {
            medication: { concept: RX.lantusSoloStar },
            authoredDaysAgo: 400,
            dosage: [dose.repeat(24, 1, 1, 'd', '24 units once a day')],
          }),
          medicationRequest(ctx, 'rapid', {
            medication: { concept: RX.humalogKwikPen },
            authoredDaysAgo: 400,
            dosage: [dose.asNeeded('Sliding scale before meals: 2 units per 50 mg/dL above 150 mg/dL')],
          }),
        ],
      },
    );
  },
  expected: { pump: null },
};

const t2dError: FixturePatient = {
  id: 'pump-negative-t2d-entered-in-error',
  title: 'The only T2D entry is entered-in-error (the diabetes is coded as unspecified)',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-t2d-entered-in-error', today);
    return standardPatient(
      ctx,
      { given: ['Armand'], family: 'Erreur-Saisie', gender: 'male', age: 50, daysSinceBirthday: 222 },
      {
        t2d: [
          condition(ctx, 't2d', {
            code: DX.t2dSnomed,
            clinicalStatus: null,
            verificationStatus: 'entered-in-error',
            recordedDaysAgo: 900,
          }),
          condition(ctx, 'diabetes', { code: DX.diabetesUnspecified, onsetDaysAgo: 2000 }),
        ],
      },
    );
  },
  expected: { pump: null },
};

const t2dResolved: FixturePatient = {
  id: 'pump-negative-t2d-resolved',
  title: 'T2D marked resolved',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-t2d-resolved', today);
    return standardPatient(
      ctx,
      { given: ['Huguette'], family: 'Resolue-Test', gender: 'female', age: 57, daysSinceBirthday: 260 },
      {
        t2d: [
          condition(ctx, 't2d', {
            code: DX.t2dWithHyperglycemia,
            clinicalStatus: 'resolved',
            onsetDaysAgo: 3000,
            abatementDaysAgo: 100,
          }),
        ],
      },
    );
  },
  expected: { pump: null },
};

const age16: FixturePatient = {
  id: 'pump-negative-age-16',
  title: 'Adolescent with T2D on MDI, age 16',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-age-16', today);
    return standardPatient(
      ctx,
      { given: ['Kévin'], family: 'Mineur-Test', gender: 'male', age: 16, daysSinceBirthday: 100 },
      {
        t2d: [t2d(ctx, 700)],
      },
    );
  },
  expected: { pump: null },
};

const unconvertible: FixturePatient = {
  id: 'pump-negative-unconvertible-unit',
  title: 'Latest HbA1c in mg/dL (cannot be converted); an older one is 9.0%: HbA1c unknown',
  resources: (today) => {
    const ctx = fixtureContext('pump-negative-unconvertible-unit', today);
    return standardPatient(
      ctx,
      { given: ['Nadine'], family: 'Unite-Inconnue', gender: 'female', age: 54, daysSinceBirthday: 310 },
      {
        hba1c: [
          observation(ctx, 'hba1c-mgdl', {
            code: LAB.hba1cNgsp,
            daysAgo: 15,
            valueQuantity: quantity(212, 'mg/dL'),
          }),
          hba1c(ctx, 'hba1c', { value: 9.0, unit: '%', daysAgo: 60 }),
        ],
      },
    );
  },
  expected: { pump: null },
};

/** Pump-card fixtures: positives first, then one negative per rule condition (and pump variants). */
export const PUMP_FIXTURES: readonly FixturePatient[] = [
  main,
  tidCode,
  mealEntries,
  multiWhen,
  containedMed,
  medicationReference,
  ifcc,
  icd10cm,
  aboveRange,
  statement,
  t1d,
  onPump,
  pumpRate,
  pumpCondition,
  hba1cLow,
  hba1cStale,
  basalOnly,
  slidingScale,
  t2dError,
  t2dResolved,
  age16,
  unconvertible,
];
