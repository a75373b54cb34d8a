import { describe, expect, test } from '@jest/globals';
import { scheduleChangedOn, scheduleSince } from './schedule-change.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('a number of injections changed in the words of an order', () => {
  test.each<[string, string, string | undefined]>([
    ['a US date, month first', 'Humalog increased from daily with supper to TID AC on 10/30/2026', '2026-10-30'],
    [
      'a French date, day first, after a dose of years',
      'NovoRapid 8 UI le soir depuis 2024 ; passage à 3 injections/j le 02/11/2026',
      '2026-11-02',
    ],
    ['"de 1 à 3 injections"', 'Passée de 1 à 3 injections par jour le 15/10/2026', '2026-10-15'],
    ['an added meal dose', 'Added lunch dose 11/25/2026', '2026-11-25'],
    ["l'injection du midi ajoutée", "Ajout de l'injection du midi le 20/10/2026", '2026-10-20'],
    ['an ISO date', 'Changed to 3 injections a day on 2026-09-01', '2026-09-01'],
    [
      'a start beside the schedule',
      '6 UI matin, midi et soir depuis le 25/10/2026 (auparavant soir uniquement)',
      '2026-10-25',
    ],
    [
      'a start date in a note',
      'Start date: 11/20/2026 (new prandial regimen; previously on Lantus only)',
      '2026-11-20',
    ],
  ])('%s dates the change', (_what, text, iso) => {
    const since = scheduleChangedOn([text], NOW);
    expect(since !== 'undated' && since?.start).toBe(day(iso!));
  });

  test('no date: the change is undated', () => {
    expect(scheduleChangedOn(['Increased from daily to TID AC'], NOW)).toBe('undated');
  });

  test('a swappable date with no French words gives its year only', () => {
    const since = scheduleChangedOn(['Changed from BID to TID 03/10/2026 per endo'], NOW);
    expect(since !== 'undated' && since?.start).toBe(day('2026-01-01'));
  });

  test.each<[string, string]>([
    ['a dose changed at the same count', 'Dose increased to 8 units TID on 10/30/2026'],
    ['a titration to come', 'Increase from daily to TID AC if fasting BG > 180'],
    ['a plain order', 'Inject 6 units under the skin 3 times daily before meals'],
    ['a French dose change', 'Augmenté à 8 UI matin, midi et soir le 02/11/2026'],
    ['a date in another clause', 'Passage au stylo KwikPen. Vu en consultation le 02/11/2026'],
  ])('%s: no schedule change', (_what, text) => {
    expect(scheduleChangedOn([text], NOW)).toBeUndefined();
  });
});

describe("since when a schedule stands, given the record's start", () => {
  const start = { start: day('2025-01-10'), end: day('2025-01-10') + 86_399_999, text: '2025-01-10' };
  test.each<[string, string, { start?: number; end?: number } | undefined]>([
    ['a change after the record moves its start', 'Passage à 3 injections le 02/11/2026', { start: day('2026-11-02') }],
    [
      'a start written before the record dates another schedule',
      '6 UI matin, midi et soir depuis le 01/03/2024',
      undefined,
    ],
    ['no words leave the record as it is', 'Inject 6 units 3 times daily before meals', undefined],
    [
      'an undated change lies between the record and now',
      'Increased from daily to TID AC',
      { start: start.start, end: NOW.getTime() },
    ],
  ])('%s', (_what, text, expected) => {
    const since = scheduleSince([text], start, NOW);
    if (expected === undefined) expect(since).toBeUndefined();
    else expect(since).toMatchObject(expected);
  });
});

describe('a dosage whose own bounds began after the record was written', () => {
  const start = { start: day('2024-03-01'), end: day('2024-03-01') + 86_399_999, text: '2024-03-01' };
  test('its bounds date the schedule', () => {
    expect(scheduleSince([], start, NOW, day('2026-11-01') + 86_399_999)).toMatchObject({
      start: day('2026-11-01') + 86_399_999,
    });
  });
  test('bounds from the day the record was written change nothing', () => {
    expect(scheduleSince([], start, NOW, start.end)).toBeUndefined();
  });
  test('a later change in words wins over earlier bounds', () => {
    const since = scheduleSince(['Passage à 3 injections le 20/11/2026'], start, NOW, day('2026-11-01'));
    expect(since?.start).toBe(day('2026-11-20'));
  });
});
