import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';
import { formatPercent, ifccToNgsp } from './hba1c.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const UCUM = 'http://unitsofmeasure.org';

function factsOf(resources: unknown[], tweak: Partial<PatientRecord> = {}) {
  const record = { ...recordFromResources('p1', resources as FhirResource[]), ...tweak };
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
}

function a1c(id: string, value: unknown, date: unknown, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
    effectiveDateTime: date,
    valueQuantity: value,
    ...extra,
  };
}
const pct = (value: number) => ({ value, unit: '%', system: UCUM, code: '%' });
const ifcc = (value: number) => ({ value, unit: 'mmol/mol', system: UCUM, code: 'mmol/mol' });

describe('IFCC to NGSP conversion (docs/clinical-rules.md reference points)', () => {
  test.each([
    [48, 6.5],
    [64, 8.0],
    [108, 12.0],
  ])('%d mmol/mol is %d %%', (mmol, percent) => {
    expect(Math.abs(ifccToNgsp(mmol) - percent)).toBeLessThan(0.05);
  });

  test('75 mmol/mol shows as 9.0 %', () => {
    expect(formatPercent(ifccToNgsp(75))).toBe('9.0');
  });
});

describe('latest HbA1c', () => {
  test('takes the latest by effective date, whatever the order on file', () => {
    const f = factsOf([
      a1c('old', pct(9.5), '2026-05-01'),
      a1c('new', pct(8.1), '2026-10-01'),
      a1c('mid', pct(7.0), '2026-08-01'),
    ]);
    expect(f.hba1c).toMatchObject({ known: true, value: { percent: 8.1, date: '2026-10-01', ageDays: 52 } });
    expect(f.hba1c.evidence).toEqual([
      expect.objectContaining({ resourceType: 'Observation', id: 'new', confidence: 'high' }),
    ]);
  });

  test('converts an IFCC result coded with 59261-8', () => {
    const obs = {
      ...a1c('i', ifcc(75), '2026-11-01'),
      code: { coding: [{ system: 'http://loinc.org', code: '59261-8' }] },
    };
    const f = factsOf([obs]);
    expect(f.hba1c.known && f.hba1c.value.measured).toEqual({ value: 75, unit: 'mmol/mol', scale: 'IFCC' });
    expect(f.rule.values.get('hba1c.percent')).toBeCloseTo(9.013, 3);
    expect(f.hba1c.evidence[0]?.display).toBe('HbA1c 75 mmol/mol (9.0 %)');
  });

  test('accepts a UCUM annotation on %', () => {
    const f = factsOf([a1c('x', { value: 8.2, unit: '%', system: UCUM, code: '%{HbA1c}' }, '2026-11-01')]);
    expect(f.rule.values.get('hba1c.percent')).toBe(8.2);
  });

  test.each([
    ['mg/dL', { value: 212, unit: 'mg/dL', system: UCUM, code: 'mg/dL' }, 'unit cannot be converted'],
    ['no unit', { value: 8.9 }, 'unit cannot be converted'],
    ['a string value', '8.9 %', 'not a Quantity'],
    ['a string number', { value: '8.9', unit: '%' }, 'no numeric value'],
    ['an IFCC value written as %', pct(89), 'implausible'],
  ])('a latest result with %s makes HbA1c unknown rather than falling back', (_name, value, reason) => {
    const f = factsOf([a1c('latest', value, '2026-11-10'), a1c('older', pct(9.0), '2026-09-01')]);
    expect(f.hba1c.known).toBe(false);
    expect(!f.hba1c.known && f.hba1c.reason).toContain(reason);
    expect(f.rule.values.has('hba1c.percent')).toBe(false);
    expect(f.rule.unknownReasons.get('hba1c.percent')).toContain('Observation/latest');
    expect(f.dataQuality.some((l) => l.startsWith('Observation/latest: '))).toBe(true);
  });

  test.each<[string, number]>([
    ['% of total Hb', 8.6],
    ["% de l'Hb totale", 8.6],
    ['% Hb totale', 8.6],
    ['%Hb', 8.6],
    ['% (NGSP)', 8.6],
    ['% DCCT', 8.6],
    ['%{HbA1c}', 8.6],
    ['mmol/mol Hb', 9.013],
    ['mmol/mol (IFCC)', 9.013],
  ])('reads the unit as laboratories write it: "%s"', (unit, percent) => {
    const value = unit.startsWith('%') ? 8.6 : 75;
    const f = factsOf([a1c('x', { value, unit }, '2026-11-01')]);
    expect(f.rule.values.get('hba1c.percent')).toBeCloseTo(percent, 3);
  });

  test.each(['% of total cholesterol', 'mg/dL', '%CV', 'mmol/L'])(
    'refuses a unit that is no HbA1c scale: "%s"',
    (unit) => {
      const f = factsOf([a1c('x', { value: 8.6, unit }, '2026-11-01')]);
      expect(f.hba1c.known).toBe(false);
    },
  );

  test.each<[string, string, string, unknown]>([
    // A day without a time may be later than the timed result of that day: neither is the latest alone.
    ['a date-only result and one timed the same day', '2026-11-10', '2026-11-10T09:00:00Z', { low: 7.5, high: 8.5 }],
    ['a date-only result and one timed the next day', '2026-11-09', '2026-11-10T09:00:00Z', 8.5],
    ['two timed results the same day', '2026-11-10T08:00:00Z', '2026-11-10T09:00:00Z', 8.5],
  ])('%s', (_name, first, second, expected) => {
    const f = factsOf([a1c('a', pct(7.5), first), a1c('b', pct(8.5), second)]);
    expect(f.rule.values.get('hba1c.percent')).toEqual(expected);
  });

  // Beyond the assay's range, labs report a bound ("> 14 %"): it decides the thresholds it clears.
  test.each<[string, Record<string, unknown>, object, string]>([
    [
      '"> 14 %"',
      { value: 14, comparator: '>', unit: '%', system: UCUM, code: '%' },
      { low: 14, lowExclusive: true },
      '> 14 %',
    ],
    ['"<= 6 %"', { value: 6, comparator: '<=', unit: '%', system: UCUM, code: '%' }, { low: 0, high: 6 }, '≤ 6 %'],
    ['"< 4 %"', { value: 4, comparator: '<', unit: '%' }, { low: 0, high: 4, highExclusive: true }, '< 4 %'],
  ])('a latest result reported as %s is the bound it gives, not an older value', (_name, value, range, display) => {
    const f = factsOf([a1c('latest', value, '2026-11-10'), a1c('older', pct(9.0), '2026-09-01')]);
    expect(f.rule.values.get('hba1c.percent')).toEqual(range);
    expect(f.hba1c.evidence.map((e) => e.display)).toEqual([`HbA1c ${display}`]);
    expect(f.rule.notes.get('hba1c.percent')).toContain(`reported as ${display}`);
  });

  test.each([
    ['an impossible date', '2024-13-45'],
    ['29 February of a common year', '2025-02-29'],
    ['a number', 20261110],
    ['a date in the future', '2027-06-01'],
    ['no date', undefined],
  ])('a result with %s makes HbA1c unknown: it might be the latest', (_name, date) => {
    const f = factsOf([a1c('bad-date', pct(7.0), date), a1c('older', pct(9.0), '2026-09-01')]);
    expect(f.hba1c.known).toBe(false);
    expect(!f.hba1c.known && f.hba1c.reason).toContain('Observation/bad-date');
  });

  test('an unreadable older result does not hide a readable latest one', () => {
    const f = factsOf([
      a1c('latest', pct(8.4), '2026-11-10'),
      a1c('older', { value: 180, unit: 'mg/dL' }, '2026-05-01'),
    ]);
    expect(f.rule.values.get('hba1c.percent')).toBe(8.4);
    expect(f.dataQuality).toEqual(['Observation/older: unit cannot be converted to NGSP %']);
  });

  test.each(['entered-in-error', 'cancelled', 'registered'])('a %s result is ignored', (status) => {
    const f = factsOf([a1c('dropped', pct(6.0), '2026-11-10', { status }), a1c('older', pct(9.0), '2026-09-01')]);
    expect(f.rule.values.get('hba1c.percent')).toBe(9.0);
  });

  test.each([undefined, 'unknown', 42])('a latest result with status %p makes HbA1c unknown', (status) => {
    const f = factsOf([a1c('odd', pct(6.0), '2026-11-10', { status }), a1c('older', pct(9.0), '2026-09-01')]);
    expect(f.hba1c.known).toBe(false);
  });

  test('a registered result has no value yet: the final one before it stands', () => {
    const f = factsOf([
      a1c('pre', pct(8.6), '2026-11-10', { status: 'registered' }),
      a1c('final', pct(7.2), '2026-09-01'),
    ]);
    expect(f.rule.values.get('hba1c.percent')).toBe(7.2);
  });

  test('a newer preliminary result may differ from the final one before it: HbA1c unknown', () => {
    const f = factsOf([
      a1c('pre', pct(7.1), '2026-11-10', { status: 'preliminary' }),
      a1c('final', pct(8.7), '2026-09-01'),
    ]);
    expect(f.rule.values.has('hba1c.percent')).toBe(false);
    expect(f.rule.unknownReasons.get('hba1c.percent')).toContain('preliminary');
  });

  test('an amended result replaces the original of the same time', () => {
    const f = factsOf([
      a1c('orig', pct(7.6), '2026-11-10T08:00:00Z'),
      a1c('amended', pct(8.4), '2026-11-10T08:00:00Z', { status: 'amended' }),
    ]);
    expect(f.rule.values.get('hba1c.percent')).toBe(8.4);
    expect(f.rule.evidence.get('hba1c.percent')?.map((e) => e.id)).toEqual(['amended']);
  });

  test.each([
    ['8,4 %', 8.4],
    ['8.4%', 8.4],
    ['68 mmol/mol', 0.09148 * 68 + 2.152],
  ])('a valueString "%s" is read as a number with its unit', (text, percent) => {
    const r = a1c('text', undefined, '2026-11-10');
    delete (r as Record<string, unknown>).valueQuantity;
    const f = factsOf([{ ...r, valueString: text }]);
    expect(f.rule.values.get('hba1c.percent')).toBeCloseTo(percent, 5);
    expect(f.rule.notes.get('hba1c.percent')).toContain('read from text');
  });

  test.each(['8,4', 'élevée', '8.4 % (contrôle)'])('a valueString "%s" is not a value: HbA1c unknown', (text) => {
    const r = a1c('text', undefined, '2026-11-10');
    delete (r as Record<string, unknown>).valueQuantity;
    const f = factsOf([{ ...r, valueString: text }, a1c('older', pct(9.0), '2026-09-01')]);
    expect(f.hba1c.known).toBe(false);
  });

  test('a result explicitly without value (dataAbsentReason) is not a result', () => {
    const absent = { ...a1c('absent', undefined, '2026-11-10'), dataAbsentReason: { text: 'haemolysed' } };
    delete (absent as Record<string, unknown>).valueQuantity;
    const f = factsOf([absent, a1c('older', pct(9.0), '2026-09-01')]);
    expect(f.rule.values.get('hba1c.percent')).toBe(9.0);
  });

  test('results at the same instant that disagree give a range: thresholds they straddle stay undecided', () => {
    const f = factsOf([a1c('a', pct(7.8), '2026-11-10T08:00:00Z'), a1c('b', pct(10.0), '2026-11-10T08:00:00Z')]);
    expect(f.rule.values.get('hba1c.percent')).toEqual({ low: 7.8, high: 10.0 });
  });

  test('ages the result from a dateTime with an offset', () => {
    const f = factsOf([a1c('x', pct(8.0), '2026-05-23T08:40:00+01:00')]);
    expect(f.rule.values.get('hba1c.ageDays')).toBe(183);
  });

  test.each([
    ['no HbA1c on file', [], {}, 'no HbA1c on file'],
    ['Observations not loaded', [a1c('x', pct(9), '2026-11-01')], { loaded: new Set(['Condition']) }, 'not loaded'],
    ['Observations truncated', [a1c('x', pct(9), '2026-11-01')], { truncated: new Set(['Observation']) }, 'truncated'],
  ])('unknown when %s', (_name, resources, tweak, reason) => {
    const f = factsOf(resources, tweak);
    expect(!f.hba1c.known && f.hba1c.reason).toContain(reason);
  });
});

