import { describe, expect, test } from '@jest/globals';
import { expectEqual } from './support/expect-equal.js';

describe('expectEqual decides as toEqual does', () => {
  test.each([
    ['equal objects', { a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'x' }] }],
    ['an undefined field against a missing one (toEqual ignores it)', { a: 1, b: undefined }, { a: 1 }],
    ['equal Maps', new Map([['a', 1]]), new Map([['a', 1]])],
  ])('passes on %s', (_name, actual, expected) => {
    expect(() => expectEqual(actual, expected)).not.toThrow();
  });

  test.each([
    ['a different value', { a: 1 }, { a: 2 }],
    ['a missing element', [1, 2], [1]],
    ['a different Map entry', new Map([['a', 1]]), new Map([['a', 2]])],
  ])("fails on %s, with toEqual's message", (_name, actual, expected) => {
    expect(() => expectEqual(actual, expected)).toThrow(/toEqual/);
  });
});
