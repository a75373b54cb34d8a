import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';
import { tiedToStay } from './stay-encounter.js';

// Orders tied to a hospital stay only by their Encounter (stay-encounter.ts): with the Encounter in
// the record, the stay's insulin is not the regimen at home (reviews of 2026-12-07).

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/medicationrequest-category';

const encounter = (id: string, code: string, display: string, status = 'in-progress') => ({
  resourceType: 'Encounter',
  id,
  status,
  class: { system: ACT, code, display },
  subject: { reference: 'Patient/p1' },
  period: { start: '2026-11-18' },
});

const insulinOrder = (id: string, code: string, text: string, perDay: number, extra: Record<string, unknown>) => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  authoredOn: '2026-11-18',
  medicationCodeableConcept: { coding: [{ system: RXNORM, code }], text },
  dosageInstruction: [
    { text: `${perDay} times a day`, timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } } },
  ],
  ...extra,
});

/** The basal and rapid insulin facts of a record: a basal at bedtime and a rapid three times a day. */
function insulinOf(extra: Record<string, unknown>, resources: Record<string, unknown>[]) {
  const record = recordFromResources('p1', [
    insulinOrder('basal', '285018', 'Lantus', 1, extra),
    insulinOrder('rapid', '1652639', 'Humalog', 3, extra),
    ...resources,
  ] as unknown as FhirResource[]);
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return facts.rule.values.has('insulin.basal') ? facts.rule.values.get('insulin.basal') : 'unknown';
}

describe('orders tied to a hospital stay by their Encounter', () => {
  const ADMISSION = { encounter: { reference: 'Encounter/stay-1' } };
  test.each<[string, Record<string, unknown>, Record<string, unknown>[], boolean | 'unknown']>([
    ['an inpatient admission', ADMISSION, [encounter('stay-1', 'IMP', 'inpatient encounter')], 'unknown'],
    ['an emergency visit', ADMISSION, [encounter('stay-1', 'EMER', 'emergency')], 'unknown'],
    [
      'a local class in French words',
      ADMISSION,
      [
        {
          ...encounter('stay-1', 'HC', 'Hospitalisation complète'),
          class: { system: 'urn:local', code: 'HC', display: 'Hospitalisation complète' },
        },
      ],
      'unknown',
    ],
    [
      'an absolute reference',
      { encounter: { reference: 'https://ehr.example/fhir/Encounter/stay-1' } },
      [encounter('stay-1', 'IMP', 'inpatient')],
      'unknown',
    ],
    [
      'a v2 patient class I',
      ADMISSION,
      [
        {
          ...encounter('stay-1', 'I', ''),
          class: { system: 'http://terminology.hl7.org/CodeSystem/v2-0004', code: 'I' },
        },
      ],
      'unknown',
    ],
    [
      'intensive care in French words',
      ADMISSION,
      [
        {
          ...encounter('stay-1', 'REA', ''),
          class: { system: 'urn:local', code: 'REA', display: 'Réanimation médicale' },
        },
      ],
      'unknown',
    ],
    ['guard: an office visit', ADMISSION, [encounter('stay-1', 'AMB', 'ambulatory')], true],
    ['guard: a day hospital coded AMB', ADMISSION, [encounter('stay-1', 'AMB', 'Hospitalisation de jour')], true],
    [
      'guard: a day hospital in words',
      ADMISSION,
      [{ ...encounter('stay-1', 'HDJ', ''), class: { system: 'urn:local', code: 'HDJ', display: 'Hôpital de jour' } }],
      true,
    ],
    ['guard: a stay entered in error', ADMISSION, [encounter('stay-1', 'IMP', 'inpatient', 'entered-in-error')], true],
    ['guard: another stay', ADMISSION, [encounter('stay-2', 'IMP', 'inpatient')], true],
    ['guard: the Encounter not in the record', ADMISSION, [], true],
    [
      'guard: a discharge prescription written during the stay',
      { ...ADMISSION, category: [{ coding: [{ system: CATEGORY, code: 'discharge' }] }] },
      [encounter('stay-1', 'IMP', 'inpatient')],
      true,
    ],
  ])('%s', (_name, extra, resources, basal) => {
    expect(insulinOf(extra, resources)).toBe(basal);
  });
});

describe("a reconciliation statement in the stay's context", () => {
  test('lists the drugs taken at home: still counted', () => {
    const statement = (id: string, code: string, text: string, perDay: number) => ({
      resourceType: 'MedicationStatement',
      id,
      status: 'active',
      subject: { reference: 'Patient/p1' },
      context: { reference: 'Encounter/stay-1' },
      effectivePeriod: { start: '2025-01-10' },
      medicationCodeableConcept: { coding: [{ system: RXNORM, code }], text },
      dosage: [{ timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } } }],
    });
    const record = recordFromResources('p1', [
      statement('basal', '285018', 'Lantus', 1),
      encounter('stay-1', 'IMP', 'inpatient'),
    ] as unknown as FhirResource[]);
    const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
    expect(facts.rule.values.get('insulin.basal')).toBe(true);
  });
});

describe('an order of a stay dosed as a rate', () => {
  test("is a pump's basal, not the stay's", () => {
    const stays = new Set(['Encounter/stay-1']);
    const order = {
      resourceType: 'MedicationRequest',
      encounter: { reference: 'Encounter/stay-1' },
      dosageInstruction: [{ doseAndRate: [{ rateQuantity: { value: 0.8, unit: 'U/h' } }] }],
    };
    expect(tiedToStay(order, stays)).toBe(false);
    expect(tiedToStay({ ...order, dosageInstruction: [{ text: '10 units TID' }] }, stays)).toBe(true);
  });
});
