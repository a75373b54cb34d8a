import { describe, expect, test } from '@jest/globals';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { ageFact, recordedMaleFact, sexFact } from './age.js';
import { DataQualityLog } from './data-quality.js';

function recordWith(patient: Record<string, unknown> | undefined): PatientRecord {
  const base = recordFromResources('p1', []);
  return patient ? { ...base, patient: { resourceType: 'Patient', id: 'p1', ...patient } } : base;
}

describe('age in whole years', () => {
  test.each([
    ['the day before the 18th birthday', '2008-11-23', '2026-11-22T10:00:00Z', 17],
    ['the 18th birthday', '2008-11-22', '2026-11-22T10:00:00Z', 18],
    ['a 29 February birthday on 28 February', '2000-02-29', '2026-02-28T12:00:00Z', 25],
    ['a 29 February birthday on 1 March', '2000-02-29', '2026-03-01T12:00:00Z', 26],
    ['a year-only birth date that gives one age', '1990', '2026-12-31T12:00:00Z', 36],
    ['a month-only birth date that gives one age', '1990-03', '2026-11-22T10:00:00Z', 36],
  ])('%s', (_name, birthDate, now, age) => {
    const fact = ageFact(recordWith({ birthDate }), new Date(now), new DataQualityLog());
    expect(fact).toMatchObject({ known: true, value: { youngest: age, oldest: age } });
  });

  test('a year-only birth date spanning two ages gives both, never a guess between them', () => {
    const fact = ageFact(recordWith({ birthDate: '1990' }), new Date('2026-06-01T00:00:00Z'), new DataQualityLog());
    expect(fact).toMatchObject({
      known: true,
      value: { youngest: 35, oldest: 36 },
      note: expect.stringContaining('35 or 36'),
    });
  });

  test.each([
    ['an impossible date', '1990-02-30'],
    ['a future date', '2030-01-01'],
    ['a number', 1990],
    ['an implausible age', '1850-01-01'],
  ])('%s is unknown with a data-quality line', (_name, birthDate) => {
    const dq = new DataQualityLog();
    const fact = ageFact(recordWith({ birthDate }), new Date('2026-11-22T10:00:00Z'), dq);
    expect(fact.known).toBe(false);
    expect(dq.list()).toHaveLength(1);
    expect(dq.list()[0]).toMatch(/^Patient\/p1: /);
  });

  test.each([
    ['no Patient', undefined],
    ['no birth date', { gender: 'female' }],
  ])('%s: unknown', (_name, patient) => {
    expect(ageFact(recordWith(patient), new Date(), new DataQualityLog()).known).toBe(false);
  });
});

describe('sex', () => {
  test.each(['male', 'female'])('%s is read as is', (gender) => {
    expect(sexFact(recordWith({ gender }), new DataQualityLog())).toMatchObject({ known: true, value: gender });
  });

  test.each(['other', 'unknown'])(
    '"%s" is a valid code that names neither sex: unknown, with the patient as evidence',
    (gender) => {
      const dq = new DataQualityLog();
      const fact = sexFact(recordWith({ gender }), dq);
      expect(fact).toMatchObject({ known: false, reason: `Patient.gender is "${gender}"` });
      expect(fact.evidence).toHaveLength(1);
      expect(dq.list()).toEqual([]);
    },
  );

  test.each([
    ['absent', {}],
    ['not a FHIR code', { gender: 'M' }],
    ['not a string', { gender: ['male'] }],
  ])('%s gender is unknown', (_name, patient) => {
    expect(sexFact(recordWith(patient), new DataQualityLog()).known).toBe(false);
  });
});

describe('gender recorded as male (the pregnancy exclusions set a man aside)', () => {
  const birthSex = (code: string) => ({
    extension: [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: code }],
  });
  test.each([
    ['male', { gender: 'male' }, true],
    ['female', { gender: 'female' }, false],
    ['"other"', { gender: 'other' }, false],
    ['"unknown"', { gender: 'unknown' }, false],
    ['no gender', {}, false],
    ['male, US Core birth sex male', { gender: 'male', ...birthSex('M') }, true],
  ])('%s', (_name, patient, male) => {
    expect(recordedMaleFact(recordWith(patient))).toMatchObject({ known: true, value: male });
  });

  test.each([
    ['no Patient resource', undefined],
    ['male whose US Core birth sex is female', { gender: 'male', ...birthSex('F') }],
  ])('unknown for %s', (_name, patient) => {
    expect(recordedMaleFact(recordWith(patient)).known).toBe(false);
  });
});
