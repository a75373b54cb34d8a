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
    ['a duration in years (15, give or take half a year)', 'Known T1DM x 15 years', 5661],
    ['a French duration', 'DT1 connu depuis 10 ans', 3835],
    ['an English history', '15-year history of type 1 diabetes', 5661],
    ['"il y a" after the verb of diagnosis', 'DT1 découvert il y a 2 ans', 913],
    ['an age at diagnosis', 'Type 1 diabetes mellitus (diagnosed age 9)', 4948],
    ['a French age at discovery', 'DT1 découvert à 12 ans', 3852],
    ['"depuis l\'âge de"', "DT1 depuis l'âge de 8 ans", 5313],
    ['long-standing, no date', 'Long-standing type 1 diabetes', undefined],
    ['"ancien" beside the name', 'DT1 ancien', undefined],
    ['since childhood', 'Type 1 diabetes since childhood', undefined],
    // Another date beside the onset's, or a later reading first, does not hide it.
    ['a second date in the text', 'DT1 depuis 2012 (dernière HbA1c 10/2026)', 5439],
    ['a date of something else after it', 'Type 1 DM dx 2010, last seen 10/15/2026', 6169],
    ['a recent date before an old one', 'DT1 sous Tresiba depuis 10/2026, diagnostiqué en 2012', 5439],
    ['a long note', `Type 1 diabetes diagnosed 2012. ${'Seen for follow-up. '.repeat(60)}`, 5439],
    // A review of NCT05153070 (2026-12-07, night): the diabetes named after the verb, a month
    // before the year, a date in figures a few words after the verb.
    ['the diabetes between the verb and the time', 'Diagnosed with T1DM 4 months ago at outside hospital', 137],
    ['"with type 1 diabetes"', 'Diagnosed with type 1 diabetes 5 months ago', 167],
    ['a French month after "en"', 'Diabète de type 1 diagnostiqué au CHU de Lille en juillet 2026', 144],
    ['a month and year in figures', 'Dx at OSH 07/2026, transferred care', 144],
    ['a US day in figures', 'Type 1 diabetes diagnosed 07/15/2026 at St Mary', 130],
    // The regression review that night: a colon, "w/", numbers in words, "environ", and a day and
    // month that could swap, whose earlier reading widens.
    ['a date after a colon', 'Date of diagnosis: 03/2024', 996],
    ['a year after a colon, in French', 'Année de découverte : 2023', 1421],
    ['"w/" before the diabetes', 'Diagnosed w/ T1DM in 2022', 1786],
    ['a number in words', 'T1DM diagnosed two years ago', 913],
    ['"il y a environ"', 'DT1 découvert il y a environ 2 ans', 913],
    ['a day and month that could swap', 'Diagnosed at OSH 03/10/2026', 257],
  ])('%s: "%s" widens the onset', (_what, text, fromDays) => {
    const w = widened(text);
    expect(w.fromDays).toBe(fromDays);
    // The latest the onset may be stays the coded one: the words never make it more recent.
    expect(w.toDays).toBe(39);
  });

  test('the earliest reading of all the texts counts', () => {
    const w = onsetInWords(['Type 1 diabetes (followed here since 10/2026)', 'Diagnosed 2012 in Lyon'], NOW, ageAt);
    expect(w?.start).toBe(Date.UTC(2012, 0, 1));
  });

  test.each<[string, string]>([
    ['a duration that agrees', 'DT1 depuis 6 semaines'],
    ['weeks ago, in words', 'DT1 découvert il y a 6 semaines (acidocétose inaugurale)'],
    ['the same month', 'DT1 diagnostiqué en octobre 2026'],
    ['the same year', 'DT1 inaugural 2026'],
    ['an age at diagnosis that is today\u2019s age', 'Type 1 diabetes diagnosed at age 22'],
    ['a year with no word of onset', 'Type 1 diabetes - admitted 2019 for an appendicitis'],
    ['no date at all', 'Type 1 diabetes mellitus, new onset'],
    // How long a symptom lasted, or since when something else was done, is no diagnosis date.
    ["a symptom's duration", 'Syndrome polyuro-polydipsique depuis 3 mois'],
    ["a symptom's duration in English", 'Polyuria, polydipsia x 3 months'],
    ["a symptom's history", '3-month history of polyuria'],
    ["a follow-up's date", 'Type 1 diabetes followed here since 2015'],
    ["another disease's follow-up", 'Followed by endocrinology since 2015 for Hashimoto'],
    ['"ancien" in another sentence', 'DT1 inaugural. Ancien fumeur.'],
    ['"il y a" is no age', 'DT1 découvert il y a 6 semaines'],
    ['a visit dated in figures', 'Seen in clinic 10/20/2026 for insulin teaching'],
    ['"with" another disease', 'Diagnosed with coeliac disease 2 years ago'],
  ])('%s: "%s" leaves the coded onset', (_what, text) => {
    expect(widenByWords(CODED_40_DAYS, onsetInWords([text], NOW, ageAt))).toBe(CODED_40_DAYS);
  });

  test('words never give an onset where none is coded', () => {
    const recordedOnly = { end: daysAgo(20), note: 'date recorded, not of onset' };
    expect(widenByWords(recordedOnly, onsetInWords(['Diabète de type 1 depuis 2012'], NOW, ageAt))).toBe(recordedOnly);
  });
});
