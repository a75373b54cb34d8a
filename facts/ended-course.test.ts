import { describe, expect, test } from '@jest/globals';
import { stopDatesInText } from './dosage-text.js';
import { courseEnd } from './ended-course.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const DAY_END = 24 * 3600 * 1000 - 1;

const stopCases: [string, string, number[]][] = [
  ['"Arrêté le 15/11/2026"', 'Arrêté le 15/11/2026', [day('2026-11-15')]],
  ['"D/C\'d 11/20/2026 - GI side effects"', "D/C'd 11/20/2026 - GI side effects", [day('2026-11-20')]],
  ['"Discontinued 2026-11-02"', 'Discontinued 2026-11-02 (nausea)', [day('2026-11-02')]],
  ['a day and month that could swap give both', 'stopped 03/10/2026', [day('2026-10-03'), day('2026-03-10')]],
  ['a date after no stop word', 'Renewed 11/20/2026', []],
  ['a year alone spans the year', 'Discontinued 2022 - pt back on MDI', [day('2022-01-01'), day('2022-12-31')]],
  ['a month and year span the month', 'Arrêt 03/2025 (nausées)', [day('2025-03-01'), day('2025-03-31')]],
  ['a stop with no date', 'Arrêté (intolérance digestive)', []],
  // A regression review (2026-12-07, night): "fin du traitement", and another drug's stop.
  ['"Fin du traitement le 15/11/2026"', 'Fin du traitement le 15/11/2026', [day('2026-11-15')]],
  ['the drug it replaced', 'Replaced Victoza (discontinued 2022). Tolerating well.', []],
  ['the drug it follows, in French', 'En relais du Victoza arrêté en 2022', []],
  ['its own stop, switched to another', 'Discontinued 2025-10-01 - switched to insulin', [day('2025-10-01')]],
  ['its own stop, replaced by another', 'Arrêté le 15/11/2026, remplacé par Ozempic', [day('2026-11-15')]],
  [
    "another sentence's stop still dates this one",
    'Switched from Trulicity in 2023. Stopped 11/20/2026 for nausea.',
    [day('2026-11-20')],
  ],
];

describe('a stop dated in words', () => {
  test.each(stopCases)('%s', (_name, text, expected) => {
    expect(stopDatesInText(text)).toEqual(expected);
  });
});

type Case = [string, Record<string, unknown>, string, readonly string[], { from?: number; to: number }];
const endCases: Case[] = [
  [
    'an order stopped with no date may have stopped today',
    { status: 'stopped', authoredOn: '2024-01-10' },
    'MedicationRequest',
    [],
    { from: day('2024-01-10'), to: NOW.getTime() },
  ],
  [
    'its last update bounds the stop',
    { status: 'stopped', authoredOn: '2024-01-10', meta: { lastUpdated: '2025-02-01T08:00:00Z' } },
    'MedicationRequest',
    [],
    { from: day('2024-01-10'), to: Date.parse('2025-02-01T08:00:00Z') },
  ],
  [
    'a stop date in its reason dates it',
    { status: 'stopped', authoredOn: '2024-01-10' },
    'MedicationRequest',
    ['Arrêté le 15/11/2026'],
    { from: day('2026-11-15'), to: day('2026-11-15') + DAY_END },
  ],
  [
    'a structured end wins over words',
    { status: 'stopped', authoredOn: '2024-01-10', dispenseRequest: { validityPeriod: { end: '2026-06-30' } } },
    'MedicationRequest',
    ['Arrêté le 15/11/2026'],
    { from: day('2026-06-30'), to: day('2026-06-30') },
  ],
  [
    'a completed order with no supply lasts at most a month',
    { status: 'completed', authoredOn: '2024-01-10' },
    'MedicationRequest',
    [],
    { from: day('2024-01-10'), to: day('2024-01-10') + 30 * 24 * 3600 * 1000 },
  ],
  [
    'a completed statement ended before it was asserted',
    { status: 'completed', effectivePeriod: { start: '2023-05-01' }, dateAsserted: '2026-12-02' },
    'MedicationStatement',
    [],
    { from: day('2023-05-01'), to: day('2026-12-02') },
  ],
  [
    "a statement's instant is when it was taken: the stop lies up to its assertion",
    { status: 'completed', effectiveDateTime: '2024-11-20', dateAsserted: '2026-12-01' },
    'MedicationStatement',
    [],
    { from: day('2024-11-20'), to: day('2026-12-01') },
  ],
  [
    'an instant asserted the same day is the stop',
    { status: 'completed', effectiveDateTime: '2024-11-20', dateAsserted: '2024-11-20' },
    'MedicationStatement',
    [],
    { from: day('2024-11-20'), to: day('2024-11-20') },
  ],
];

describe('when a course ended', () => {
  test.each(endCases)('%s', (_name, r, type, notes, expected) => {
    expect(courseEnd(r, type, notes, NOW)).toEqual(expected);
  });
});
