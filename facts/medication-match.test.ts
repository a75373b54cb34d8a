import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';
import { matchDrug } from './medication-match.js';
import { readConcept } from './coding.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ATC = 'http://www.whocc.no/atc';
const TID = { timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } } };

function factsOf(resources: unknown[], tweak: Partial<PatientRecord> = {}) {
  const record = { ...recordFromResources('p1', resources as FhirResource[]), ...tweak };
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
}

function order(id: string, medication: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    authoredOn: '2026-01-10',
    dosageInstruction: [TID],
    ...medication,
    ...extra,
  };
}
const cc = (codings: { system: string; code: string; display?: string }[], text?: string) => ({
  medicationCodeableConcept: { coding: codings, ...(text ? { text } : {}) },
});

describe('matching order (docs/clinical-rules.md, "Medications")', () => {
  const match = (concept: unknown, medication?: Record<string, unknown>) =>
    matchDrug(valueSets, { kind: 'drug', concept: readConcept(concept), ...(medication ? { medication } : {}) });

  test.each([
    [
      'a product (SBD) code: Lantus SoloStar 847232',
      { coding: [{ system: RXNORM, code: '847232' }] },
      ['insulin-glargine'],
      'high',
    ],
    [
      'an ingredient code: insulin lispro 86009',
      { coding: [{ system: RXNORM, code: '86009' }] },
      ['insulin-lispro'],
      'high',
    ],
    ['ATC only: A10AB05', { coding: [{ system: ATC, code: 'A10AB05' }] }, ['insulin-aspart'], 'high'],
    [
      'an RxNorm code in no value set beside an ATC code',
      {
        coding: [
          { system: RXNORM, code: '999999999' },
          { system: ATC, code: 'A10AE06' },
        ],
      },
      ['insulin-degludec'],
      'high',
    ],
    ['the brand name in the text', { text: 'Humalog KwikPen 100 U/mL' }, ['insulin-lispro'], 'low'],
    [
      'the French ingredient name in a display, accents folded',
      { coding: [{ system: 'http://example.org', code: 'X1', display: 'Insuline glulisine (Apidra)' }] },
      ['insulin-glulisine'],
      'low',
    ],
    ['a French INN with accents', { text: 'INSULINE DÉTÉMIR 100 UI/ml' }, ['insulin-detemir'], 'low'],
    ['a drug in no value set', { coding: [{ system: RXNORM, code: '314076' }], text: 'Lisinopril 10 mg' }, [], 'high'],
    ['a premix by name is neither basal nor rapid', { text: 'NovoMix 30 FlexPen' }, ['insulin-premix'], 'low'],
    ['Humalog Mix 25 is a premix, not lispro', { text: 'Humalog Mix25 KwikPen' }, ['insulin-premix'], 'low'],
    ['"Mélange" is the French for the mix', { text: 'Humalog Mélange 25 KwikPen' }, ['insulin-premix'], 'low'],
    [
      'MEOPA is a gas mixture, no insulin',
      { text: "MEOPA (mélange équimolaire oxygène-protoxyde d'azote)" },
      [],
      'high',
    ],
    [
      'a fixed-ratio product (Xultophy) is a basal insulin and a GLP-1 agonist',
      { coding: [{ system: ATC, code: 'A10AE56' }], text: 'Xultophy' },
      ['insulin-degludec', 'glp1-agonists'],
      'high',
    ],
  ])('%s', (_name, concept, ids, confidence) => {
    const m = match(concept);
    expect([...m.ids].sort()).toEqual([...ids].sort());
    expect(m.confidence).toBe(confidence);
  });

  test('a name never adds an insulin to a drug whose code names one: Lantus coded, "Lantus; Humalog per scale" written', () => {
    const m = match({ coding: [{ system: RXNORM, code: '847232' }], text: 'Lantus SoloStar; Humalog per scale' });
    expect(m.ids).toEqual(['insulin-glargine']);
    expect(m.unclassified).toBeUndefined();
  });

  // A mis-mapped formulary entry: which insulin is given cannot be told, so none is read.
  test.each([
    ['Lantus coded, "Humalog" written', { coding: [{ system: RXNORM, code: '847232' }], text: 'Humalog' }],
    [
      'ATC glargine, text "INSULATARD FlexPen"',
      { coding: [{ system: ATC, code: 'A10AE04' }], text: 'INSULATARD FlexPen 100 UI/ml' },
    ],
    [
      'Lantus coded with a display naming isophane insulin',
      { coding: [{ system: RXNORM, code: '847232', display: 'insulin isophane, human 100 UNT/ML' }] },
    ],
    ['ATC degludec, text "Toujeo"', { coding: [{ system: ATC, code: 'A10AE06' }], text: 'Toujeo 300 U/ml' }],
  ])('codes and names that name different insulins make the drug unclassified: %s', (_name, concept) => {
    const m = match(concept);
    expect(m.ids).toEqual([]);
    expect(m.unclassified).toMatch(/^codes and names disagree/);
  });

  test.each([
    [
      'ATC degludec, text "Tresiba (relais de Levemir)"',
      'A10AE06',
      'TRESIBA FlexTouch (relais de Levemir)',
      ['insulin-degludec'],
    ],
    ['ATC glargine, text naming no insulin', 'A10AE04', 'Insuline basale 20 UI le soir', ['insulin-glargine']],
    ['ATC lispro, text "Humalog Mix 25" (the premix rule)', 'A10AB04', 'Humalog Mix 25 KwikPen', ['insulin-premix']],
    ['ATC NPH, text "Humalog Basal"', 'A10AC04', 'Humalog Basal KwikPen', ['insulin-nph']],
  ])('a name that also names the coded insulin, or names none, agrees with the code: %s', (_name, atc, text, ids) => {
    const m = match({ coding: [{ system: ATC, code: atc }], text });
    expect(m.unclassified).toBeUndefined();
    expect(m.ids).toEqual(ids);
  });

  test('a name adds other classes beside a code: a GLP-1 brand on an unlisted product code', () => {
    const m = match({ coding: [{ system: RXNORM, code: '999999999' }], text: 'Ozempic 0,25 mg' });
    expect(m.ids).toEqual(['glp1-agonists']);
    expect([...m.byNameOnly]).toEqual(['glp1-agonists']);
  });

  test('Medication.ingredient codes count like product codes', () => {
    const medication = { ingredient: [{ itemCodeableConcept: { coding: [{ system: RXNORM, code: '51428' }] } }] };
    expect(match({ coding: [{ system: 'http://example.org/formulary', code: 'NR' }] }, medication)).toMatchObject({
      ids: ['insulin-aspart'],
      confidence: 'high',
    });
  });

  test('a Medication holding a basal and a prandial insulin is a premix', () => {
    const medication = {
      ingredient: [
        { itemCodeableConcept: { coding: [{ system: ATC, code: 'A10AE06' }] } },
        { itemCodeableConcept: { coding: [{ system: ATC, code: 'A10AB05' }] } },
      ],
    };
    expect(match({ coding: [{ system: 'http://example.org/formulary', code: 'RYZ' }] }, medication).ids).toEqual([
      'insulin-premix',
    ]);
  });

  test.each([
    [
      'a French product code alone (CIP13)',
      { coding: [{ system: 'http://example.org/cip13', code: '3400930000001' }] },
    ],
    ['a local code alone', { coding: [{ system: 'urn:local:formulary', code: 'INS-12' }] }],
  ])('%s cannot be classified', (_name, concept) => {
    expect(match(concept).unclassified).toMatch(/is not classified/);
  });
});