describe('a hemoglobinopathy on the problem list leaves every HbA1c unknown (value set hemoglobinopathy-hba1c)', () => {
  const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
  const CIM10 = 'https://smt.esante.gouv.fr/terminologie-cim-10';
  const SCT = 'http://snomed.info/sct';
  const clinical = (code: string) => ({
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }],
  });
  const verification = (code: string) => ({
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code }],
  });
  function problem(system: string, code: string, text: string, extra: Record<string, unknown> = {}) {
    return {
      resourceType: 'Condition',
      id: 'hb',
      clinicalStatus: clinical('active'),
      verificationStatus: verification('confirmed'),
      code: { coding: [{ system, code }], text },
      recordedDate: '2020-03-02',
      ...extra,
    };
  }
  test.each<[string, Record<string, unknown>, number | undefined]>([
    ['sickle cell disease D57.1 (HbSS)', problem(ICD10CM, 'D57.1', 'Sickle cell disease (HbSS)'), undefined],
    ['CIM-10 D57.0 "Drépanocytose homozygote SS"', problem(CIM10, 'D57.0', 'Drépanocytose homozygote SS'), undefined],
    [
      'beta thalassemia major D56.1',
      problem(ICD10CM, 'D56.1', 'Beta thalassemia major, transfusion-dependent'),
      undefined,
    ],
    ['SNOMED 127040003', problem(SCT, '127040003', 'Sickle cell-hemoglobin SS disease'), undefined],
    ['HPFH D56.4', problem(ICD10CM, 'D56.4', 'Hereditary persistence of fetal hemoglobin'), undefined],
    ['in words under a local code', problem('urn:oid:1.2.3.4', 'DREPA', 'Drépanocytose homozygote SS'), undefined],
    [
      'a provisional diagnosis (it may be there)',
      problem(ICD10CM, 'D57.1', 'Sickle cell disease', { verificationStatus: verification('provisional') }),
      undefined,
    ],
    ['control: the sickle-cell trait D57.3', problem(ICD10CM, 'D57.3', 'Sickle-cell trait'), 8.6],
    ['control: thalassemia minor D56.3', problem(ICD10CM, 'D56.3', 'Beta thalassemia minor'), 8.6],
    // A review of the change (2026-12-07, night): a carrier named with the disease's words, and a
    // minor thalassemia under CIM-10 D56.1.
    ['control: a carrier in words', problem('urn:oid:1.2.3.4', 'HB-TRAIT', 'Carrier of sickle cell anemia trait'), 8.6],
    ['control: CIM-10 D56.1 said minor', problem(CIM10, 'D56.1', 'Bêta-thalassémie hétérozygote (mineure)'), 8.6],
    [
      'control: a resolved record',
      problem(ICD10CM, 'D57.1', 'Sickle cell disease', { clinicalStatus: clinical('resolved') }),
      8.6,
    ],
    [
      'control: a refuted record',
      problem(ICD10CM, 'D57.1', 'Sickle cell disease', { verificationStatus: verification('refuted') }),
      8.6,
    ],
    [
      "control: a relative's disease",
      problem(ICD10CM, 'Z83.2', 'Family history of sickle cell disease (brother)'),
      8.6,
    ],
  ])('%s', (_name, condition, expected) => {
    const f = factsOf([a1c('a', pct(8.6), '2026-10-23'), condition]);
    expect(f.rule.values.get('hba1c.percent')).toBe(expected);
    if (expected === undefined)
      expect(f.hba1c).toMatchObject({ known: false, reason: expect.stringMatching(/hemoglobinopathy/) });
  });
});
