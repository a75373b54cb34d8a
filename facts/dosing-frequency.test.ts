import { describe, expect, test } from '@jest/globals';
import { summariseDosage, timingPerDay } from './dosing-frequency.js';

const GTS = 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation';
const NOW = new Date('2026-11-22T10:00:00Z');
const units = [{ doseQuantity: { value: 6, unit: 'U', system: 'http://unitsofmeasure.org', code: '[iU]' } }];
const repeat = (r: Record<string, unknown>) => ({ timing: { repeat: r }, doseAndRate: units });
const code = (c: string, system: string | undefined = GTS) => ({ timing: { code: { coding: [{ system, code: c }] } } });

describe('injections per day from one timing', () => {
  test.each([
    ['frequency 3 per 1 d', { repeat: { frequency: 3, period: 1, periodUnit: 'd' } }, 3],
    ['frequency 1 per 12 h (twice a day)', { repeat: { frequency: 1, period: 12, periodUnit: 'h' } }, 2],
    ['frequency 2 per 1 wk', { repeat: { frequency: 2, period: 1, periodUnit: 'wk' } }, 2 / 7],
    ['when ACM + ACV in one entry', { repeat: { when: ['ACM', 'ACV'] } }, 2],
    [
      'when ACM, ACD, ACV with frequency 3/d (not 9)',
      { repeat: { when: ['ACM', 'ACD', 'ACV'], frequency: 3, period: 1, periodUnit: 'd' } },
      3,
    ],
    [
      'when ACM, ACD, ACV with frequency 1/d',
      { repeat: { when: ['ACM', 'ACD', 'ACV'], frequency: 1, period: 1, periodUnit: 'd' } },
      3,
    ],
    ['repeated when codes counted once', { repeat: { when: ['ACM', 'ACM'] } }, 1],
    ['generic AC with frequency 3/d', { repeat: { when: ['AC'], frequency: 3, period: 1, periodUnit: 'd' } }, 3],
    ['three times of day', { repeat: { timeOfDay: ['08:00:00', '12:00:00', '19:00:00'] } }, 3],
    ['three meals on Sundays only', { repeat: { when: ['ACM', 'ACD', 'ACV'], dayOfWeek: ['sun'] } }, 3 / 7],
    [
      'every day of the week named',
      {
        repeat: {
          frequency: 3,
          period: 1,
          periodUnit: 'd',
          dayOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        },
      },
      3,
    ],
    ['frequencyMax equal to frequency', { repeat: { frequency: 3, frequencyMax: 3, period: 1, periodUnit: 'd' } }, 3],
    ['code TID', code('TID').timing, 3],
    ['code BID', code('BID').timing, 2],
    ['code QID', code('QID').timing, 4],
    ['code QD', code('QD').timing, 1],
    ['code TID without a system', { code: { coding: [{ code: 'TID' }] } }, 3],
    [
      'repeat wins over code',
      { repeat: { frequency: 2, period: 1, periodUnit: 'd' }, code: { coding: [{ system: GTS, code: 'TID' }] } },
      2,
    ],
  ])('%s', (_name, timing, expected) => {
    expect(timingPerDay(timing)).toBeCloseTo(expected, 5);
  });

  test.each([
    ['generic AC alone (how many meals?)', { repeat: { when: ['AC'] } }],
    ['frequency without a period', { repeat: { frequency: 3 } }],
    ['a negative frequency', { repeat: { frequency: -3, period: 1, periodUnit: 'd' } }],
    ['an unknown period unit', { repeat: { frequency: 3, period: 1, periodUnit: 'fortnight' } }],
    ['TID from another code system', code('TID', 'http://example.org/local').timing],
    ['a string', 'three times a day'],
    ['repeat as an array', { repeat: [{ frequency: 3, period: 1, periodUnit: 'd' }] }],
    ['1 to 3 times a day (frequencyMax)', { repeat: { frequency: 1, frequencyMax: 3, period: 1, periodUnit: 'd' } }],
    ['every 4 to 6 hours (periodMax)', { repeat: { frequency: 1, period: 4, periodMax: 6, periodUnit: 'h' } }],
    // Around the clock, not meal-timed (insulin with continuous tube feeds, a q4h correction).
    ['every 8 hours', { repeat: { frequency: 1, period: 8, periodUnit: 'h' } }],
    ['code Q4H', code('Q4H').timing],
    ['code Q6H', code('Q6H').timing],
  ])('no count from %s', (_name, timing) => {
    expect(timingPerDay(timing)).toBeUndefined();
  });
});

