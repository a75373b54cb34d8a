import type { Dosage, FhirResource, Medication, MedicationRequest, ServiceRequest } from 'fhir/r4.js';
import { fixtureContext, type FixtureContext } from './builders.js';
import type { FixturePatient } from './fixture.js';
import { codeable, coding } from './real-world/coding-styles.js';
import {
  drug,
  frDose,
  FR_RX,
  frRecord,
  hba1cResult,
  order,
  usDose,
  usRecord,
  type Style,
} from './real-world/pump-builders.js';
import { RX } from './clinical-codes.js';

/** A card an order scenario must produce. */
export interface ExpectedOrderCard {
  /** `escalation`: the card before adding injections; `pump`: the patient-view pump card; `trial`: a trial candidacy at risk. */
  readonly kind: 'escalation' | 'pump' | 'trial';
  readonly indicator: 'info' | 'warning';
  /** Text the summary must contain. */
  readonly summaryIncludes: readonly string[];
  /** Text the detail must contain (markdown escapes removed). */
  readonly detailIncludes?: readonly string[];
  /** The trial card's trial. */
  readonly trialId?: string;
  /** Draft orders the card offers to delete (`MedicationRequest/<id>`), on trial cards. */
  readonly removes?: readonly string[];
}

/** Draft orders for a fixture patient, as an EHR sends them on an order hook, with the cards they must bring. */
export interface OrderScenario {
  readonly id: string;
  readonly title: string;
  readonly style: Style;
  /** The fixture patient (sandbox/patients) the orders are written for. */
  readonly patientId: string;
  readonly hook: 'order-select' | 'order-sign';
  /** The draftOrders entries, dated from `today`. */
  readonly drafts: (today: Date) => FhirResource[];
  /** order-select's selections (`MedicationRequest/<id>`): by default every draft. */
  readonly selections?: readonly string[];
  /** Every card, in any order; empty: `{"cards": []}`. */
  readonly expected: readonly ExpectedOrderCard[];
}

/** A French patient on basal insulin alone, HbA1c 8.9 %: adding a prandial insulin at each meal would make MDI. */
export const FR_BASAL_ONLY: FixturePatient = {
  id: 'order-fr-basale-seule',
  title:
    'T2D for 9 years on LANTUS at bedtime alone, HbA1c 8.9 % (French record): no card until meal insulin is ordered',
  style: 'fr',
  resources: (today) => {
    const ctx = fixtureContext('order-fr-basale-seule', today);
    return frRecord(
      ctx,
      { given: ['Josiane'], family: 'Basale-Exemple', gender: 'female', age: 61, daysSinceBirthday: 40 },
      { rapid: [], hba1c: [hba1cResult(ctx, 'fr', 'hba1c', { value: 8.9, daysAgo: 18 })] },
    );
  },
  expected: { pump: null },
};

/** A US patient on no insulin yet, HbA1c 9.1 %: starting basal-bolus at once is not the pump question. */
export const US_NO_INSULIN: FixturePatient = {
  id: 'order-us-no-insulin',
  title: 'T2D on oral drugs only, HbA1c 9.1 % (US record): no insulin before the order',
  style: 'us',
  resources: (today) =>
    usRecord(
      fixtureContext('order-us-no-insulin', today),
      { given: ['Dana'], family: 'Oral-Example', gender: 'female', age: 57, daysSinceBirthday: 120 },
      { basal: [], rapid: [] },
    ),
  expected: { pump: null },
};

/** Every patient these scenarios add to the fixtures. */
export const ORDER_FIXTURES: readonly FixturePatient[] = [FR_BASAL_ONLY, US_NO_INSULIN];

const TRIAL = 'NCT04270656';

/** A draft order as the sandbox's order entry writes it (status draft). */
function draft(
  ctx: FixtureContext,
  style: Style,
  suffix: string,
  o: Omit<Parameters<typeof order>[3], 'authoredDaysAgo'>,
) {
  return order(ctx, style, suffix, { ...o, status: 'draft', authoredDaysAgo: 0 });
}

/** A referral drafted in the order set, named in words as order entry writes it. */
function draftReferral(patientId: string, suffix: string, text: string): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: `${patientId}-${suffix}`,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    code: { text },
  };
}

