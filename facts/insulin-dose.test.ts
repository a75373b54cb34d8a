import { describe, expect, test } from '@jest/globals';
import { dailyInsulinUnits } from './insulin-dose.js';

const units = (value: number, unit = 'U') => ({ doseQuantity: { value, unit } });
const perDay = (frequency: number) => ({ repeat: { frequency, period: 1, periodUnit: 'd' } });

describe('scheduled insulin units a day of an order', () => {
  test.each([
    ['10 U three times a day', [{ timing: perDay(3), doseAndRate: [units(10)] }], 30],
    [
      'one line per meal, 8, 10 and 12 UI',
      [8, 10, 12].map((v) => ({ timing: { repeat: { when: ['ACM'] } }, doseAndRate: [units(v, 'UI')] })),
      30,
    ],
    [
      'UCUM [iU] once a day',
      [
        {
          timing: perDay(1),
          doseAndRate: [{ doseQuantity: { value: 26, unit: 'IU', system: 'http://unitsofmeasure.org', code: '[iU]' } }],
        },
      ],
      26,
    ],
    [
      'French "unités" by timing code BID',
      [
        {
          timing: {
            code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation', code: 'BID' }] },
          },
          doseAndRate: [units(12, 'unités')],
        },
      ],
      24,
    ],
  ])('%s: %d units', (_name, dosage, expected) => {
    expect(dailyInsulinUnits({ dosageInstruction: dosage })).toBe(expected);
  });

  test.each([
    ['no dosage', undefined],
    [
      'a dose range (sliding scale)',
      [{ timing: perDay(3), doseAndRate: [{ doseRange: { low: { value: 2 }, high: { value: 8 } } }] }],
    ],
    ['a dose in mL', [{ timing: perDay(3), doseAndRate: [units(0.1, 'mL')] }]],
    ['as needed', [{ timing: perDay(3), asNeededBoolean: true, doseAndRate: [units(6)] }]],
    ['no schedule', [{ doseAndRate: [units(6)] }]],
    [
      'a comparator on the dose',
      [{ timing: perDay(1), doseAndRate: [{ doseQuantity: { value: 20, unit: 'U', comparator: '<' } }] }],
    ],
    ['one readable line and one not', [{ timing: perDay(1), doseAndRate: [units(20)] }, { text: 'plus as needed' }]],
  ])('unknown with %s: a dose that cannot be read is never compared', (_name, dosage) => {
    expect(dailyInsulinUnits({ dosageInstruction: dosage })).toBeUndefined();
  });

  test('a statement reads its dosage field', () => {
    expect(dailyInsulinUnits({ dosage: [{ timing: perDay(2), doseAndRate: [units(15)] }] }, 'dosage')).toBe(30);
  });
});
