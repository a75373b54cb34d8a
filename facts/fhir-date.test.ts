import { describe, expect, test } from '@jest/globals';
import { daysSince, readFhirDate, readPastDate } from './fhir-date.js';

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
