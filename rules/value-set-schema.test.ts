import { describe, expect, test } from '@jest/globals';
import { ValueSetSchema } from './value-set-schema.js';

const base = {
  id: 'example',
  title: 'Example',
  kind: 'condition',
  sources: ['test'],
  concepts: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11', verification: 'V' }],
};
const remission = {
  concepts: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.A', verification: 'C' }],
  words: ['in remission'],
};

// A remission by name only makes sense for a finding that a remission leaves unknown (lifelong).
describe('which value sets may name a remission', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    ['a lifelong condition set', { ...base, lifelong: true, remission }, []],
    ['a set that is not lifelong', { ...base, remission }, ['remission']],
    ['a medication set', { ...base, kind: 'medication', lifelong: true, remission }, ['lifelong']],
  ])('%s', (_name, set, refusedAt) => {
    const parsed = ValueSetSchema.safeParse(set);
    expect(parsed.error?.issues.map((i) => i.path.join('.')) ?? []).toEqual(refusedAt);
  });
});