/** pump-positive-main's Humalog raised to 14 units TID, beside a pump referral of the given status in the same set. */
function raiseBesideReferral(today: Date, status: ServiceRequest['status']): FhirResource[] {
  const ctx = ctxOf('pump-positive-main', today);
  return [
    draft(ctx, 'us', 'draft-humalog-14', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.daily(14, 3, '14 units subcutaneously three times a day with meals')],
    }),
    { ...draftReferral('pump-positive-main', 'draft-pump-referral', 'Referral for insulin pump evaluation'), status },
  ];
}

/** A draft as the community CDS Hooks Sandbox sends it: no intent, no dates, a code and a dose. */
function bareDraft(patientId: string, id: string, code: string, display: string, text: string): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: codeable([coding('rxnorm', code, display)], display),
    dosageInstruction: [{ text, timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
  } as MedicationRequest;
}

const ctxOf = (patientId: string, today: Date) => fixtureContext(patientId, today);

/** One draft order for a patient, dated from the day the scenario runs. */
function oneDraft(
  patientId: string,
  style: Style,
  suffix: string,
  o: Omit<Parameters<typeof order>[3], 'authoredDaysAgo'>,
): OrderScenario['drafts'] {
  return (today) => [draft(ctxOf(patientId, today), style, suffix, o)];
}

const US_GLIMEPIRIDE = codeable(
  [coding('rxnorm', '199246', 'glimepiride 2 MG Oral Tablet')],
  'glimepiride 2 mg tablet',
);
const US_METFORMIN = codeable(
  [coding('rxnorm', '861007', 'metformin hydrochloride 500 MG Oral Tablet')],
  'metformin 500 mg tablet',
);
const US_AMLODIPINE = codeable([coding('rxnorm', '308135', 'amlodipine 10 MG Oral Tablet')], 'amlodipine 10 mg tablet');
const US_VICTOZA = codeable(
  [coding('rxnorm', '897122', '3 ML liraglutide 6 MG/ML Pen Injector')],
  'Victoza 18 mg/3 mL pen',
);

// As rw-us-amiodarone-2y's order on file writes it (sandbox/patients/real-world/trial-medication-records.ts).
const US_AMIODARONE = codeable(
  [coding('rxnorm', '833528', 'amiodarone hydrochloride 200 MG Oral Tablet')],
  'amiodarone 200 mg tablet',
);
function amiodaroneTablets(count: number, text: string) {
  return {
    text,
    timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' as const } },
    route: codeable([coding('snomed', '26643006', 'Oral route')], 'Oral'),
    doseAndRate: [
      { doseQuantity: { value: count, unit: 'tablet(s)', system: 'http://unitsofmeasure.org', code: '{tbl}' } },
    ],
  };
}

// The same drug as a renewal may name it: the ingredient's RxNorm code, a brand's name, the ATC code.
const US_AMIODARONE_INGREDIENT = codeable([coding('rxnorm', '703', 'amiodarone')], 'amiodarone');
const US_PACERONE = codeable([], 'Pacerone 200 MG Oral Tablet');
const AMIODARONE_ATC_ONLY = codeable([coding('atc', 'C01BD01', 'amiodarone')], 'Amiodarone');
function amiodaroneMilligrams(mg: number, text: string) {
  return {
    ...amiodaroneTablets(1, text),
    doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
  };
}

const PAXLOVID_PACK = codeable(
  [],
  '{10 (nirmatrelvir 150 MG Oral Tablet) / 10 (ritonavir 100 MG Oral Tablet) } Pack [Paxlovid 150 MG /100 MG Dose Pack]',
);
const PAXLOVID_ATC = codeable([coding('atc', 'J05AE30', 'nirmatrelvir and ritonavir')], 'PAXLOVID 150 mg + 100 mg');
const DARUNAVIR_ATC = codeable([coding('atc', 'J05AE10', 'darunavir')], 'Darunavir 800 mg tablet');

const DEXAMETHASONE_1MG = codeable([coding('atc', 'H02AB02', 'dexamethasone')], 'dexamethasone 1 mg tablet');

/** One draft for the NCT04270656 candidate trial-nafld-full-match, at order-sign. */
function candidateDraft(o: {
  readonly id: string;
  readonly title: string;
  readonly draft: string;
  readonly med: ReturnType<typeof codeable>;
  readonly dosage: Dosage;
  readonly expected: readonly ExpectedOrderCard[];
}): OrderScenario {
  const patientId = 'trial-nafld-full-match';
  return {
    id: o.id,
    title: o.title,
    style: 'us',
    patientId,
    hook: 'order-sign',
    drafts: oneDraft(patientId, 'us', o.draft, { med: drug(o.med), dosage: [o.dosage] }),
    expected: o.expected,
  };
}