describe('medication facts from orders and statements', () => {
  test('a product-coded order makes the class active, with high-confidence evidence and its start', () => {
    const f = factsOf([order('o1', cc([{ system: RXNORM, code: '847232', display: 'Lantus SoloStar' }]))]);
    expect(f.rule.values.get('medication.insulin-glargine')).toBe(true);
    expect(f.rule.values.get('medication.insulin-glargine.startedDays')).toBe(316);
    expect(f.rule.evidence.get('medication.insulin-glargine')).toEqual([
      expect.objectContaining({ resourceType: 'MedicationRequest', id: 'o1', date: '2026-01-10', confidence: 'high' }),
    ]);
    expect(f.rule.values.get('medication.metformin')).toBe(false);
  });

  test('a text-only order matches with low confidence', () => {
    const f = factsOf([order('o1', { medicationCodeableConcept: { text: 'Humalog KwikPen' } })]);
    expect(f.rule.values.get('medication.insulin-lispro')).toBe(true);
    expect(f.rule.evidence.get('medication.insulin-lispro')?.[0]?.confidence).toBe('low');
  });

  test('a contained Medication is resolved through #id', () => {
    const contained = [{ resourceType: 'Medication', id: 'm', code: { coding: [{ system: RXNORM, code: '285018' }] } }];
    const f = factsOf([order('o1', { contained, medicationReference: { reference: '#m' } })]);
    expect(f.rule.values.get('medication.insulin-glargine')).toBe(true);
  });

  test.each([
    ['relative', 'Medication/med-1'],
    ['absolute with history', 'https://ehr.example.org/fhir/Medication/med-1/_history/3'],
  ])('a stand-alone Medication is resolved from a %s reference', (_name, reference) => {
    const med = { resourceType: 'Medication', id: 'med-1', code: { coding: [{ system: ATC, code: 'A10AB04' }] } };
    const f = factsOf([med, order('o1', { medicationReference: { reference } })]);
    expect(f.rule.values.get('medication.insulin-lispro')).toBe(true);
  });

  test.each([
    ['a missing contained Medication', { medicationReference: { reference: '#nope' } }],
    ['a Medication not in the record', { medicationReference: { reference: 'Medication/elsewhere' } }],
    ['no medication at all', {}],
    ['a medication concept that is a string', { medicationCodeableConcept: 'insulin' }],
    ['an empty medication concept', { medicationCodeableConcept: {} }],
    [
      'an empty contained Medication',
      { contained: [{ resourceType: 'Medication', id: 'm' }], medicationReference: { reference: '#m' } },
    ],
  ])('%s makes absences unknown rather than false', (_name, medication) => {
    const f = factsOf([order('o1', medication)]);
    expect(f.rule.values.has('medication.metformin')).toBe(false);
    expect(f.rule.values.has('insulin.basal')).toBe(false);
    expect(f.rule.unknownReasons.get('medication.metformin')).toContain('MedicationRequest/o1');
    expect(f.dataQuality[0]).toMatch(/^MedicationRequest\/o1: /);
  });

  test('an unresolved drug does not hide what is found', () => {
    const f = factsOf([
      order('o1', { medicationReference: { reference: 'Medication/elsewhere' } }),
      order('o2', cc([{ system: RXNORM, code: '847232' }])),
    ]);
    expect(f.rule.values.get('insulin.basal')).toBe(true);
    expect(f.rule.values.has('insulin.rapid')).toBe(false);
    // The unresolved drug could be a rapid insulin: the count is only a lower bound.
    expect(f.rule.values.get('insulin.rapidInjectionsPerDay')).toEqual({ low: 0 });
  });

  test.each([
    ['status completed', { status: 'completed' }, false],
    ['status stopped', { status: 'stopped' }, false],
    // On hold is paused: neither taken nor shown absent.
    ['status on-hold', { status: 'on-hold' }, undefined],
    ['status entered-in-error', { status: 'entered-in-error' }, false],
    ['intent proposal', { intent: 'proposal' }, false],
    ['intent plan', { intent: 'plan' }, true],
    ['intent filler-order', { intent: 'filler-order' }, true],
  ])('an order with %s → %p', (_name, extra, expected) => {
    const f = factsOf([order('o1', cc([{ system: RXNORM, code: '6809' }]), extra)]);
    expect(f.rule.values.get('medication.metformin')).toBe(expected);
  });

  test.each([
    ['status unknown', { status: 'unknown' }],
    ['no status', { status: undefined }],
    ['no intent', { intent: undefined }],
  ])('an order with %s leaves only its own class unknown', (_name, extra) => {
    const f = factsOf([order('o1', cc([{ system: RXNORM, code: '6809' }]), extra)]);
    expect(f.rule.values.has('medication.metformin')).toBe(false);
    expect(f.rule.values.get('medication.orlistat')).toBe(false);
  });

  test.each([
    ['active', true],
    ['completed', false],
    ['not-taken', false],
    ['intended', false],
  ])('a MedicationStatement %s → %p', (status, expected) => {
    const stmt = {
      resourceType: 'MedicationStatement',
      id: 's1',
      status,
      effectiveDateTime: '2026-01-01',
      ...cc([{ system: RXNORM, code: '6809' }]),
    };
    expect(factsOf([stmt]).rule.values.get('medication.metformin')).toBe(expected);
  });

  test.each([
    ['neither orders nor statements loaded', { loaded: new Set(['Condition']) }, 'not loaded'],
    ['orders truncated', { truncated: new Set(['MedicationRequest']) }, 'truncated'],
  ])('%s: absences unknown', (_name, tweak, reason) => {
    const f = factsOf([], tweak);
    expect(f.rule.unknownReasons.get('medication.metformin')).toContain(reason);
    expect(f.rule.unknownReasons.get('insulin.basal')).toContain(reason);
  });

  test('orders loaded without statements is enough for absence', () => {
    const f = factsOf([], { loaded: new Set(['MedicationRequest']) });
    expect(f.rule.values.get('medication.metformin')).toBe(false);
  });

  test('startedDays is the earliest start among active records', () => {
    const f = factsOf([
      order('o1', cc([{ system: RXNORM, code: '6809' }]), { authoredOn: '2026-11-01' }),
      {
        resourceType: 'MedicationStatement',
        id: 's1',
        status: 'active',
        effectivePeriod: { start: '2026-10-22' },
        ...cc([{ system: RXNORM, code: '861010' }]),
      },
    ]);
    expect(f.rule.values.get('medication.metformin.startedDays')).toBe(31);
  });
});

