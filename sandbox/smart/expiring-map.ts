/**
 * An in-memory map whose entries expire, with a size cap: what the sandbox EHR keeps of its
 * launches, authorization codes, access tokens and assertion ids. Expired entries are read
 * as absent and dropped as new ones arrive; past the cap the oldest entry goes first, so a
 * flood of requests cannot grow memory without bound. Nothing survives a restart.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();

  constructor(
    private readonly clock: () => Date,
    private readonly cap: number,
  ) {}

  /** The value, or undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a value until `lifetimeSeconds` from now. */
  set(key: string, value: V, lifetimeSeconds: number): void {
    const now = this.clock().getTime();
    this.entries.delete(key);
    if (this.entries.size >= this.cap) this.prune(now);
    this.entries.set(key, { value, expiresAt: now + lifetimeSeconds * 1000 });
  }

  /** Removes and returns the value (undefined when absent or expired): for things usable once. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.entries.delete(key);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Still full: drop the oldest (a Map iterates in insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.cap) break;
      this.entries.delete(key);
    }
  }
}