/**
 * rw-us-amiodarone-2y's amiodarone, taken 200 mg daily for 2 years, renewed by a draft: a change
 * of dose brings the trial card offering to remove the draft, the same dose none.
 */
function amiodaroneRenewal(o: {
  readonly id: string;
  readonly title: string;
  readonly draft: string;
  readonly med: ReturnType<typeof codeable>;
  readonly dosage: Dosage;
  readonly changesDose: boolean;
}): OrderScenario {
  const patientId = 'rw-us-amiodarone-2y';
  return {
    id: o.id,
    title: o.title,
    style: 'us',
    patientId,
    hook: 'order-sign',
    drafts: oneDraft(patientId, 'us', o.draft, { med: drug(o.med), dosage: [o.dosage] }),
    expected: o.changesDose
      ? [
          {
            kind: 'trial',
            trialId: TRIAL,
            indicator: 'info',
            summaryIncludes: [TRIAL, 'amiodarone'],
            detailIncludes: ['whose dose changed in the last 3 months'],
            removes: [`MedicationRequest/${patientId}-${o.draft}`],
          },
        ]
      : [],
  };
}

/** Every order scenario, each with its expected cards. */
export const ORDER_SCENARIOS: readonly OrderScenario[] = [
  // --- The pump question at the order -------------------------------------------------------
  {
    id: 'us-add-humalog-tid-to-basal',
    title:
      'Basal only, HbA1c 8.9 %: Humalog KwikPen (RxNorm SBD) 8 units TID drafted: the card before adding injections',
    style: 'us',
    patientId: 'pump-negative-basal-only',
    hook: 'order-sign',
    drafts: oneDraft('pump-negative-basal-only', 'us', 'draft-humalog', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.code(8, 'TID', 'Inject 8 units under the skin three times a day before meals')],
    }),
    expected: [
      {
        kind: 'escalation',
        indicator: 'info',
        summaryIncludes: ['Consider an insulin-pump evaluation before adding injections'],
        detailIncludes: ['would start multiple daily injections', 'Humalog KwikPen'],
      },
    ],
  },
  {
    id: 'us-add-humalog-tid-to-basal-select',
    title: 'The same Humalog order, picked (order-select): the same card',
    style: 'us',
    patientId: 'pump-negative-basal-only',
    hook: 'order-select',
    drafts: oneDraft('pump-negative-basal-only', 'us', 'draft-humalog', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.code(8, 'TID', 'Inject 8 units under the skin three times a day before meals')],
    }),
    expected: [
      {
        kind: 'escalation',
        indicator: 'info',
        summaryIncludes: ['before adding injections'],
      },
    ],
  },
  {
    id: 'us-start-basal-bolus-insulin-naive',
    title:
      'No insulin yet, HbA1c 9.1 %: Lantus daily and Humalog TID drafted together: no card (not on insulin before)',
    style: 'us',
    patientId: US_NO_INSULIN.id,
    hook: 'order-sign',
    drafts: (today) => {
      const ctx = ctxOf(US_NO_INSULIN.id, today);
      return [
        draft(ctx, 'us', 'draft-lantus', {
          med: drug(RX.lantusSoloStar),
          dosage: [usDose.code(10, 'QD', 'Inject 10 units under the skin once a day at bedtime')],
        }),
        draft(ctx, 'us', 'draft-humalog', {
          med: drug(RX.humalogKwikPen),
          dosage: [usDose.code(4, 'TID', 'Inject 4 units under the skin three times a day before meals')],
        }),
      ];
    },
    expected: [],
  },
  {
    id: 'us-add-one-prandial-dose',
    title: 'Basal only: Humalog 6 units at dinner only (basal-plus, one prandial injection): not MDI, no card',
    style: 'us',
    patientId: 'pump-negative-basal-only',
    hook: 'order-sign',
    drafts: oneDraft('pump-negative-basal-only', 'us', 'draft-humalog-dinner', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.code(6, 'QD', 'Inject 6 units under the skin once a day before dinner')],
    }),
    expected: [],
  },
  {
    id: 'us-mdi-raise-humalog',
    title: 'On MDI with the pump card due: Humalog raised from 10 to 14 units TID: the pump card, as on patient-view',
    style: 'us',
    patientId: 'pump-positive-main',
    hook: 'order-sign',
    drafts: oneDraft('pump-positive-main', 'us', 'draft-humalog-14', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.daily(14, 3, '14 units subcutaneously three times a day with meals')],
    }),
    expected: [
      {
        kind: 'pump',
        indicator: 'info',
        summaryIncludes: ['Consider insulin pump evaluation', '8.9'],
      },
    ],
  },
  {
    id: 'us-mdi-raise-humalog-beside-cancelled-duplicate',
    title:
      'On MDI with the pump card due and a cancelled duplicate Humalog order on file: Humalog raised from 10 to 12 units TID: the pump card (the cancelled order is no dose)',
    style: 'us',
    patientId: 'pump-positive-main',
    hook: 'order-sign',
    drafts: oneDraft('pump-positive-main', 'us', 'draft-humalog-12', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.daily(12, 3, '12 units subcutaneously three times a day with meals')],
    }),
    expected: [
      {
        kind: 'pump',
        indicator: 'info',
        summaryIncludes: ['Consider insulin pump evaluation', '8.9'],
      },
    ],
  },
  // A referral drafted in the same order set is under way once signed: the card suggesting it
  // is held back, as for one on file (a review of order hooks, 2026-12-07).
  {
    id: 'us-add-humalog-tid-with-pump-referral',
    title:
      'Basal only, HbA1c 8.9 %: Humalog TID drafted beside a referral "Endocrinology - insulin pump (CSII) evaluation": the evaluation is being ordered, no card',
    style: 'us',
    patientId: 'pump-negative-basal-only',
    hook: 'order-sign',
    drafts: (today) => {
      const ctx = ctxOf('pump-negative-basal-only', today);
      return [
        draft(ctx, 'us', 'draft-humalog', {
          med: drug(RX.humalogKwikPen),
          dosage: [usDose.code(8, 'TID', 'Inject 8 units under the skin three times a day before meals')],
        }),
        draftReferral(
          'pump-negative-basal-only',
          'draft-pump-referral',
          'Endocrinology - insulin pump (CSII) evaluation',
        ),
      ];
    },
    expected: [],
  },
  {
    id: 'us-mdi-raise-humalog-with-pump-referral',
    title:
      'On MDI with the pump card due: Humalog raised to 14 units TID beside a drafted referral for insulin pump evaluation: no card',
    style: 'us',
    patientId: 'pump-positive-main',
    hook: 'order-sign',
    drafts: (today) => raiseBesideReferral(today, 'draft'),
    expected: [],
  },
  {
    id: 'us-mdi-raise-humalog-with-cancelled-pump-referral',
    title:
      'On MDI with the pump card due: Humalog raised to 14 units TID beside a pump referral the clinician cancelled in the order set: the pump card',
    style: 'us',
    patientId: 'pump-positive-main',
    hook: 'order-sign',
    drafts: (today) => raiseBesideReferral(today, 'revoked'),
    expected: [
      {
        kind: 'pump',
        indicator: 'info',
        summaryIncludes: ['Consider insulin pump evaluation', '8.9'],
      },
    ],
  },
  {
    id: 'us-stop-basal-and-add-humalog-tid',
    title:
      'Basal only: the order set stops the Lantus order (priorPrescription) and adds Humalog TID: no basal insulin after signing, not MDI, no card',
    style: 'us',
    patientId: 'pump-negative-basal-only',
    hook: 'order-sign',
    drafts: (today) => {
      const ctx = ctxOf('pump-negative-basal-only', today);
      const stop = draft(ctx, 'us', 'draft-stop-lantus', {
        med: drug(RX.lantusSoloStar),
        dosage: [usDose.code(20, 'QD', 'Discontinue')],
      });
      return [
        {
          ...stop,
          status: 'stopped',
          priorPrescription: { reference: 'MedicationRequest/pump-negative-basal-only-basal' },
        },
        draft(ctx, 'us', 'draft-humalog-tid', {
          med: drug(RX.humalogKwikPen),
          dosage: [usDose.daily(10, 3, '10 units subcutaneously three times a day with meals')],
        }),
      ];
    },
    expected: [],
  },
  {
    id: 'us-mdi-renew-same-dose',
    title: 'On MDI: Humalog renewed at the same 10 units TID: nothing changes, no card',
    style: 'us',
    patientId: 'pump-positive-main',
    hook: 'order-sign',
    drafts: oneDraft('pump-positive-main', 'us', 'draft-humalog-renewal', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.daily(10, 3, '10 units subcutaneously three times a day with meals')],
    }),
    expected: [],
  },
  {
    id: 'us-mdi-lower-dose',
    title: 'On MDI: Humalog lowered to 6 units TID: no card',
    style: 'us',
    patientId: 'pump-positive-main',
    hook: 'order-sign',
    drafts: oneDraft('pump-positive-main', 'us', 'draft-humalog-6', {
      med: drug(RX.humalogKwikPen),
      dosage: [usDose.daily(6, 3, '6 units subcutaneously three times a day with meals')],
    }),
    expected: [],
  },
  // --- A trial candidacy at the order -----------------------------------------------------
  {
    id: 'us-trial-glimepiride',
    title:
      'NCT04270656 candidate: glimepiride 2 mg (RxNorm SCD) drafted: a sulfonylurea excludes, refer first or remove',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-sign',
    drafts: oneDraft('trial-nafld-full-match', 'us', 'draft-glimepiride', {
      med: drug(US_GLIMEPIRIDE),
      dosage: [usDose.tablets('Take 1 tablet by mouth once daily with breakfast', 1)],
    }),
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: ['glimepiride', TRIAL],
        detailIncludes: ['glimepiride'],
        removes: ['MedicationRequest/trial-nafld-full-match-draft-glimepiride'],
      },
    ],
  },
  {
    id: 'us-trial-pioglitazone-medication-reference',
    title:
      'NCT04270656 candidate: pioglitazone by medicationReference to a Medication in the draft bundle: a glitazone excludes',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-sign',
    drafts: (today) => {
      const ctx = ctxOf('trial-nafld-full-match', today);
      const medication: Medication = {
        resourceType: 'Medication',
        id: 'trial-nafld-full-match-pioglitazone',
        code: codeable([coding('rxnorm', '312440', 'pioglitazone 30 MG Oral Tablet')], 'Actos 30 mg'),
      };
      return [
        medication,
        draft(ctx, 'us', 'draft-pioglitazone', {
          med: { reference: 'Medication/trial-nafld-full-match-pioglitazone' },
          dosage: [usDose.tablets('Take 1 tablet by mouth daily', 1)],
        }),
      ];
    },
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: [TRIAL],
        removes: ['MedicationRequest/trial-nafld-full-match-draft-pioglitazone'],
      },
    ],
  },
  {
    id: 'us-trial-victoza-pen',
    title: 'NCT04270656 candidate: Victoza pen (RxNorm, liraglutide) on order-select: a GLP-1 agonist excludes',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-select',
    drafts: oneDraft('trial-nafld-full-match', 'us', 'draft-victoza', {
      med: drug(US_VICTOZA),
      dosage: [usDose.sig('Inject 0.6 mg under the skin once daily for 1 week, then 1.2 mg daily')],
    }),
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: [TRIAL],
        removes: ['MedicationRequest/trial-nafld-full-match-draft-victoza'],
      },
    ],
  },
  {
    id: 'us-trial-metformin-new',
    title: 'NCT04270656 candidate: a new metformin order only restarts a stable-dose clock: no card',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-sign',
    drafts: oneDraft('trial-nafld-full-match', 'us', 'draft-metformin', {
      med: drug(US_METFORMIN),
      dosage: [usDose.tablets('Take 1 tablet by mouth twice daily with meals', 2)],
    }),
    expected: [],
  },
  {
    id: 'us-trial-amlodipine',
    title: 'NCT04270656 candidate: amlodipine changes nothing the rules read: no card',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-sign',
    drafts: oneDraft('trial-nafld-full-match', 'us', 'draft-amlodipine', {
      med: drug(US_AMLODIPINE),
      dosage: [usDose.tablets('Take 1 tablet by mouth daily', 1)],
    }),
    expected: [],
  },
  {
    id: 'us-select-speaks-of-selection-only',
    title:
      'order-select with glimepiride already drafted and amlodipine picked: the cards speak of the pick alone, none',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-select',
    drafts: (today) => {
      const ctx = ctxOf('trial-nafld-full-match', today);
      return [
        draft(ctx, 'us', 'draft-glimepiride', { med: drug(US_GLIMEPIRIDE), dosage: [usDose.tablets('daily', 1)] }),
        draft(ctx, 'us', 'draft-amlodipine', { med: drug(US_AMLODIPINE), dosage: [usDose.tablets('daily', 1)] }),
      ];
    },
    selections: ['MedicationRequest/trial-nafld-full-match-draft-amlodipine'],
    expected: [],
  },
  {
    id: 'us-sandbox-shape-repaglinide',
    title: 'A draft shaped as the community Sandbox sends it (no intent, no date): repaglinide, a glinide, excludes',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-select',
    drafts: () => [
      bareDraft(
        'trial-nafld-full-match',
        'request-repaglinide',
        '200258',
        'repaglinide 2 MG Oral Tablet',
        '2 mg daily',
      ),
    ],
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: [TRIAL],
        removes: ['MedicationRequest/request-repaglinide'],
      },
    ],
  },
  // A renewal keeps the drug's history (a review of order hooks, 2026-12-07, found these called
  // "started less than 3 months ago" and the trial card shown).
  amiodaroneRenewal({
    id: 'us-renew-amiodarone-same-dose',
    title:
      'NCT04270656 candidate on amiodarone 200 mg daily for 2 years: the same order renewed at the same dose is no new start, no card',
    draft: 'draft-amiodarone-renewal',
    med: US_AMIODARONE,
    dosage: amiodaroneTablets(1, 'Take 1 tablet by mouth daily'),
    changesDose: false,
  }),
  amiodaroneRenewal({
    id: 'us-renew-amiodarone-double-dose',
    title:
      'NCT04270656 candidate on amiodarone 200 mg daily for 2 years: renewed at 2 tablets daily, a dose change the trial excludes',
    draft: 'draft-amiodarone-400',
    med: US_AMIODARONE,
    dosage: amiodaroneTablets(2, 'Take 2 tablets by mouth daily'),
    changesDose: true,
  }),
  // A renewal under another code or unit is the same dose when its mass a day is the same, and
  // a dose that cannot be converted is no change shown (a review of order hooks, 2026-12-07,
  // found these read as dose changes and the trial card shown).
  amiodaroneRenewal({
    id: 'us-renew-amiodarone-ingredient-code-200mg',
    title:
      'NCT04270656 candidate on amiodarone 200 mg tablets daily for 2 years: renewed under the ingredient code as "200 mg daily", the same dose, no card',
    draft: 'draft-amiodarone-200mg',
    med: US_AMIODARONE_INGREDIENT,
    dosage: amiodaroneMilligrams(200, 'Take 200 mg by mouth daily'),
    changesDose: false,
  }),
  amiodaroneRenewal({
    id: 'us-renew-amiodarone-brand-name-tablet',
    title:
      'NCT04270656 candidate on amiodarone 200 mg tablets daily for 2 years: renewed as "Pacerone 200 MG Oral Tablet", 1 tablet daily, the same dose, no card',
    draft: 'draft-pacerone',
    med: US_PACERONE,
    dosage: amiodaroneTablets(1, 'Take 1 tablet by mouth daily'),
    changesDose: false,
  }),
  amiodaroneRenewal({
    id: 'us-renew-amiodarone-atc-code-no-strength',
    title:
      'NCT04270656 candidate on amiodarone 200 mg tablets daily for 2 years: renewed by ATC code with no strength, 1 tablet daily: no dose change shown, no card',
    draft: 'draft-amiodarone-atc',
    med: AMIODARONE_ATC_ONLY,
    dosage: amiodaroneTablets(1, 'Take 1 tablet by mouth daily'),
    changesDose: false,
  }),
  amiodaroneRenewal({
    id: 'us-renew-amiodarone-ingredient-code-400mg',
    title:
      'NCT04270656 candidate on amiodarone 200 mg tablets daily for 2 years: renewed under the ingredient code at 400 mg daily, a dose change the trial excludes',
    draft: 'draft-amiodarone-400mg',
    med: US_AMIODARONE_INGREDIENT,
    dosage: amiodaroneMilligrams(400, 'Take 400 mg by mouth daily'),
    changesDose: true,
  }),
  {
    id: 'us-trial-pen-needles-for-ozempic',
    title:
      'NCT04270656 candidate: "BD pen needles 32G 4 mm (for Ozempic pen)" drafted: a supply named after a GLP-1 is no GLP-1, no card',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-sign',
    drafts: oneDraft('trial-nafld-full-match', 'us', 'draft-pen-needles', {
      med: drug(codeable([], 'BD pen needles 32G 4 mm (for Ozempic pen)')),
      dosage: [usDose.sig('Use with Ozempic pen once weekly')],
    }),
    expected: [],
  },
  // Ritonavir as nirmatrelvir's booster is a five-day COVID-19 treatment, no HIV treatment (a
  // review of order hooks, 2026-12-07, found Paxlovid read as an antiretroviral, by its ATC code
  // J05AE30 under the protease inhibitors and by its ritonavir, and the trial card shown).
  candidateDraft({
    id: 'us-trial-paxlovid-dose-pack',
    title:
      'NCT04270656 candidate: the Paxlovid dose pack (nirmatrelvir with ritonavir) drafted for COVID-19: no antiretroviral, no card',
    draft: 'draft-paxlovid',
    med: PAXLOVID_PACK,
    dosage: usDose.sig('Take 2 nirmatrelvir tablets and 1 ritonavir tablet by mouth twice daily for 5 days'),
    expected: [],
  }),
  candidateDraft({
    id: 'us-trial-paxlovid-atc',
    title: 'NCT04270656 candidate: PAXLOVID under its ATC code J05AE30 drafted: no antiretroviral, no card',
    draft: 'draft-paxlovid-atc',
    med: PAXLOVID_ATC,
    dosage: usDose.sig('3 tablets twice daily for 5 days'),
    expected: [],
  }),
  candidateDraft({
    id: 'us-trial-darunavir-atc',
    title:
      'NCT04270656 candidate: darunavir under its ATC code J05AE10 drafted: an antiretroviral started now, the trial excludes it',
    draft: 'draft-darunavir',
    med: DARUNAVIR_ATC,
    dosage: usDose.sig('Take 1 tablet by mouth daily with food'),
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: [TRIAL, 'Darunavir'],
        removes: ['MedicationRequest/trial-nafld-full-match-draft-darunavir'],
      },
    ],
  }),
  // One dose of dexamethasone for a suppression test is no glucocorticoid therapy (a review of
  // order hooks, 2026-12-07, found it read as one and the trial card shown).
  candidateDraft({
    id: 'us-trial-dexamethasone-suppression-test',
    title:
      'NCT04270656 candidate: dexamethasone 1 mg once at 11 PM for an overnight suppression test: one dose, no glucocorticoid therapy, no card',
    draft: 'draft-dst',
    med: DEXAMETHASONE_1MG,
    dosage: {
      text: 'Take 1 tablet (1 mg) by mouth at 11 PM the night before the 8 AM cortisol draw',
      timing: { repeat: { count: 1, frequency: 1, period: 1, periodUnit: 'd' as const }, code: { text: 'ONCE' } },
      route: codeable([coding('snomed', '26643006', 'Oral route')], 'Oral'),
      doseAndRate: [{ doseQuantity: { value: 1, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    },
    expected: [],
  }),
  candidateDraft({
    id: 'us-trial-dexamethasone-daily',
    title:
      'NCT04270656 candidate: dexamethasone 1 mg by mouth daily drafted: systemic glucocorticoid therapy, the trial excludes it',
    draft: 'draft-dexamethasone-daily',
    med: DEXAMETHASONE_1MG,
    dosage: {
      text: 'Take 1 tablet (1 mg) by mouth daily',
      timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' as const } },
      route: codeable([coding('snomed', '26643006', 'Oral route')], 'Oral'),
      doseAndRate: [{ doseQuantity: { value: 1, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
    },
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: [TRIAL, 'dexamethasone'],
        removes: ['MedicationRequest/trial-nafld-full-match-draft-dexamethasone-daily'],
      },
    ],
  }),
  {
    id: 'us-trial-glimepiride-with-trial-referral',
    title:
      'NCT04270656 candidate: glimepiride drafted beside a referral to the NCT04270656 study team: the referral is being ordered, no card',
    style: 'us',
    patientId: 'trial-nafld-full-match',
    hook: 'order-sign',
    drafts: (today) => [
      draft(ctxOf('trial-nafld-full-match', today), 'us', 'draft-glimepiride', {
        med: drug(US_GLIMEPIRIDE),
        dosage: [usDose.tablets('Take 1 tablet by mouth once daily with breakfast', 1)],
      }),
      draftReferral('trial-nafld-full-match', 'draft-trial-referral', 'Referral to research study team: NCT04270656'),
    ],
    expected: [],
  },
  // --- French orders ---------------------------------------------------------------------
  {
    id: 'fr-ajout-novorapid-repas',
    title:
      'LANTUS seule, HbA1c 8,9 % : NOVORAPID (CIP13, ATC) « 6 UI matin, midi et soir » prescrite : la carte avant d’ajouter des injections',
    style: 'fr',
    patientId: FR_BASAL_ONLY.id,
    hook: 'order-sign',
    drafts: oneDraft(FR_BASAL_ONLY.id, 'fr', 'brouillon-novorapid', {
      med: drug(FR_RX.novorapid),
      dosage: frDose.meals(6, 6, 6),
    }),
    expected: [
      {
        kind: 'escalation',
        indicator: 'info',
        summaryIncludes: ['before adding injections', '8.9'],
        detailIncludes: ['NOVORAPID'],
      },
    ],
  },
  {
    id: 'fr-essai-victoza-atc',
    title: 'Candidate NCT04270656 : VICTOZA (ATC A10BJ02 et nom commercial) prescrit : un agoniste du GLP-1 exclut',
    style: 'fr',
    patientId: 'rw-fr-labs-recent',
    hook: 'order-sign',
    // Coded by ATC alone, with the French product name.
    drafts: oneDraft('rw-fr-labs-recent', 'fr', 'brouillon-victoza', {
      med: drug(
        codeable([coding('atc', 'A10BJ02', 'liraglutide')], 'VICTOZA 6 mg/ml, solution injectable en stylo prérempli'),
      ),
      dosage: [frDose.text('0,6 mg par jour pendant une semaine puis 1,2 mg par jour')],
    }),
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: ['VICTOZA', TRIAL],
        removes: ['MedicationRequest/rw-fr-labs-recent-brouillon-victoza'],
      },
    ],
  },
  {
    id: 'fr-essai-test-de-freinage-dexamethasone',
    title:
      'Candidate NCT04270656 : DEXAMETHASONE 1 mg « test de freinage minute : 1 cp à 23 h » prescrite : une prise, pas de corticothérapie, pas de carte',
    style: 'fr',
    patientId: 'rw-fr-labs-recent',
    hook: 'order-sign',
    drafts: oneDraft('rw-fr-labs-recent', 'fr', 'brouillon-freinage', {
      med: drug(codeable([coding('atc', 'H02AB02', 'dexaméthasone')], 'DEXAMETHASONE 1 mg, comprimé')),
      dosage: [frDose.text('Test de freinage minute : 1 comprimé à 23 h, cortisol à 8 h le lendemain')],
    }),
    expected: [],
  },
  {
    id: 'fr-essai-ozempic-virgule-decimale',
    title:
      'Candidate NCT04270656 : « OZEMPIC 0,25 mg, solution injectable » prescrit : le résumé cite la dose entière, pas « OZEMPIC 0 »',
    style: 'fr',
    patientId: 'rw-fr-labs-recent',
    hook: 'order-sign',
    drafts: oneDraft('rw-fr-labs-recent', 'fr', 'brouillon-ozempic', {
      med: drug(
        codeable([coding('atc', 'A10BJ06', 'sémaglutide')], 'OZEMPIC 0,25 mg, solution injectable en stylo prérempli'),
      ),
      dosage: [frDose.text('0,25 mg une fois par semaine pendant 4 semaines')],
    }),
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: ['OZEMPIC 0,25 mg would', TRIAL],
        removes: ['MedicationRequest/rw-fr-labs-recent-brouillon-ozempic'],
      },
    ],
  },
  {
    id: 'fr-essai-gliclazide-nom',
    title: 'Candidate NCT04270656 : « GLICLAZIDE 30 mg » saisi en texte libre (sans code) : un sulfamide exclut',
    style: 'fr',
    patientId: 'rw-fr-labs-recent',
    hook: 'order-sign',
    // A prescription line typed as text: the French INN is all there is.
    drafts: oneDraft('rw-fr-labs-recent', 'fr', 'brouillon-gliclazide', {
      med: drug(codeable([], 'GLICLAZIDE BIOGARAN 30 mg, comprimé à libération modifiée')),
      dosage: [frDose.tablets('1 comprimé le matin', 1)],
    }),
    expected: [
      {
        kind: 'trial',
        trialId: TRIAL,
        indicator: 'info',
        summaryIncludes: [TRIAL],
        removes: ['MedicationRequest/rw-fr-labs-recent-brouillon-gliclazide'],
      },
    ],
  },
  {
    id: 'fr-essai-metformine',
    title:
      'Candidate NCT04270656 : METFORMINE prescrite : un traitement de fond qui ne fait que relancer le délai de dose stable, pas de carte',
    style: 'fr',
    patientId: 'rw-fr-labs-recent',
    hook: 'order-sign',
    drafts: oneDraft('rw-fr-labs-recent', 'fr', 'brouillon-metformine', {
      med: drug(FR_RX.metformine),
      dosage: [frDose.tablets('1 comprimé matin et soir', 2)],
    }),
    expected: [],
  },
];
