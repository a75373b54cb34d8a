import { describe, expect, test } from '@jest/globals';
import { isEgfrUnit, isGlucoseUnit, isPlainMlPerMin } from './units.js';

describe('isEgfrUnit', () => {
  test.each([
    'mL/min/{1.73_m2}',
    'mL/min/1.73m2',
    'ml/min/1,73m²',
    'mL/mn/1,73 m²',
    'mL/min/1.73 m^2',
    'mL/min/1.73m*2',
    'mL/min/1.73 m*2',
    'mL/min/1.73sqm',
    'mL/min/1.73 sq.m',
    'mL/min/1,73 m2 SC',
    'ml/min/1.73m2 BSA',
    'mL/min per 1.73 m2',
  ])('"%s" is mL/min per 1.73 m²', (unit) => {
    expect(isEgfrUnit(unit)).toBe(true);
  });

  test.each([
    // A clearance not related to body area (Cockcroft-Gault) is another measure.
    'mL/min',
    'mL/s/1.73m2',
    'µmol/L',
    'mL/min/m2',
    'mL/min/1.73',
    '',
  ])('"%s" is not', (unit) => {
    expect(isEgfrUnit(unit)).toBe(false);
  });
});

describe('isPlainMlPerMin', () => {
  test.each<[string, boolean]>([
    ['mL/min', true],
    ['ml/mn', true],
    ['mL / min', true],
    ['mL/min/1.73m2', false],
    ['mL/s', false],
    ['', false],
  ])('"%s" is plain mL/min: %s', (unit, expected) => {
    expect(isPlainMlPerMin(unit)).toBe(expected);
  });
});

describe('isGlucoseUnit', () => {
  test.each<[string, boolean]>([
    ['mg/dL', true],
    ['mmol/L', true],
    ['g/L', true],
    ['mg / dl', true],
    ['%', false],
    ['mmol/mol', false],
    ['mL/min/1.73m2', false],
  ])('%s → %s', (unit, expected) => {
    expect(isGlucoseUnit(unit)).toBe(expected);
  });
});