describe('injections per day from a dosage list', () => {
  test.each([
    ['one scheduled entry', [repeat({ frequency: 3, period: 1, periodUnit: 'd' })], 3, false],
    [
      'separate ACM / ACD / ACV entries add up',
      [repeat({ when: ['ACM'] }), repeat({ when: ['ACD'] }), repeat({ when: ['ACV'] })],
      3,
      false,
    ],
    [
      'as-needed boolean schedules nothing',
      [{ ...repeat({ when: ['ACM', 'ACD', 'ACV'] }), asNeededBoolean: true }],
      0,
      true,
    ],
    [
      'as-needed reason schedules nothing',
      [{ ...repeat({ when: ['ACM', 'ACD', 'ACV'] }), asNeededCodeableConcept: { text: 'high glucose' } }],
      0,
      true,
    ],
    [
      'a fixed dose plus a correction scale counts the fixed dose only',
      [repeat({ when: ['ACM', 'ACV'] }), { ...repeat({ when: ['ACM', 'ACD', 'ACV'] }), asNeededBoolean: true }],
      2,
      false,
    ],
    [
      'asNeededBoolean false is scheduled',
      [{ ...repeat({ frequency: 3, period: 1, periodUnit: 'd' }), asNeededBoolean: false }],
      3,
      false,
    ],
    [
      'successive steps (sequence 1 then 2) take the smaller count',
      [
        { ...code('TID'), sequence: 1 },
        { ...code('BID'), sequence: 2 },
      ],
      2,
      false,
    ],
    [
      'a per-meal line whose own bounds ended last June gives no injection today',
      [
        repeat({ when: ['ACM'] }),
        repeat({ when: ['ACD'], boundsPeriod: { start: '2026-01-01', end: '2026-06-30' } }),
        repeat({ when: ['ACV'], boundsPeriod: { start: '2026-01-01', end: '2026-06-30' } }),
      ],
      1,
      false,
    ],
    [
      'a per-meal line that starts next year gives no injection today',
      [repeat({ when: ['ACM'] }), repeat({ when: ['ACD'], boundsPeriod: { start: '2027-01-15' } })],
      1,
      false,
    ],
    [
      'a titration whose first step has ended counts the current step',
      [
        { ...repeat({ when: ['ACM'], boundsPeriod: { start: '2025-01-01', end: '2025-01-14' } }), sequence: 1 },
        { ...repeat({ when: ['ACM', 'ACD', 'ACV'] }), sequence: 2 },
      ],
      3,
      false,
    ],
  ])('%s', (_name, dosages, perDay, asNeeded) => {
    const s = summariseDosage(dosages, undefined, NOW);
    expect(s.injectionsPerDay).toBeCloseTo(perDay, 5);
    expect(s.asNeeded).toBe(asNeeded);
    expect(s.dosedAsRate).toBe(false);
  });

  test.each([
    [
      'rateQuantity [iU]/h',
      { doseAndRate: [{ rateQuantity: { value: 1.2, system: 'http://unitsofmeasure.org', code: '[iU]/h' } }] },
    ],
    ['rateQuantity unit U/h', { doseAndRate: [{ rateQuantity: { value: 0.9, unit: 'U/h' } }] }],
    [
      'rateRatio U per h',
      { doseAndRate: [{ rateRatio: { numerator: { value: 1, unit: 'U' }, denominator: { value: 1, unit: 'h' } } }] },
    ],
  ])('a dose given as a rate (%s) means a pump', (_name, entry) => {
    const s = summariseDosage([entry, repeat({ when: ['ACM', 'ACD', 'ACV'] })]);
    expect(s.dosedAsRate).toBe(true);
    expect(s.injectionsPerDay).toBe(3);
  });

  test.each([
    ['no dosage at all', undefined],
    ['an empty list', []],
    ['an entry without timing', [{ text: '10 units with meals' }]],
    ['a list that is an object', { timing: { code: { coding: [{ code: 'TID' }] } } }],
    ['an entry that is a string', ['TID']],
    ['insulin with continuous tube feeds', [{ ...code('TID'), text: 'Give 4 units TID with bolus tube feeds' }]],
    ['la nutrition entérale', [{ text: '6 UI 3 fois par jour pendant la nutrition entérale' }]],
  ])('unreadable schedule: %s', (_name, dosages) => {
    const s = summariseDosage(dosages);
    expect(s.injectionsPerDay).toBeUndefined();
    expect(s.problem).toEqual(expect.any(String));
  });
});

