import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { isValidLoincCode, loincCheckDigit } from './loinc-check-digit.js';
import { ValueSetSchema } from './value-set-schema.js';

describe('a LOINC code is checked by its mod-10 check digit', () => {
  test.each([
    ['4548-4', true],
    ['2160-0', true],
    ['42595-9', true],
    ['11884-4', true],
    ['98979-8', true],
    // Typos a review found in the HBV DNA value set: no such codes.
    ['42595-7', false],
    ['64363-4', false],
    ['4548', false],
    ['LP1234-5', false],
    ['4548-44', false],
  ])('%s is %s', (code, valid) => {
    expect(isValidLoincCode(code)).toBe(valid);
  });

  test('the digit of the number part, as the LOINC guide computes it', () => {
    expect(loincCheckDigit('42595')).toBe(9);
    expect(loincCheckDigit('33914')).toBe(3);
  });
});

describe('value sets refuse a LOINC code with a wrong check digit', () => {
  const base = {
    id: 'hbv-dna-copy',
    title: 'HBV DNA',
    kind: 'observation',
    sources: ['test'],
    concepts: [{ system: 'http://loinc.org', code: '42595-9', verification: 'C' }],
  };

  test('a right one loads', () => {
    expect(ValueSetSchema.safeParse(base).success).toBe(true);
  });

  test('a wrong one is refused at the concept that holds it', () => {
    const bad = {
      ...base,
      concepts: [...base.concepts, { system: 'http://loinc.org', code: '42595-7', verification: 'U' }],
    };
    const parsed = ValueSetSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['concepts.1.code']);
  });

  test('every shipped value set passes', () => {
    const dir = join(DEFAULT_RULES_DIR, 'valuesets');
    const failing = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .filter((f) => !ValueSetSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8'))).success);
    expect(failing).toEqual([]);
  });
});
