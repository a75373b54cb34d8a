import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

function observed(resources: Record<string, unknown>[]) {
  const record = recordFromResources('p1', resources as unknown as FhirResource[]);
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return facts.rule.values.has('pregnancy.observed') ? facts.rule.values.get('pregnancy.observed') : 'unknown';
}

const obs = (id: string, code: string, date: string | undefined, value: Record<string, unknown>, extra = {}) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code }] },
  subject: { reference: 'Patient/p1' },
  ...(date ? { effectiveDateTime: date } : {}),
  ...value,
  ...extra,
});
const answer = (system: string, code: string, display: string) => ({
  valueCodeableConcept: { coding: [{ system, code, display }], text: display },
});
const PREGNANT = answer(SNOMED, '77386006', 'Patient currently pregnant');
const NOT_PREGNANT = answer(SNOMED, '60001007', 'Not pregnant');

describe('pregnancy.observed: the latest pregnancy status, test or due date of the last 300 days', () => {
  test.each<[string, Record<string, unknown>[], boolean | 'unknown']>([
    ['no pregnancy observation at all', [], false],
    ['US Core pregnancy status "Pregnant" (82810-3) 20 days ago', [obs('s', '82810-3', '2026-11-02', PREGNANT)], true],
    ['the LOINC answer LA15173-0', [obs('s', '82810-3', '2026-11-02', answer(LOINC, 'LA15173-0', 'Pregnant'))], true],
    ['11449-6 as a boolean (a French profile)', [obs('s', '11449-6', '2026-11-02', { valueBoolean: true })], true],
    ['"Enceinte" in words', [obs('s', '11449-6', '2026-11-02', { valueString: 'Enceinte (12 SA)' })], true],
    ['"Not pregnant"', [obs('s', '82810-3', '2026-11-02', NOT_PREGNANT)], false],
    ['"Non enceinte" in words', [obs('s', '11449-6', '2026-11-02', { valueString: 'Non enceinte' })], false],
    ['a positive urine hCG', [obs('t', '2106-3', '2026-11-10', { valueString: 'Positif' })], true],
    ['a negative urine hCG', [obs('t', '2106-3', '2026-11-10', { valueString: 'Négatif' })], false],
    ['a due date in four months', [obs('d', '11778-8', '2026-10-01', { valueDateTime: '2027-03-20' })], true],
    [
      'a due date passed 20 days ago (the puerperium)',
      [obs('d', '11778-8', '2026-05-01', { valueDateTime: '2026-11-02' })],
      true,
    ],
    ['a due date passed 90 days ago', [obs('d', '11778-8', '2026-03-01', { valueDateTime: '2026-08-24' })], false],
    [
      'a due date in 2019 recorded a month ago',
      [obs('d', '11778-8', '2026-10-20', { valueDateTime: '2019-05-01' })],
      false,
    ],
    ['"Pregnant" 400 days ago: a past pregnancy', [obs('s', '82810-3', '2025-10-18', PREGNANT)], false],
    [
      '"Not pregnant" after a positive test: the newest decides',
      [obs('t', '2106-3', '2026-08-01', { valueString: 'Positive' }), obs('s', '82810-3', '2026-11-02', NOT_PREGNANT)],
      false,
    ],
    // What cannot be read leaves it unknown, never "not pregnant".
    [
      'status "Unknown" (261665006)',
      [obs('s', '82810-3', '2026-11-02', answer(SNOMED, '261665006', 'Unknown'))],
      'unknown',
    ],
    [
      '"Pregnant - no complications": a bare "no" beside "pregnant" is not read',
      [obs('s', '82810-3', '2026-11-02', { valueString: 'Pregnant - no complications' })],
      'unknown',
    ],
    ['"No / oui ?" (both)', [obs('s', '11449-6', '2026-11-02', { valueString: 'non / oui ?' })], 'unknown'],
    ['an undated status', [obs('s', '82810-3', undefined, PREGNANT)], 'unknown'],
    [
      'a preliminary positive test',
      [obs('t', '2106-3', '2026-11-10', { valueString: 'Positive' }, { status: 'preliminary' })],
      'unknown',
    ],
    [
      'a "Pregnant" and a "Not pregnant" of the same day',
      [obs('a', '82810-3', '2026-11-02', PREGNANT), obs('b', '82810-3', '2026-11-02', NOT_PREGNANT)],
      'unknown',
    ],
    [
      'a local code named "Statut de grossesse"',
      [
        {
          ...obs('s', 'x', '2026-11-02', { valueString: 'Oui' }),
          code: { coding: [{ system: 'http://chu-exemple.fr/codes', code: 'GROSS' }], text: 'Statut de grossesse' },
        },
      ],
      true,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(observed(resources)).toBe(expected);
  });
});
