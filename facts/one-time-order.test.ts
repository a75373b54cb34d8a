import { describe, expect, test } from '@jest/globals';
import { oneTimeOrder } from './one-time-order.js';

const daily = { repeat: { frequency: 1, period: 1, periodUnit: 'd' } };
const entry = (text: string | undefined, timing: unknown = undefined) => ({
  ...(text !== undefined ? { text } : {}),
  ...(timing !== undefined ? { timing } : {}),
});

const cases: [string, unknown[], boolean][] = [
  ['timing.repeat.count 1', [entry('Take 1 mg at 11 PM', { repeat: { count: 1 } })], true],
  ['the frequency code ONCE', [entry(undefined, { code: { text: 'ONCE' } })], true],
  ['"test de freinage minute"', [entry('Test de freinage minute : 1 cp à 23 h')], true],
  ['"for a dexamethasone suppression test"', [entry('1 mg at 11 PM for dexamethasone suppression test')], true],
  ['"dose unique"', [entry('1 comprimé en dose unique')], true],
  ['"once only"', [entry('Give 10 units once only')], true],
  ['"once daily" is a schedule', [entry('Take 1 tablet once daily', daily)], false],
  ['"once at bedtime" is a schedule', [entry('Inject 20 units once at bedtime')], false],
  ['a single-dose pen is a device', [entry('Inject 1 mg weekly with the single-dose pen')], false],
  ['count 1 with countMax 3', [entry(undefined, { repeat: { count: 1, countMax: 3 } })], false],
  ['one entry once, another daily', [entry('Take 1 mg once only'), entry('then 1 mg daily', daily)], false],
  ['no dosage', [], false],
];

describe('an order that gives its drug once', () => {
  test.each(cases)('%s', (_name, dosageInstruction, expected) => {
    expect(oneTimeOrder({ resourceType: 'MedicationRequest', dosageInstruction })).toBe(expected);
  });
});
