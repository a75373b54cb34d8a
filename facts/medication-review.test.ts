import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import { computePatientFacts } from './compute-facts.js';
import { matchDrug, strengthsIn } from './medication-match.js';

// Medication records a reviewer found misread: French INN spellings, vitamin E wording, dose
// changes inside one order or only in the strength text, completed orders whose supply lasts.

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const CIP13 = 'https://smt.esante.gouv.fr/terminologie-bdpm';
const ATC = 'http://www.whocc.no/atc';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SCT = 'http://snomed.info/sct';
const ORAL = { coding: [{ system: SCT, code: '26643006', display: 'Oral route' }] };
const TOPICAL = { coding: [{ system: SCT, code: '6064005', display: 'Topical route' }] };

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

function factsOf(resources: unknown[]) {
  const record = recordFromResources('p1', resources as FhirResource[]);
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
}

function step(sequence: number | undefined, mg: number, perDay: number, bounds: Record<string, unknown> = {}) {
  return {
    ...(sequence !== undefined ? { sequence } : {}),
    timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd', ...bounds } },
    route: ORAL,
    doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
  };
}

function order(id: string, concept: unknown, authoredDaysAgo: number, dosage: unknown[], extra = {}) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    authoredOn: daysAgo(authoredDaysAgo),
    medicationCodeableConcept: concept,
    dosageInstruction: dosage,
    ...extra,
  };
}

function statement(id: string, concept: unknown, startDaysAgo: number, dosage: unknown[]) {
  return {
    resourceType: 'MedicationStatement',
    id,
    status: 'active',
    effectivePeriod: { start: daysAgo(startDaysAgo) },
    medicationCodeableConcept: concept,
    dosage,
  };
}

describe('French INN spellings and brands (names of the medication value sets)', () => {
  test.each<[string, string[]]>([
    ['Metformine 1000 mg cp', ['metformin']],
    ['SITAGLIPTINE 100 mg', ['dpp4-inhibitors']],
    ['Vildagliptine/Metformine 50 mg/1000 mg', ['dpp4-inhibitors', 'metformin']],
    ['Dapagliflozine 10 mg', ['sglt2-inhibitors']],
    ['Empagliflozine 10 mg', ['sglt2-inhibitors']],
    ['Ertugliflozine 5 mg', ['sglt2-inhibitors']],
    ['Glimépiride 2 mg', ['sulfonylureas']],
    ['Répaglinide 1 mg', ['glinides']],
    ['Sémaglutide 1 mg stylo', ['glp1-agonists']],
    ['Tirzépatide 5 mg', ['glp1-agonists']],
    ['Méthylprednisolone 16 mg', ['systemic-glucocorticoids']],
    ['Dexaméthasone 20 mg (Hemady)', ['systemic-glucocorticoids']],
    ['KENACORT RETARD 40 mg/1 ml', ['systemic-glucocorticoids']],
    ['Calcort 6 mg', ['systemic-glucocorticoids']],
    ['Tamoxifène 20 mg', ['tamoxifen']],
    ['TANDEMACT 30 mg/4 mg', ['glitazones', 'sulfonylureas']],
    ['GLUBRAVA 15 mg/850 mg', ['glitazones', 'metformin']],
    ['COMPETACT 15 mg/850 mg', ['glitazones', 'metformin']],
    ['GLUCOVANCE 500 mg/5 mg', ['metformin', 'sulfonylureas']],
    ['GLUTRIL 25 mg (glibornuride)', ['sulfonylureas']],
    ['Alli 60 mg gélule', ['orlistat']],
    ['TOCO 500 mg, capsule molle', ['vitamin-e']],
    ['dl-alpha-tocopheryl acetate 400 UNT Oral Capsule', ['vitamin-e']],
    ["Acétate d'alpha-tocophéryle 500 mg", ['vitamin-e']],
  ])('%s → %j', (text, ids) => {
    const m = matchDrug(valueSets, { kind: 'drug', concept: readConcept({ text }) });
    expect([...m.ids].sort()).toEqual([...ids].sort());
  });

  test('"Metformine" under a CIP13 code is metformin, and the other medication facts stay known', () => {
    const concept = { coding: [{ system: CIP13, code: '3400936558885' }], text: 'Metformine 1000 mg cp' };
    const f = factsOf([order('m', concept, 400, [step(undefined, 1000, 2)])]);
    expect(f.rule.values.get('medication.metformin')).toBe(true);
    expect(f.rule.values.get('medication.sglt2-inhibitors')).toBe(false);
  });
});

