import type { ValueSetIndex } from '../rules/value-sets.js';

/**
 * Memoises a function of a string. Requests repeat the same texts (dosage instructions, dates,
 * formulary names), and reading them again costs more than a lookup. The cap bounds the memory an
 * EHR sending endless distinct texts can take: past it, the cache starts afresh.
 */
export function memoiseText<T>(read: (text: string) => T, max = 20_000): (text: string) => T {
  let cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    const value = read(text);
    if (cache.size >= max) cache = new Map();
    cache.set(text, value);
    return value;
  };
}

/**
 * A memo of results keyed by text, one per value-set index (results depend on the value sets a
 * service loaded), bounded like memoiseText: past `max` entries an index's memo starts afresh.
 * `remember(valueSets, key, make)` gives the kept result, or makes and keeps it.
 */
export function memoPerIndex<T>(max = 20_000): (valueSets: ValueSetIndex, key: string, make: () => T) => T {
  const memos = new WeakMap<ValueSetIndex, Map<string, T>>();
  return (valueSets, key, make) => {
    let memo = memos.get(valueSets);
    if (!memo) {
      memo = new Map();
      memos.set(valueSets, memo);
    }
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (memo.size >= max) memo.clear();
    memo.set(key, value);
    return value;
  };
}
