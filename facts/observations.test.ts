import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const SCT = 'http://snomed.info/sct';

function factsOf(resources: unknown[], grams = 10, tweak: Partial<PatientRecord> = {}) {
  const record = { ...recordFromResources('p1', resources as FhirResource[]), ...tweak };
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: grams });
}

function obs(id: string, loinc: string, date: string, value: Record<string, unknown>) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    effectiveDateTime: date,
    ...value,
  };
}
const q = (value: number, unit: string, extra: Record<string, unknown> = {}) => ({
  valueQuantity: { value, unit, ...extra },
});

describe('eGFR', () => {
  test('the newest eGFR decides, whatever its formula, and says which', () => {
    const f = factsOf([
      obs('m', '33914-3', '2026-09-01', q(42, 'mL/min/{1.73_m2}')),
      obs('c', '98979-8', '2026-11-01', q(45, 'mL/min/{1.73_m2}')),
    ]);
    expect(f.egfr).toMatchObject({ known: true, value: { value: 45, method: 'CKD-EPI' } });
    expect(f.rule.values.get('egfr.method')).toBe('CKD-EPI');
  });

  test('CKD-EPI is used when no MDRD is on file, and says so', () => {
    const f = factsOf([obs('c', '62238-1', '2026-11-01', q(28, 'mL/min/1.73m2'))]);
    expect(f.egfr).toMatchObject({ known: true, value: { value: 28, method: 'CKD-EPI' } });
    expect(f.rule.notes.get('egfr.value')).toBe('CKD-EPI formula: no MDRD result of that date');
  });

  test.each(['mL/min/{1.73_m2}', 'mL/min/1.73m2', 'mL/min/1.73 m2', 'ml/min/1.73m²', 'mL/min/{1.73m2}'])(
    'accepts the unit %s',
    (unit) => {
      expect(factsOf([obs('m', '33914-3', '2026-11-01', q(70, unit))]).rule.values.get('egfr.value')).toBe(70);
    },
  );

  test('reads plain mL/min under an eGFR code, with a note: the code says which test it is', () => {
    const f = factsOf([obs('m', '33914-3', '2026-11-01', q(70, 'mL/min'))]);
    expect(f.rule.values.get('egfr.value')).toBe(70);
    expect(f.rule.notes.get('egfr.value')).toContain('unit written "mL/min" under an eGFR code');
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    [
      'a bound as text with no unit under an eGFR code',
      { valueString: '<15' },
      { low: 0, high: 15, highExclusive: true },
    ],
    ['a number with no unit under an eGFR code', { valueQuantity: { value: 22 } }, 22],
    ['"mL/mn" under an eGFR code', q(22, 'mL/mn'), 22],
  ])('reads %s', (_name, value, expected) => {
    expect(factsOf([obs('c', '62238-1', '2026-11-01', value)]).rule.values.get('egfr.value')).toEqual(expected);
  });

  test('a creatinine clearance in mL/min (LOINC 2164-2) is no eGFR', () => {
    expect(factsOf([obs('cl', '2164-2', '2026-11-01', q(22, 'mL/min'))]).egfr.known).toBe(false);
  });

  test('a result named an eGFR only by its words still needs the eGFR unit', () => {
    const local = {
      resourceType: 'Observation',
      id: 'l',
      status: 'final',
      code: { coding: [{ system: 'http://chu-exemple.fr/labo', code: 'X' }], text: 'DFG estimé' },
      effectiveDateTime: '2026-11-01',
    };
    expect(factsOf([{ ...local, ...q(22, 'mL/min') }]).egfr.known).toBe(false);
    expect(factsOf([{ ...local, valueString: '<15' }]).egfr.known).toBe(false);
  });

  test('a "> 60" result is a bound, with a note', () => {
    const f = factsOf([obs('m', '33914-3', '2026-11-01', q(60, 'mL/min/{1.73_m2}', { comparator: '>' }))]);
    expect(f.rule.values.get('egfr.value')).toEqual({ low: 60, lowExclusive: true });
    expect(f.rule.notes.get('egfr.value')).toContain('reported as > 60');
  });

  test.each<[string, '<' | '<=' | '>=', object]>([
    ['"< 30" lies below 30, not at it', '<', { low: 0, high: 30, highExclusive: true }],
    ['"<= 30" may be 30', '<=', { low: 0, high: 30 }],
    ['">= 30" may be 30', '>=', { low: 30 }],
  ])('a result reported as %s', (_name, comparator, range) => {
    const f = factsOf([obs('m', '33914-3', '2026-11-01', q(30, 'mL/min/{1.73_m2}', { comparator }))]);
    expect(f.rule.values.get('egfr.value')).toEqual(range);
  });

  test('an unreadable latest MDRD does not fall back to CKD-EPI', () => {
    const f = factsOf([
      obs('m', '33914-3', 'last week', q(20, 'mL/min/{1.73_m2}')),
      obs('c', '98979-8', '2026-11-01', q(45, 'mL/min/{1.73_m2}')),
    ]);
    expect(f.egfr.known).toBe(false);
  });
});

