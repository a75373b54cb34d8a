import { describe, expect, test } from '@jest/globals';
import { DAY_MS } from './fhir-date.js';
import { onsetInWords, widenByWords } from './onset-words.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const daysAgo = (n: number) => NOW.getTime() - n * DAY_MS;
// Born 2004-05-06: an age at onset is turned into dates by the caller (conditions.ts).
const ageAt = (years: number) => ({ start: Date.UTC(2004 + years, 4, 6), end: Date.UTC(2005 + years, 4, 6) - 1 });
const CODED_40_DAYS = { start: daysAgo(40), end: daysAgo(40) + DAY_MS - 1, text: '2026-10-13' };

/** The onset after the words have had their say, in whole days before now (undefined: open). */
function widened(text: string): { fromDays?: number; toDays?: number } {
  const b = widenByWords(CODED_40_DAYS, onsetInWords([text], NOW, ageAt));
  return {
    ...(b.start !== undefined ? { fromDays: Math.round((NOW.getTime() - b.start) / DAY_MS) } : {}),
    ...(b.end !== undefined ? { toDays: Math.round((NOW.getTime() - b.end) / DAY_MS) } : {}),
  };
}

describe('a condition whose words date its onset earlier than its coded onset', () => {
  test.each<[string, string, number | undefined]>([
    // [what, the words, the earliest onset they allow, in days before now (undefined: open)]
    ['a year with "depuis"', 'Diabète de type 1 depuis 2012', 5439],
    ['a diagnosis year in a note', 'Diagnosed 2010', 6169],
    ['a duration in years', 'Known T1DM x 15 years', 5844],
    ['a French duration', 'DT1 connu depuis 10 ans', 4018],
    ['an English history', '15-year history of type 1 diabetes', 5844],
    ['an age at diagnosis', 'Type 1 diabetes mellitus (diagnosed age 9)', 4948],
    ['a French age at discovery', 'DT1 découvert à 12 ans', 3852],
    ['"depuis l\'âge de"', "DT1 depuis l'âge de 8 ans", 5313],
    ['long-standing, no date', 'Long-standing type 1 diabetes', undefined],
    ['"ancien"', 'DT1 ancien', undefined],
    ['since childhood', 'Type 1 diabetes since childhood', undefined],
  ])('%s: "%s" widens the onset', (_what, text, fromDays) => {
    const w = widened(text);
    expect(w.fromDays).toBe(fromDays);
    // The latest the onset may be stays the coded one: the words never make it more recent.
    expect(w.toDays).toBe(39);
  });

  test.each<[string, string]>([
    ['a duration that agrees', 'DT1 depuis 6 semaines'],
    ['weeks ago, in words', 'DT1 découvert il y a 6 semaines (acidocétose inaugurale)'],
    ['the same month', 'DT1 diagnostiqué en octobre 2026'],
    ['the same year', 'DT1 inaugural 2026'],
    ['an age at diagnosis that is today\u2019s age', 'Type 1 diabetes diagnosed at age 22'],
    ['a year with no word of onset', 'Type 1 diabetes - admitted 2019 for an appendicitis'],
    ['no date at all', 'Type 1 diabetes mellitus, new onset'],
  ])('%s: "%s" leaves the coded onset', (_what, text) => {
    expect(widenByWords(CODED_40_DAYS, onsetInWords([text], NOW, ageAt))).toBe(CODED_40_DAYS);
  });

  test('words never give an onset where none is coded', () => {
    const recordedOnly = { end: daysAgo(20), note: 'date recorded, not of onset' };
    expect(widenByWords(recordedOnly, onsetInWords(['Diabète de type 1 depuis 2012'], NOW, ageAt))).toBe(recordedOnly);
  });
});