describe('free dosing text as hospitals write it', () => {
  test.each<[string, number | undefined, boolean]>([
    ['8 UI matin, midi et soir', 3, false],
    ['10 units before breakfast and dinner', 2, false],
    // The abbreviations written as one word.
    ['Inject 10 units subcutaneously TIDAC', 3, false],
    ['8 units BIDAC', 2, false],
    ['6 units QAC', 3, false],
    // Alternatives are one injection at one of the moments: no count.
    ['10 units before the largest meal of the day (lunch or dinner)', undefined, false],
    ['8 UI au repas le plus copieux (midi ou soir)', undefined, false],
    ['6 units before breakfast; if breakfast is skipped, take it before lunch instead', undefined, false],
    // A moment named to say nothing is given then: no count (a review of French orders, 2026-12-07).
    ['8 UI le soir. Pas de rapide le matin ni le midi.', undefined, false],
    ["8 UI au dîner (pas d'injection le matin ni le midi)", undefined, false],
    ['6 UI le soir, sauf matin et midi', undefined, false],
    ['0 UI le matin, 0 UI le midi, 8 UI le soir', undefined, false],
    ['matin : rien ; midi : rien ; soir : 6 UI', undefined, false],
    ['8 UI le matin. Plus de rapide le midi ni le soir.', undefined, false],
    ['10 units at breakfast, no lunch dose, 8 units at dinner', undefined, false],
    // Words about glucose between are no denial of a dose.
    ["6 UI matin, midi et soir, pas d'hypoglycémie le soir", 3, false],
    // A dose range from 0 is a correction scale, coded or written.
    ['0-10 Units, Subcutaneous, 3 times daily with meals', undefined, true],
    ['0 à 8 UI avant chaque repas', undefined, true],
    ['2-10 units 3 times daily with meals', 3, false],
    // A dose given only when the glucose is high is a correction dose, whatever its schedule.
    ['4 units 3 times daily with meals if blood sugar over 200', undefined, true],
    ['4 units SC TID AC if BG > 150', undefined, true],
    ['4 UI avant les repas si la glycémie est supérieure à 2 g/L', undefined, true],
    ['4 UI matin, midi et soir en cas de glycémie > 1,80 g/L', undefined, true],
    ['4 UI 3 fois par jour si dextro > 2 g/l', undefined, true],
    ['Only give if pre-meal glucose >250, 3 times daily', undefined, true],
    // A dose held when the glucose is low stays scheduled.
    ['8 units 3 times daily with meals; hold if BG < 70', 3, false],
    // One moment named twice is one injection.
    ['20 UI le soir au coucher', 1, false],
    ['Inject 20 units in the evening at bedtime', 1, false],
    // French doses per meal as a run of numbers; a zero is a meal without injection.
    ['6-8-6', 3, false],
    ['Novorapid 6-8-6', 3, false],
    ['6/8/6 UI', 3, false],
    ['0-8-6 UI', 2, false],
    ['6-8-6-10 UI', 4, false],
    // A date is not doses: slashes with no unit, or after a word that introduces a date.
    ['20/11/26', undefined, false],
    ['Début le 20-11-26', undefined, false],
    // Doses by glucose are a correction scale.
    ['4-6-8 selon glycémies', undefined, true],
  ])('%s → %s a day, as needed: %s', (text, perDay, asNeeded) => {
    const s = summariseDosage([{ text }]);
    expect(s.asNeeded).toBe(asNeeded);
    if (!asNeeded) expect(s.injectionsPerDay).toBe(perDay);
  });
});