describe('vitamin E counts only as systemic treatment', () => {
  test.each<[string, unknown, unknown[], boolean | undefined]>([
    ['an oral capsule', { text: 'Vitamin E 400 IU capsule' }, [{ route: ORAL }], true],
    [
      'TOCO 500 under ATC A11HA03, no route',
      { coding: [{ system: ATC, code: 'A11HA03' }], text: 'TOCO 500 mg' },
      [{}],
      true,
    ],
    ['a topical cream', { text: 'Vitamin E cream' }, [{ route: TOPICAL }], false],
    [
      'a multivitamin listing vitamin E',
      { text: 'Centrum multivitamin (vitamin A, C, D, vitamin E, zinc)' },
      [{ route: ORAL }],
      false,
    ],
    ['a French multivitamin', { text: 'Polyvitamines (vitamine E, vitamine C)' }, [{ route: ORAL }], false],
    ['no route and no dose form', { text: 'vitamine E' }, [{}], undefined],
  ])('%s → %p', (_name, concept, dosage, expected) => {
    const f = factsOf([statement('v', concept, 200, dosage)]);
    expect(f.rule.values.get('medication.vitamin-e')).toBe(expected);
  });
});

describe('a dose change written inside one order (Dosage.sequence steps)', () => {
  const AMIODARONE = {
    coding: [{ system: RXNORM, code: '833528', display: 'amiodarone hydrochloride 200 MG Oral Tablet' }],
  };
  const METFORMIN = {
    coding: [{ system: RXNORM, code: '861007', display: 'metformin hydrochloride 500 MG Oral Tablet' }],
  };

  test('loading dose for 14 days then maintenance: stable since the maintenance step began', () => {
    const f = factsOf([
      order('a', AMIODARONE, 60, [
        step(1, 200, 3, {
          boundsDuration: { value: 14, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
        }),
        step(2, 200, 1),
      ]),
    ]);
    expect(f.rule.values.get('medication.amiodarone')).toBe(true);
    expect(f.rule.values.get('medication.amiodarone.startedDays')).toBe(60);
    expect(f.rule.values.get('medication.amiodarone.stableDays')).toBe(46);
  });

  test('steps dated by boundsPeriod: stable since the last step starts', () => {
    const f = factsOf([
      order('m', METFORMIN, 200, [
        step(1, 500, 2, { boundsPeriod: { start: daysAgo(200), end: daysAgo(170) } }),
        step(2, 1000, 2, { boundsPeriod: { start: daysAgo(169) } }),
      ]),
    ]);
    expect(f.rule.values.get('medication.metformin.stableDays')).toBe(169);
  });

  test('steps with no bounds: when the dose changed cannot be told, stability unknown', () => {
    const f = factsOf([order('m', METFORMIN, 400, [step(1, 500, 2), step(2, 1000, 2)])]);
    expect(f.rule.values.get('medication.metformin')).toBe(true);
    expect(f.rule.values.has('medication.metformin.stableDays')).toBe(false);
    expect(f.rule.unknownReasons.get('medication.metformin.stableDays')).toBeDefined();
  });

  test('steps giving the same dose at the same frequency are no change', () => {
    const f = factsOf([order('m', METFORMIN, 400, [step(1, 500, 2), step(2, 500, 2)])]);
    expect(f.rule.values.get('medication.metformin.stableDays')).toBe(400);
  });

  test('a renewal at the last step dose is no change after the steps', () => {
    const f = factsOf([
      order('a1', AMIODARONE, 300, [
        step(1, 200, 3, { boundsDuration: { value: 2, unit: 'wk', code: 'wk' } }),
        step(2, 200, 1),
      ]),
      order('a2', AMIODARONE, 20, [step(undefined, 200, 1)]),
    ]);
    expect(f.rule.values.get('medication.amiodarone.stableDays')).toBe(286);
  });
});

describe('a strength change shown only in the text, under one ingredient or ATC code', () => {
  const atcMetformin = (text: string) => ({ coding: [{ system: ATC, code: 'A10BA02', display: 'metformine' }], text });
  const tablet = [
    {
      timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
      doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }],
    },
  ];

  test('"Metformine 850 mg" for 2 years then "Metformine 1000 mg" 30 days ago: stable 30 days', () => {
    const f = factsOf([
      statement('s', atcMetformin('Metformine 850 mg cp'), 730, tablet),
      order('o', atcMetformin('Metformine 1000 mg cp'), 30, tablet),
    ]);
    expect(f.rule.values.get('medication.metformin.stableDays')).toBe(30);
  });

  test('the same RxNorm ingredient with different strengths in the text: stable 30 days', () => {
    const ing = (text: string) => ({ coding: [{ system: RXNORM, code: '6809', display: 'metformin' }], text });
    const f = factsOf([
      statement('s', ing('metFORMIN 500 mg tablet'), 730, tablet),
      order('o', ing('metFORMIN 1,000 mg tablet'), 30, tablet),
    ]);
    expect(f.rule.values.get('medication.metformin.stableDays')).toBe(30);
  });

  test('the same strength written differently is no change', () => {
    const f = factsOf([
      statement('s', atcMetformin('Metformine 1 g cp'), 730, tablet),
      order('o', atcMetformin('METFORMINE 1000 MG comprimé'), 30, tablet),
    ]);
    expect(f.rule.values.get('medication.metformin.stableDays')).toBe(730);
  });

  test.each<[string, string[]]>([
    ['metFORMIN 1,000 mg tablet', ['1000 mg']],
    ['Metformine 0,5 g', ['500 mg']],
    ['Insuline 100 UI/ml', ['100 u/ml']],
    ['sitagliptin 50 MG / metformin hydrochloride 1000 MG Oral Tablet', ['1000 mg', '50 mg']],
  ])('strengths in %s → %j', (text, expected) => {
    expect(strengthsIn([text])).toEqual(expected);
  });
});

