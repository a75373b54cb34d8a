import { describe, expect, test } from '@jest/globals';
import { expressionForBase, splitTopLevelUnion } from './split-search-parameters.js';

describe('splitting shared search parameter expressions', () => {
  test.each([
    ['a single path', 'Observation.code', ['Observation.code']],
    ['a top-level union', 'A.x | B.y', ['A.x', 'B.y']],
    ['a union inside parentheses stays whole', '(A.x | A.y).where(z) | B.y', ['(A.x | A.y).where(z)', 'B.y']],
    ['a bar inside a string literal stays whole', "A.x.where(s = 'a|b') | B.y", ["A.x.where(s = 'a|b')", 'B.y']],
  ])('splitTopLevelUnion: %s', (_name, expression, terms) => {
    expect(splitTopLevelUnion(expression)).toEqual(terms);
  });

  test.each([
    [
      'keeps the terms of the type',
      'Condition.subject | Observation.subject | Procedure.subject',
      'Observation',
      'Observation.subject',
    ],
    [
      'keeps several terms of the type',
      'Observation.effective | Condition.onset | Observation.issued',
      'Observation',
      'Observation.effective | Observation.issued',
    ],
    [
      'keeps parenthesised terms of the type',
      '(Observation.value as Quantity) | (Condition.x as Age)',
      'Observation',
      '(Observation.value as Quantity)',
    ],
    [
      'does not confuse Medication with MedicationRequest',
      'MedicationRequest.code | Medication.code',
      'Medication',
      'Medication.code',
    ],
    [
      'leaves an expression naming no term of the type alone',
      'Condition.x | Procedure.y',
      'Observation',
      'Condition.x | Procedure.y',
    ],
    ['leaves a single-term expression alone', 'Resource.id', 'Observation', 'Resource.id'],
  ])('expressionForBase %s', (_name, expression, base, expected) => {
    expect(expressionForBase(expression, base)).toBe(expected);
  });
});