describe('alcohol', () => {
  test.each([
    [10, 2, 20],
    [14, 2, 28],
  ])('at %d g per drink, %d drinks a day is %d g/day', (grams, drinks, expected) => {
    const f = factsOf([obs('a', '74013-4', '2026-10-01', q(drinks, '{drinks}/d'))], grams);
    expect(f.rule.values.get('alcohol.gramsPerDay')).toBe(expected);
  });

  test('a weekly figure is divided by 7', () => {
    expect(factsOf([obs('a', '74013-4', '2026-10-01', q(14, '/wk'))]).rule.values.get('alcohol.gramsPerDay')).toBe(20);
  });

  test('AUDIT-C is read separately, from valueInteger or valueQuantity', () => {
    expect(factsOf([obs('s', '75626-2', '2026-10-01', { valueInteger: 5 })]).rule.values.get('alcohol.auditC')).toBe(5);
    expect(factsOf([obs('s', '75626-2', '2026-10-01', q(3, '{score}'))]).rule.values.get('alcohol.auditC')).toBe(3);
  });

  test.each([
    ['absent', []],
    ['out of range AUDIT-C', [obs('s', '75626-2', '2026-10-01', { valueInteger: 14 })]],
  ])('unknown when %s', (_name, resources) => {
    const f = factsOf(resources);
    expect(f.rule.values.has('alcohol.auditC')).toBe(false);
    expect(f.rule.values.has('alcohol.gramsPerDay')).toBe(false);
  });
});

describe('steatosis on liver imaging', () => {
  const report = (id: string, date: string, conclusionCode?: unknown[], conclusion?: string) => ({
    resourceType: 'DiagnosticReport',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '28614-6' }] },
    effectiveDateTime: date,
    ...(conclusionCode ? { conclusionCode } : {}),
    ...(conclusion ? { conclusion } : {}),
  });
  const steatosis = { coding: [{ system: SCT, code: '197321007' }] };
  const nash = { coding: [{ system: SCT, code: '442685003' }] };
  const normal = { coding: [{ system: SCT, code: '17621005', display: 'Normal' }] };

  test.each([
    ['a report concluding steatosis', [report('r', '2026-01-01', [steatosis])], true],
    ['a report concluding NASH', [report('r', '2026-01-01', [nash])], true],
    ['an Observation valued steatosis', [obs('o', '28614-6', '2026-01-01', { valueCodeableConcept: steatosis })], true],
    ['a report with a normal coded finding', [report('r', '2026-01-01', [normal])], false],
    [
      'a later normal study supersedes',
      [report('a', '2025-01-01', [steatosis]), report('b', '2026-01-01', [normal])],
      false,
    ],
  ])('%s → %p', (_name, resources, expected) => {
    expect(factsOf(resources).rule.values.get('imaging.steatosis')).toBe(expected);
  });

  test.each([
    ['"Bright liver."', 'Bright liver.', true],
    ['"Stéatose hépatique modérée."', 'Stéatose hépatique modérée.', true],
    ['"Foie de taille normale, pas de stéatose."', 'Foie de taille normale, pas de stéatose.', false],
    ['"No evidence of fatty liver."', 'No evidence of fatty liver.', false],
  ])('a report whose conclusion reads %s: %p, as lower-confidence evidence', (_name, text, expected) => {
    const f = factsOf([report('r', '2026-01-01', undefined, text)]);
    expect(f.rule.values.get('imaging.steatosis')).toBe(expected);
    expect(f.rule.evidence.get('imaging.steatosis')?.[0]?.confidence).toBe('low');
  });

  test.each([
    ['no imaging', []],
    ['a report whose text says nothing of the liver', [report('r', '2026-01-01', undefined, 'Vésicule lithiasique.')]],
  ])('unknown with %s', (_name, resources) => {
    expect(factsOf(resources).rule.values.has('imaging.steatosis')).toBe(false);
  });
});

