import { expect } from '@jest/globals';
import { isDeepStrictEqual } from 'node:util';

/**
 * `expect(actual).toEqual(expected)` for large values compared hundreds of times in a suite (facts,
 * records, Bundles). Node's strict deep equality decides first: it is many times faster than Jest's,
 * and what it finds equal, `toEqual` (the looser of the two) finds equal too. Otherwise `toEqual`
 * decides, and shows the difference.
 */
export function expectEqual(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}