describe('a completed order whose supply still lasts', () => {
  const OZEMPIC = { coding: [{ system: RXNORM, code: '1991316' }], text: 'Ozempic 1 mg pen' };
  const weekly = [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } } }];
  const supply = (days: number, repeats?: number) => ({
    status: 'completed',
    dispenseRequest: {
      expectedSupplyDuration: { value: days, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
      ...(repeats !== undefined ? { numberOfRepeatsAllowed: repeats } : {}),
    },
  });

  test('authored 30 days ago with an 84-day supply: may still be taken, unknown', () => {
    const f = factsOf([order('g', OZEMPIC, 30, weekly, supply(84))]);
    expect(f.rule.values.has('medication.glp1-agonists')).toBe(false);
    expect(f.rule.unknownReasons.get('medication.glp1-agonists')).toBeDefined();
  });

  test('authored 100 days ago with 30 days and 3 repeats: unknown', () => {
    const f = factsOf([order('g', OZEMPIC, 100, weekly, supply(30, 3))]);
    expect(f.rule.values.has('medication.glp1-agonists')).toBe(false);
  });

  test('authored 100 days ago with a 30-day supply: over, not taken', () => {
    const f = factsOf([order('g', OZEMPIC, 100, weekly, supply(30))]);
    expect(f.rule.values.get('medication.glp1-agonists')).toBe(false);
  });
});

describe('hospital insulin is not the regimen at home', () => {
  const LANTUS = { coding: [{ system: RXNORM, code: '285018' }], text: 'Lantus SoloStar 100 units/mL pen' };
  const HUMALOG = { coding: [{ system: RXNORM, code: '242120' }], text: 'Humalog KwikPen 100 units/mL' };
  const SC = { coding: [{ system: SCT, code: '34206005', display: 'Subcutaneous route' }] };
  const IV = { coding: [{ system: SCT, code: '47625008', display: 'Intravenous route' }] };
  const units = (value: number, perHour = false) =>
    perHour
      ? { rateQuantity: { value, unit: 'U/h', system: 'http://unitsofmeasure.org', code: '[iU]/h' } }
      : { doseQuantity: { value, unit: 'U', system: 'http://unitsofmeasure.org', code: '[iU]' } };
  const basal = order('basal', LANTUS, 300, [
    { timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, route: SC, doseAndRate: [units(30)] },
  ]);

  test.each<[string, Record<string, unknown>]>([
    [
      'an IV lispro infusion every hour',
      order('iv', HUMALOG, 3, [
        { timing: { repeat: { frequency: 1, period: 1, periodUnit: 'h' } }, route: IV, doseAndRate: [units(4)] },
      ]),
    ],
    [
      'an insulin drip in units per hour, written "IVSE"',
      order('iv', HUMALOG, 3, [{ text: 'Insuline rapide IVSE 2 UI/h selon protocole', doseAndRate: [units(2, true)] }]),
    ],
  ])('%s counts no injections and is no pump', (_name, drip) => {
    const f = factsOf([basal, drip]);
    expect(f.rule.values.get('insulin.prandialInjectionsPerDay')).toBe(0);
    expect(f.rule.values.get('pump')).toBe(false);
  });

  test('lispro 3 times a day ordered for the stay (category inpatient) leaves the count unknown, never 3', () => {
    const inpatient = order(
      'inpt',
      HUMALOG,
      2,
      [{ timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } }, route: SC, doseAndRate: [units(6)] }],
      {
        category: [
          {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'inpatient' }],
          },
        ],
      },
    );
    const v = factsOf([basal, inpatient]).rule.values.get('insulin.prandialInjectionsPerDay');
    expect(v).not.toBe(3);
    expect(typeof v === 'number' ? v : ((v as { low?: number } | undefined)?.low ?? 0)).toBeLessThan(2);
  });
});

