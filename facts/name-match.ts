import type { ValueSetIndex } from '../rules/value-sets.js';

// Texts repeat across requests (the same formulary, the same problem list wording), and a name
// scan over every value set name costs tens of microseconds, so results are memoised per index.
// The cap bounds memory against an EHR that sends endless distinct texts.
const MAX_ENTRIES = 20_000;
const caches = new WeakMap<ValueSetIndex, Map<string, readonly string[]>>();

/** Ids of value sets whose names appear in the text (ValueSetIndex.matchName), memoised. */
export function matchNames(valueSets: ValueSetIndex, text: string | undefined): readonly string[] {
  if (!text) return [];
  let cache = caches.get(valueSets);
  if (!cache) {
    cache = new Map();
    caches.set(valueSets, cache);
  }
  const hit = cache.get(text);
  if (hit) return hit;
  const ids = valueSets.matchName(text);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(text, ids);
  return ids;
}
