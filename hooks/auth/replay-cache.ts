/** What ReplayCache.remember decided. */
export type ReplayVerdict = 'fresh' | 'replayed' | 'full';

/**
 * Remembers token ids (`jti`) until their expiry, so a replayed token is refused
 * (CDS Hooks 2.0: "jti … protects against replay"). Bounded: entries leave at their
 * expiry (a min-heap makes that O(log n)), and when `capacity` unexpired ids are held, new
 * tokens are refused rather than forgetting an id that could then be replayed.
 */
export class ReplayCache {
  private readonly expiries = new Map<string, number>();
  /** Min-heap of [expiresAt, key], ordered by expiresAt. */
  private readonly heap: Array<readonly [number, string]> = [];

  constructor(private readonly capacity: number) {}

  /** How many unexpired ids are held (as of the last call). */
  get size(): number {
    return this.expiries.size;
  }

  /** Records `key` until `expiresAt` (ms) unless it is already held; `now` is in ms. */
  remember(key: string, expiresAt: number, now: number): ReplayVerdict {
    this.evictExpired(now);
    if (this.expiries.has(key)) return 'replayed';
    if (this.expiries.size >= this.capacity) return 'full';
    this.expiries.set(key, expiresAt);
    this.push([expiresAt, key]);
    return 'fresh';
  }

  private evictExpired(now: number): void {
    while (this.heap.length > 0 && this.heap[0]![0] <= now) {
      const [, key] = this.pop();
      this.expiries.delete(key);
    }
  }

  private push(entry: readonly [number, string]): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]![0] <= entry[0]) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): readonly [number, string] {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]![0] < heap[left]![0] ? right : left;
      if (heap[child]![0] >= last[0]) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