describe('an HbA1c goal is not a result', () => {
  const local = (text: string) => ({
    resourceType: 'Observation',
    id: 'goal',
    status: 'final',
    code: { coding: [{ system: 'http://chu-exemple.fr/fhir/CodeSystem/codes-locaux', code: 'OBJ-A1C' }], text },
    effectiveDateTime: '2026-11-19',
    valueQuantity: { value: 8, unit: '%' },
  });

  test.each(['Objectif HbA1c', 'HbA1c goal', 'Cible HbA1c individualisée', 'HbA1c target'])(
    '"%s" 8 % three days ago does not replace the HbA1c of 7.2 %',
    (text) => {
      const f = factsOf([obs('a1c', '4548-4', '2026-11-01', q(7.2, '%')), local(text)]);
      expect(f.rule.values.get('hba1c.percent')).not.toBe(8);
    },
  );

  // Under the HbA1c LOINC code itself: the code names the test, the words say it is no result.
  test.each([
    'HbA1c cible',
    'Hemoglobin A1c goal',
    'A1c target',
    'HbA1c visée',
    'HbA1c, patient reported (outside lab)',
    'HbA1c (outside result, per patient)',
    'A1c objective (individualized)',
    'HbA1c souhaitée (sujet âgé)',
  ])('"%s" 8 %% under LOINC 4548-4 does not replace the HbA1c of 7.2 %%', (text) => {
    const goal = {
      ...obs('goal', '4548-4', '2026-11-19', q(8, '%')),
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text },
    };
    const f = factsOf([obs('a1c', '4548-4', '2026-11-01', q(7.2, '%')), goal]);
    expect(f.rule.values.get('hba1c.percent')).toBe(7.2);
  });

  // A goal remark on the reference, as US labs print it, leaves the name the test's own; so does a
  // note on how the sample was drawn.
  test.each([
    'Hemoglobin A1c (goal < 7.0%)',
    'HEMOGLOBIN A1C (GOALS: <7.0% MOST ADULTS)',
    'HbA1c (cible < 7 %)',
    'HbA1c (valeur visée chez le diabétique < 7 %)',
    'Hemoglobin A1c, drawn per patient request',
  ])('"%s" 8 %% under LOINC 4548-4 is the latest HbA1c', (text) => {
    const a1c = {
      ...obs('a1c-new', '4548-4', '2026-11-19', q(8, '%')),
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text },
    };
    const f = factsOf([obs('a1c', '4548-4', '2026-11-01', q(7.2, '%')), a1c]);
    expect(f.rule.values.get('hba1c.percent')).toBe(8);
  });

  test('the same local code named "HbA1c" is read as one, from words', () => {
    const f = factsOf([obs('a1c', '4548-4', '2026-11-01', q(7.2, '%')), local('HbA1c')]);
    expect(f.rule.values.get('hba1c.percent')).toBe(8);
  });
});
