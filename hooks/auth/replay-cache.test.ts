import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ReplayCache } from './replay-cache.js';

describe('ReplayCache', () => {
  test('a key is fresh once, then replayed until its expiry, then fresh again', () => {
    const cache = new ReplayCache(10);
    expect(cache.remember('a', 100, 0)).toBe('fresh');
    expect(cache.remember('a', 100, 50)).toBe('replayed');
    expect(cache.remember('a', 100, 99)).toBe('replayed');
    expect(cache.remember('a', 200, 100)).toBe('fresh');
  });

  test('when full of unexpired keys it refuses new ones instead of forgetting old ones', () => {
    const cache = new ReplayCache(2);
    expect(cache.remember('a', 100, 0)).toBe('fresh');
    expect(cache.remember('b', 50, 0)).toBe('fresh');
    expect(cache.remember('c', 100, 10)).toBe('full');
    expect(cache.remember('a', 100, 10)).toBe('replayed');
    expect(cache.remember('c', 100, 50)).toBe('fresh');
    expect(cache.size).toBe(2);
  });

  test('expired keys leave the cache, so its size tracks only live tokens', () => {
    const cache = new ReplayCache(1000);
    for (let i = 0; i < 500; i++) cache.remember(`k${i}`, i, 0);
    cache.remember('last', 10_000, 250);
    expect(cache.size).toBe(500 - 251 + 1);
  });

  test('behaves like a plain map of expiries for any sequence of calls', () => {
    const op = fc.record({
      key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      ttl: fc.integer({ min: 1, max: 50 }),
      dt: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 1, max: 6 }), (ops, capacity) => {
        const cache = new ReplayCache(capacity);
        const model = new Map<string, number>();
        let now = 0;
        for (const { key, ttl, dt } of ops) {
          now += dt;
          for (const [k, exp] of model) if (exp <= now) model.delete(k);
          const expected = model.has(key) ? 'replayed' : model.size >= capacity ? 'full' : 'fresh';
          if (expected === 'fresh') model.set(key, now + ttl);
          expect(cache.remember(key, now + ttl, now)).toBe(expected);
          expect(cache.size).toBe(model.size);
        }
      }),
    );
  });
});
