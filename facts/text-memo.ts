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