describe('insulin regimen', () => {
  const lantus = cc([{ system: RXNORM, code: '847232' }]);
  const humalog = cc([{ system: RXNORM, code: '1652640' }]);

  test('sums scheduled rapid injections over products and ignores as-needed ones', () => {
    const f = factsOf([
      order('b', lantus, { dosageInstruction: [{ timing: { code: { coding: [{ code: 'QD' }] } } }] }),
      order('r1', humalog, { dosageInstruction: [{ timing: { repeat: { when: ['ACM', 'ACV'] } } }] }),
      order('r2', cc([{ system: RXNORM, code: '847259' }]), {
        dosageInstruction: [{ timing: { repeat: { when: ['ACD'] } } }],
      }),
      order('r3', humalog, { dosageInstruction: [{ asNeededBoolean: true, text: 'sliding scale' }] }),
    ]);
    expect(f.rule.values.get('insulin.basal')).toBe(true);
    expect(f.rule.values.get('insulin.rapid')).toBe(true);
    expect(f.rule.values.get('insulin.rapidInjectionsPerDay')).toBe(3);
    // Humalog's two records are one drug: its scheduled moments count (breakfast, dinner), the
    // sliding-scale record adds nothing.
    expect(f.insulin.known && f.insulin.value.rapid.map((p) => [p.set, p.injectionsPerDay, p.asNeeded])).toEqual([
      ['insulin-lispro', 2, false],
      ['insulin-glulisine', 1, false],
    ]);
  });

  test('a rapid order with no readable schedule leaves the count unknown', () => {
    const f = factsOf([order('b', lantus), order('r', humalog, { dosageInstruction: [{ text: 'with meals' }] })]);
    expect(f.rule.values.get('insulin.rapid')).toBe(true);
    // "with meals" does not say how many: the count is at least 0, never a guess of 3.
    expect(f.rule.values.get('insulin.rapidInjectionsPerDay')).toEqual({ low: 0 });
    expect(f.dataQuality).toContain('MedicationRequest/r: a scheduled dosage entry has no readable timing');
  });

  test('no insulin at all: basal and rapid false, zero injections', () => {
    const f = factsOf([order('m', cc([{ system: RXNORM, code: '6809' }]))]);
    expect(f.rule.values.get('insulin.basal')).toBe(false);
    expect(f.rule.values.get('insulin.rapid')).toBe(false);
    expect(f.rule.values.get('insulin.rapidInjectionsPerDay')).toBe(0);
  });
});

describe("insulins whose name holds another insulin's", () => {
  test.each<[string, string[]]>([
    // Lispro protamine alone is intermediate-acting: a basal insulin, not a rapid lispro.
    ['Humalog Basal KwikPen', ['insulin-nph']],
    ['Humalog Mix 25 KwikPen', ['insulin-premix']],
    ['Humalog KwikPen', ['insulin-lispro']],
  ])('%s → %j', (text, ids) => {
    const match = matchDrug(valueSets, { kind: 'drug', concept: readConcept({ text }) });
    expect(match.ids.filter((id) => id.startsWith('insulin-'))).toEqual(ids);
  });
});