describe('strengths and renewals, as records write them', () => {
  test('"1 000 mg" with a French thousands space is 1000 mg', () => {
    expect(strengthsIn(['METFORMINE 1 000 mg cp'])).toEqual(['1000 mg']);
  });

  test('a renewal that writes no strength does not show a dose change', () => {
    const atc = (text: string) => ({ coding: [{ system: ATC, code: 'A10BA02' }], text });
    const dose = [step(undefined, 1, 2)];
    const f = factsOf([
      statement('old', atc('Metformine 850 mg cp'), 730, dose),
      order('renewal', atc('METFORMINE'), 50, dose),
    ]);
    const stable = f.rule.values.get('medication.metformin.stableDays');
    expect(typeof stable === 'number' ? stable : (stable as { low?: number } | undefined)?.low).toBeGreaterThanOrEqual(
      700,
    );
  });

  test('a formulary note with "vs" in a basal insulin\'s name still names it', () => {
    const basaglar = {
      coding: [{ system: RXNORM, code: '1670012' }],
      text: 'Basaglar KwikPen 100 unit/mL (formulary: Basaglar vs Lantus)',
    };
    expect(factsOf([order('b', basaglar, 300, [step(undefined, 20, 1)])]).rule.values.get('insulin.basal')).toBe(true);
  });
});

// A review of NCT05153070 (2026-12-07, night): a drug for diabetes in doubt (on hold, a status that
// says nothing) was still prescribed by its start, so it counts towards the days on file; a single
// dose dates nothing.
describe('days a drug for diabetes has been on file', () => {
  const LANTUS = {
    coding: [{ system: RXNORM, code: '285018', display: 'insulin glargine 100 UNT/ML' }],
    text: 'Lantus',
  };
  const basal = [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, text: '16 units at bedtime' }];
  function undatedOrder(id: string, validDaysAgo: number, extra = {}): Record<string, unknown> {
    const r: Record<string, unknown> = order(id, LANTUS, 0, basal, {
      dispenseRequest: { validityPeriod: { start: daysAgo(validDaysAgo), end: daysAgo(-200) } },
      ...extra,
    });
    delete r.authoredOn;
    return r;
  }
  test.each<[string, Record<string, unknown>, number]>([
    ['an active order', order('a', LANTUS, 400, basal), 400],
    ['an order on hold', order('h', LANTUS, 2000, basal, { status: 'on-hold' }), 2000],
    ['a statement on hold', { ...statement('s', LANTUS, 1500, basal), status: 'on-hold' }, 1500],
    ['an order whose status says nothing', order('u', LANTUS, 900, basal, { status: 'unknown' }), 900],
    [
      'a single dose given long ago',
      order('o', LANTUS, 700, [{ text: 'once' }], {
        intent: 'order',
        dosageInstruction: [{ text: 'Give 10 units once now', timing: { repeat: { count: 1 } } }],
      }),
      0,
    ],
    // A review (2026-12-07): an order with no authoredOn, dated only by its validity, left the
    // diabetes recent for NCT05153070.
    ['an undated order, by its validity start', undatedOrder('v', 150), 150],
    ['an undated order on hold, by its validity start', undatedOrder('vh', 600, { status: 'on-hold' }), 600],
    [
      'an order with authoredOn, by authoredOn whatever its validity',
      order('va', LANTUS, 20, basal, { dispenseRequest: { validityPeriod: { start: daysAgo(300) } } }),
      20,
    ],
  ])('%s counts from its start', (_what, resource, days) => {
    const f = factsOf([resource]);
    expect(f.rule.values.get('diabetesDrug.onFileDays')).toBe(days);
    expect(f.rule.values.get('insulin.onFileDays')).toBe(days);
  });
});

// A relative named in another clause of the problem hides no drug (a review of the session's diff).
describe('a drug named in a problem beside a relative', () => {
  test('leaves the GLP-1 agonists to confirm', () => {
    const problem = {
      resourceType: 'Condition',
      id: 'dt2',
      clinicalStatus: { coding: [{ code: 'active' }] },
      verificationStatus: { coding: [{ code: 'confirmed' }] },
      code: { text: 'DT2 sous Lantus + Trulicity, injections faites par son mari' },
    };
    expect(factsOf([problem]).rule.values.has('medication.glp1-agonists')).toBe(false);
  });
});
