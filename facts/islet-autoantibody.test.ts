import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

function positive(resources: Record<string, unknown>[]) {
  const record = recordFromResources('p1', resources as unknown as FhirResource[]);
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  const name = 'isletAutoantibody.positive';
  return facts.rule.values.has(name) ? facts.rule.values.get(name) : 'unknown';
}

let serial = 0;
const gad = (value: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  id: `gad-${++serial}`,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '13926-1' }], text: 'GAD65 Ab' },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2026-10-01',
  ...value,
  ...extra,
});
const level = (value: number, high?: number, flag?: string) => ({
  valueQuantity: { value, unit: 'U/mL' },
  ...(high !== undefined ? { referenceRange: [{ high: { value: high, unit: 'U/mL' } }] } : {}),
  ...(flag ? { interpretation: [{ coding: [{ system: INTERPRETATION, code: flag }] }] } : {}),
});
const coded = (loinc: string, value: number, high?: number, unit = 'U/mL', flag?: string) => ({
  ...gad(level(value, high, flag)),
  code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
  valueQuantity: { value, unit },
  ...(high !== undefined ? { referenceRange: [{ high: { value: high, unit } }] } : {}),
});
const local = (text: string, valueString: string) => ({
  ...gad({ valueString }),
  code: { coding: [{ system: 'http://chu-exemple.fr/codes', code: 'X1' }], text },
});

describe('isletAutoantibody.positive: an islet autoantibody found at any time', () => {
  test.each<[string, Record<string, unknown>[], boolean | 'unknown']>([
    ['no antibody result', [], false],
    ['GAD65 45 U/mL against a limit of 5', [gad(level(45, 5))], true],
    ['GAD65 45 U/mL flagged high, no range', [gad(level(45, undefined, 'H'))], true],
    ['GAD65 0.4 U/mL against a limit of 5', [gad(level(0.4, 5))], false],
    [
      'GAD65 "< 5" with a limit of 5',
      [gad({ ...level(5, 5), valueQuantity: { value: 5, comparator: '<', unit: 'U/mL' } })],
      false,
    ],
    [
      'a positive five years ago and a negative now: antibodies fall, the positive stands',
      [gad(level(30, 5), { effectiveDateTime: '2021-06-01' }), gad(level(2, 5))],
      true,
    ],
    [
      'French words under a local code: "Ac anti-GAD" "Positif"',
      [local('Ac anti-GAD', 'Positif (45 UI/mL, N < 5)')],
      true,
    ],
    ['"Anticorps anti-IA2" "Négatif"', [local('Anticorps anti-IA2', 'Négatif')], false],
    ['"Anti-ZnT8" "Positive"', [local('Anti-ZnT8 antibody', 'Positive')], true],
    // The abbreviations US labs print (a review of realistic records, 2026-12-05).
    ['a local "GADA" "POSITIVE"', [local('GADA', 'POSITIVE')], true],
    ['a local "IA-2 AUTOANTIBODIES" "Positive"', [local('IA-2 AUTOANTIBODIES', 'Positive')], true],
    ['a local "IA-2A" "Negative"', [local('IA-2A', 'Negative')], false],
    // Only an antibody is read: "GAD-7" is an anxiety score, not an antibody.
    ['a local "GAD-7 score" of 12', [{ ...local('GAD-7 score', ''), valueString: undefined, valueInteger: 12 }], false],
    [
      '"< 5 IU/mL" with a range written "<5"',
      [gad({ valueQuantity: { value: 5, comparator: '<', unit: 'IU/mL' }, referenceRange: [{ text: '<5' }] })],
      false,
    ],
    ['"< 5 UI/mL (N < 10)" in words', [local('Ac anti-GAD', '< 5 UI/mL (N < 10)')], false],
    ['"38 UI/mL (N < 10)" in words', [local('Ac anti-GAD', '38 UI/mL (N < 10)')], true],
    [
      '"Non réalisé : prélèvement hémolysé" is no result',
      [local('Ac anti-GAD', 'Non réalisé : prélèvement hémolysé')],
      false,
    ],
    ['"Test not performed - QNS" is no result', [gad({ valueString: 'Test not performed - QNS' })], false],
    // The LOINC codes laboratories send for GAD65, IA-2 and ZnT8 antibodies (a review, 2026-12-07:
    // a LOINC code in no value set names another test, so these were passed over).
    ['GAD65 0.48 nmol/L (limit 0.02) under 56540-8', [coded('56540-8', 0.48, 0.02, 'nmol/L')], true],
    ['GAD65 0.01 nmol/L (limit 0.02) under 56540-8', [coded('56540-8', 0.01, 0.02, 'nmol/L')], false],
    ['GAD65 under 94345-6 flagged high', [coded('94345-6', 0.3, undefined, 'nmol/L', 'H')], true],
    ['ZnT8 212 U/mL (limit 15) under 76651-9', [coded('76651-9', 212, 15)], true],
    ['ZnT8 4 U/mL (limit 15) under 76651-9', [coded('76651-9', 4, 15)], false],
    ['IA-2 38 U/mL (limit 7.5) under 56718-0', [coded('56718-0', 38, 7.5)], true],
    ['IA-2 under 81155-4 flagged high', [coded('81155-4', 0.9, undefined, 'nmol/L', 'H')], true],
    ['IA-2 2 U/mL (limit 7.5) under 31209-0', [coded('31209-0', 2, 7.5)], false],
    ['guard: insulin antibodies (8072-1), raised by insulin treatment, are not read', [coded('8072-1', 9, 0.4)], false],
    // What cannot be read leaves it unknown, never "no".
    ['GAD65 12 U/mL with no range and no flag', [gad(level(12))], 'unknown'],
    ['GAD65 45 U/mL against a limit of 5 but flagged normal', [gad(level(45, 5, 'N'))], 'unknown'],
    ['a preliminary positive', [gad({ valueString: 'Positive' }, { status: 'preliminary' })], 'unknown'],
    ['"douteux"', [local('Ac anti-GAD', 'Douteux')], 'unknown'],
  ])('%s', (_name, resources, expected) => {
    expect(positive(resources)).toBe(expected);
  });
});
