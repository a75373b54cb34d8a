import { describe, expect, test } from '@jest/globals';
import { daysSince, readDateInText, readFhirDate, readPastDate } from './fhir-date.js';

describe('FHIR dates', () => {
  test.each([
    ['2024', 'year', Date.UTC(2024, 0, 1)],
    ['2024-02', 'month', Date.UTC(2024, 1, 1)],
    ['2024-02-29', 'day', Date.UTC(2024, 1, 29)],
    ['2024-02-29T10:00:00Z', 'time', Date.UTC(2024, 1, 29, 10)],
    ['2024-02-29T10:00:00.123+01:00', 'time', Date.UTC(2024, 1, 29, 9)],
    ['2024-02-29T10:00:00-05:30', 'time', Date.UTC(2024, 1, 29, 15, 30)],
    ['2024-02-29T10:00', 'time', Date.UTC(2024, 1, 29, 10)],
  ])('reads %s', (text, precision, ms) => {
    expect(readFhirDate(text)).toEqual({ text, precision, ms });
  });

  test.each([
    ['an impossible month and day', '2024-13-45'],
    ['29 February of a common year', '2023-02-29'],
    ['31 April', '2024-04-31'],
    ['month 00', '2024-00'],
    ['a two-digit year', '24-01-01'],
    ['hour 25', '2024-01-01T25:00:00Z'],
    ['a slash date', '01/02/2024'],
    ['an empty string', ''],
    ['words', 'yesterday'],
    ['a number', 20240101],
    ['an object', { value: '2024-01-01' }],
    ['a year before 1800', '1066-10-14'],
  ])('refuses %s', (_name, value) => {
    expect(readFhirDate(value)).toBe('invalid');
  });

  test.each([undefined, null])('%p is absent, not invalid', (value) => {
    expect(readFhirDate(value)).toBe('absent');
  });

  test('a past date must not lie beyond tomorrow', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(readPastDate('2026-11-23', now)).not.toBe('invalid');
    expect(readPastDate('2026-11-24', now)).toBe('invalid');
  });

  test('days since counts whole days', () => {
    const d = readFhirDate('2026-11-01');
    expect(typeof d === 'object' && daysSince(d, new Date('2026-11-22T10:00:00Z'))).toBe(21);
  });
});

describe('a date in text (onsetString, performedString)', () => {
  test.each([
    ['découverte en octobre 2026 (polyuro-polydipsie, amaigrissement)', '2026-10', 'month'],
    ['depuis 2015', '2015', 'year'],
    ['since 2015', '2015', 'year'],
    ['mars 2019', '2019-03', 'month'],
    ['15/03/2019', '2019-03-15', 'day'],
    ['03/2019', '2019-03', 'month'],
    ['2019', '2019', 'year'],
    ['2019-03-15', '2019-03-15', 'day'],
    // Both readings are the same day.
    ['03/03/2026', '2026-03-03', 'day'],
    // 3 October in France, March 10 in the US: only the year is certain.
    ['03/10/2026', '2026', 'year'],
    ['le 10.03.2026', '2026', 'year'],
    // A month cannot be 15: the US order, month first.
    ['07/15/2026', '2026-07-15', 'day'],
    ['15/07/2026', '2026-07-15', 'day'],
    // The number of a diabetes type is not another date.
    ['Diabète de type 2 depuis 2010', '2010', 'year'],
    ['DT1 depuis 2015', '2015', 'year'],
    ['T2DM since 2012', '2012', 'year'],
  ])('reads "%s" as %s', (text, date, precision) => {
    expect(readDateInText(text)).toMatchObject({ text: date, precision });
  });

  test.each([
    ["DT1 depuis l'âge de 8 ans, pompe depuis octobre 2026"],
    ['diagnosed at age 12, insulin pump since 2019'],
    ['10 years old, in 2016'],
    ['type 1 in 2016 aged 10'],
    ['depuis 2015, depuis la puberté'],
    ['since childhood, worse from 2019 since the move'],
    ['DT1 dx 2019, 3 hospitalisations'],
    ['2015 and 2019'],
    ['childhood'],
  ])('reads no date from "%s": it dates something else too, or nothing', (text) => {
    expect(readDateInText(text)).toBeUndefined();
  });
});
