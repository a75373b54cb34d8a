import { describe, expect, test } from '@jest/globals';
import { inShard, parseShard, shardOf } from './shard.js';

/*
 * The split of a population among the shards of a run (docs/screening.md, "Sharded runs"): the
 * same in every process, and even.
 */

describe('shardOf', () => {
  test('is stable: the first 4 bytes of the SHA-256 of the id, modulo the count', () => {
    // sha256("example") = 50d858e0...: 0x50d858e0 = 1356355808.
    expect(shardOf('example', 1_000_000_007)).toBe(1356355808 % 1_000_000_007);
    expect(shardOf('example', 3)).toBe(1356355808 % 3);
    // Fixed values, so that a change of hash (which would move patients between the shards of
    // runs started from different builds) fails here.
    const ids = ['trial-nafld-full-match', 'us-pump-candidate', '12345', 'a', 'b', 'c'];
    expect(ids.map((id) => shardOf(id, 3))).toEqual([2, 0, 1, 2, 0, 2]);
    expect(ids.map((id) => shardOf(id, 64))).toEqual([9, 51, 26, 18, 22, 3]);
    for (let i = 0; i < 100; i++) expect(shardOf(`p-${i}`, 7)).toBe(shardOf(`p-${i}`, 7));
  });

  test.each([2, 3, 4, 8])('puts 10,000 ids within ±10 %% of an even split over %i shards', (n) => {
    const ids = [
      ...Array.from({ length: 5000 }, (_, i) => String(i + 1)),
      ...Array.from({ length: 5000 }, (_, i) => `patient-${i.toString(16).padStart(8, '0')}`),
    ];
    const counts = new Array<number>(n).fill(0);
    for (const id of ids) counts[shardOf(id, n)]!++;
    const even = ids.length / n;
    for (const c of counts) {
      expect(c).toBeGreaterThanOrEqual(even * 0.9);
      expect(c).toBeLessThanOrEqual(even * 1.1);
    }
  });

  test('gives every patient exactly one shard', () => {
    for (let i = 0; i < 1000; i++) {
      const id = `p${i}`;
      const owners = [0, 1, 2].filter((index) => inShard(id, { index, of: 3 }));
      expect(owners).toEqual([shardOf(id, 3)]);
    }
    expect(inShard('anyone', { index: 0, of: 1 })).toBe(true);
  });
});

describe('parseShard', () => {
  test.each([
    ['0/3', { index: 0, of: 3 }],
    ['2/3', { index: 2, of: 3 }],
    ['0/1', { index: 0, of: 1 }],
    ['63/64', { index: 63, of: 64 }],
  ])('%s is shard %j', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  test.each(['3/3', '1/0', '0/65', '-1/3', '1', 'a/b', '1/3/4', ' 1/3', '100/200'])('%s is refused', (text) => {
    expect(typeof parseShard(text)).toBe('string');
  });
});
