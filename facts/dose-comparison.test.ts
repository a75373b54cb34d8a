import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';

// Two current orders of one drug, the second a renewal 30 days ago: does it change the dose?
// The same mass a day written another way is no change; a product the service cannot convert
// leaves the days on the dose a range between the two orders.

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ATC = 'http://www.whocc.no/atc';
const UCUM = 'http://unitsofmeasure.org';

const concept = (system: string, code: string, display: string) => ({ coding: [{ system, code, display }] });
const named = (text: string) => ({ text });
const AMIODARONE_200_TAB = concept(RXNORM, '833528', 'amiodarone hydrochloride 200 MG Oral Tablet');
const AMIODARONE_IN = concept(RXNORM, '703', 'amiodarone');
const AMIODARONE_ATC = concept(ATC, 'C01BD01', 'amiodarone');
const METFORMIN_500_TAB = concept(RXNORM, '861007', 'metformin hydrochloride 500 MG Oral Tablet');
const METFORMIN_1000_TAB = concept(RXNORM, '861004', 'metformin hydrochloride 1000 MG Oral Tablet');

function dose(value: number, unit: string, code: string | undefined, perDay: number) {
  return {
    timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } },
    doseAndRate: [{ doseQuantity: { value, unit, ...(code ? { system: UCUM, code } : {}) } }],
  };
}
const tablets = (n: number, perDay = 1) => dose(n, 'tablet(s)', '{tbl}', perDay);
const mg = (n: number, perDay = 1) => dose(n, 'mg', 'mg', perDay);

function order(id: string, medication: unknown, daysAgo: number, dosage: unknown): FhirResource {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    authoredOn: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10),
    medicationCodeableConcept: medication,
    dosageInstruction: [dosage],
  } as FhirResource;
}

const cases: [string, string, unknown, unknown, unknown, unknown, unknown][] = [
  // name, value set, first drug, its dose, renewal drug, its dose, days on the dose
  [
    'the same product in the same amount',
    'amiodarone',
    AMIODARONE_200_TAB,
    tablets(1),
    AMIODARONE_200_TAB,
    tablets(1),
    400,
  ],
  [
    'the same product, twice the tablets',
    'amiodarone',
    AMIODARONE_200_TAB,
    tablets(1),
    AMIODARONE_200_TAB,
    tablets(2),
    30,
  ],
  [
    'the ingredient code at the same milligrams',
    'amiodarone',
    AMIODARONE_200_TAB,
    tablets(1),
    AMIODARONE_IN,
    mg(200),
    400,
  ],
  ['the ingredient code at other milligrams', 'amiodarone', AMIODARONE_200_TAB, tablets(1), AMIODARONE_IN, mg(400), 30],
  [
    'a brand by name with its strength',
    'amiodarone',
    AMIODARONE_200_TAB,
    tablets(1),
    named('Pacerone 200 MG Oral Tablet'),
    tablets(1),
    400,
  ],
  [
    'a brand by name at another strength',
    'amiodarone',
    AMIODARONE_200_TAB,
    tablets(1),
    named('Pacerone 400 MG Oral Tablet'),
    tablets(1),
    30,
  ],
  [
    'the ATC code with no strength: cannot be compared',
    'amiodarone',
    AMIODARONE_200_TAB,
    tablets(1),
    AMIODARONE_ATC,
    tablets(1),
    { low: 30, high: 400 },
  ],
  [
    'grams against milligrams',
    'metformin',
    METFORMIN_500_TAB,
    tablets(2, 2),
    METFORMIN_1000_TAB,
    dose(1, 'g', 'g', 2),
    400,
  ],
  [
    'one 1000 mg tablet after two of 500 mg',
    'metformin',
    METFORMIN_500_TAB,
    tablets(2, 2),
    METFORMIN_1000_TAB,
    tablets(1, 2),
    400,
  ],
  [
    'one 1000 mg tablet after one of 500 mg',
    'metformin',
    METFORMIN_500_TAB,
    tablets(1, 2),
    METFORMIN_1000_TAB,
    tablets(1, 2),
    30,
  ],
  [
    'a dose in another unit (mL) cannot be compared',
    'metformin',
    METFORMIN_500_TAB,
    tablets(1, 2),
    named('metformin oral solution'),
    dose(5, 'mL', 'mL', 2),
    { low: 30, high: 400 },
  ],
];

describe('a renewal changes the dose only when its mass a day differs', () => {
  test.each(cases)('%s', (_name, set, first, firstDose, renewal, renewalDose, days) => {
    const record = recordFromResources('p1', [order('a', first, 400, firstDose), order('b', renewal, 30, renewalDose)]);
    const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
    expect(facts.rule.values.get(`medication.${set}`)).toBe(true);
    expect(facts.rule.values.get(`medication.${set}.stableDays`)).toEqual(days);
  });
});
