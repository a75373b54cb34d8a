import { describe, expect, test } from '@jest/globals';
import { normaliseText } from '../rules/value-sets.js';
import { DENIAL_WORDS, FAMILY_WORDS, PLAN_WORDS, SUSPICION_WORDS, wordsPattern } from './context-words.js';

describe('wordsPattern', () => {
  const pattern = wordsPattern(FAMILY_WORDS, DENIAL_WORDS, SUSPICION_WORDS);

  test.each([
    { text: "Pas d'antécédent de cirrhose", found: true },
    { text: 'R/O LADA', found: true },
    { text: 'Family history: type 2 diabetes', found: true },
    { text: 'Mère DT2', found: true },
    // Whole words only: "nonalcoholic", "parental" and "notable" hold a word of a group but are not it.
    { text: 'Nonalcoholic fatty liver', found: false },
    { text: 'Parental consent on file', found: false },
    { text: 'Notable steatosis', found: false },
    { text: 'Type 2 diabetes mellitus', found: false },
  ])('$text: found $found', ({ text, found }) => {
    expect(pattern.test(normaliseText(text))).toBe(found);
  });

  test('a word in two groups is one alternative', () => {
    expect(wordsPattern(PLAN_WORDS, PLAN_WORDS).source).toBe(wordsPattern(PLAN_WORDS).source);
  });

  test.each(['r/o', 'pas-de', 'Suspected', '(no)', ' no'])(
    'refuses a word that is not plain folded letters: %j',
    (word) => {
      expect(() => wordsPattern([word])).toThrow(/plain folded letters/);
    },
  );
});
