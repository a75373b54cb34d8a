import { describe, expect, test } from '@jest/globals';
import { courseLengthDays, tiedToSteroidCourse } from './course-length.js';
import { endedUntilInText } from './dosage-text.js';

describe('a course length written in the dosing words', () => {
  test.each([
    ['6 UI matin, midi et soir pendant 10 jours (cure de corticoïdes)', 10],
    ['Inject 6 units before meals three times daily for 7 days while on prednisone', 7],
    ['8 UI matin, midi et soir - durée de traitement : 10 jours (corticothérapie)', 10],
    ['8 UI avant les repas sur 7 jours', 7],
    ['x 2 weeks', 14],
    // A review of French records (2026-12-07): a count a day, not a course.
    ['8 UI x 3/jour avant les repas', undefined],
    ['8 UI x 3/j', undefined],
    ['0.25 mg weekly for 4 weeks then 0.5 mg weekly', undefined],
    ['10 units with meals', undefined],
  ])('"%s": %s days', (text, days) => {
    expect(courseLengthDays(text)).toBe(days);
  });
});

describe('a dose tied to a course of glucocorticoids', () => {
  test.each([
    ['Inject 8 units 3 times daily with meals during prednisone taper', true],
    ['6 units before meals while on prednisone', true],
    ['8 UI matin, midi et soir jusqu’à la fin de la corticothérapie', true],
    ['8 UI avant les repas pendant la corticothérapie', true],
    ['10 units with meals', false],
    ['Hold during NPO status', false],
  ])('"%s": %s', (text, tied) => {
    expect(tiedToSteroidCourse(text)).toBe(tied);
  });
});

describe('an end date in the dosing words', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  test.each([
    ['Inject 8 Units 3 times daily with meals until 03/15/2026', true],
    ["8 UI matin, midi et soir jusqu'au 20/10/2025", true],
    ['Inject 8 units with meals until 12/20/2026', false],
    ['Until seen in clinic', false],
    ['10 units with meals', false],
  ])('"%s": %s', (text, ended) => {
    expect(endedUntilInText(text, now)).toBe(ended);
  });
});
