import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FhirResource } from 'fhir/r4.js';
import type { BlockSpill } from './spill/block-spill.js';

/**
 * Characters of JSON gathered into one block before it is compressed: a block's text then stays
 * under V8's 128 KiB large-object size, and a string past that size was 40 times slower to make
 * from a Buffer (each one a large-object allocation); deflate still shrinks a block 15 to 20 times.
 */
const BLOCK_CHARS = 48 * 1024;
/** Blocks kept decompressed while resources are read back (at most 64 × 48 KiB of text). */
const CACHE_BLOCKS = 64;

/** Once past its budget, a store spills blocks until it holds this share of the budget: writes go in batches. */
const SPILL_DOWN_TO = 0.75;

/** Where blocks go past a memory budget (none: every block stays in memory). */
export interface SpillPolicy {
  readonly spill: BlockSpill;
  /** Bytes of compressed blocks held in memory before the oldest are spilled. */
  readonly budgetBytes: number;
}

/** A Uint8Array `length` long, holding the first one's values. */
function grownBytes(a: Uint8Array<ArrayBuffer>, length: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(length);
  b.set(a);
  return b;
}

/** An Int32Array twice as long (1,024 at least), holding the first one's values. */
function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(1024, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Resources held as JSON in compressed blocks, for population screening (population-records.ts).
 * Parsed, a resource takes about 1.4 KB of heap, and a hospital's population holds millions of
 * them; as JSON deflated in blocks of 48 KiB it takes some 50 bytes, and its slot (a number
 * naming its block and its character range there) 12 more, outside the heap's objects. A resource
 * is parsed again when it is read back: a JSON round trip of parsed JSON gives it as it came.
 *
 * Resources are read back in about the order they were put (a patient's records are taken in the
 * order the patients were first seen, which is the files' order), so the blocks needed are among
 * the few last decompressed, which a small cache keeps; in any other order they are still right,
 * decompressed more often. Each slot is referenced (`ref`) by the lists that hold it, and a block
 * is let go once none of its slots is referenced any more.
 *
 * Past a memory budget (`SpillPolicy`), the oldest blocks are written to a spill (the service's
 * database) by `flush`, which the reader awaits, and dropped from memory; before the resources of
 * spilled blocks are read back, `restore` fetches those blocks in one round, and `releaseRestored`
 * lets them go again. What stays in memory per resource is its slot: 12 bytes.
 */
export class CompressedJson {
  private readonly blocks: (Buffer | undefined)[] = [];
  private open: string[] = [];
  private openChars = 0;
  private blockOf = new Int32Array(4096);
  private startOf = new Int32Array(4096);
  private endOf = new Int32Array(4096);
  /** By block: how many references its slots have. */
  private refs = new Int32Array(256);
  /** By block: 1 when stored as UTF-8 (a character beyond Latin-1), 0 as Latin-1. */
  private wide = new Uint8Array(256);
  /** By block: 1 once written to the spill and dropped from memory. */
  private spilled = new Uint8Array(256);
  private slots = 0;
  private readonly decompressed = new Map<number, string>();
  /** Bytes of the sealed blocks held in memory. */
  private held = 0;
  /** Blocks chosen to go to the spill at the next `flush`, oldest first. */
  private pending: number[] = [];
  /** The oldest block that may still be held in memory. */
  private oldestHeld = 0;
  /** Spilled blocks fetched back for the patients about to be read. */
  private readonly restored = new Map<number, Buffer>();
  private putting = true;
  /** Blocks written to the spill so far. */
  spilledBlocks = 0;

  constructor(private readonly policy?: SpillPolicy) {}

  /** Bytes of compressed blocks held in memory now. */
  get heldBytes(): number {
    return this.held;
  }

  /** Whether blocks wait to be written to the spill (`flush`). */
  get spillDue(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Keeps a resource, as `json` when given (the line it was parsed from: parsing it again gives
   * the same resource), else written out; its slot starts with no reference (the caller refs it
   * before the next `put`).
   */
  put(resource: FhirResource, json: string = JSON.stringify(resource)): number {
    // A full block is sealed here, not after the last put: by now that one's references are known.
    if (this.openChars >= BLOCK_CHARS) this.seal();
    const slot = this.slots++;
    if (slot === this.blockOf.length) {
      this.blockOf = grown(this.blockOf);
      this.startOf = grown(this.startOf);
      this.endOf = grown(this.endOf);
    }
    const block = this.blocks.length;
    if (block === this.refs.length) {
      // The flags by block grow with `refs`, to its length: a typed array drops writes past its end.
      this.refs = grown(this.refs);
      this.wide = grownBytes(this.wide, this.refs.length);
      this.spilled = grownBytes(this.spilled, this.refs.length);
    }
    this.blockOf[slot] = block;
    this.startOf[slot] = this.openChars;
    this.endOf[slot] = this.openChars + json.length;
    this.open.push(json);
    this.openChars += json.length;
    return slot;
  }

  /** No more `put`: the slot arrays are cut to their length (they grow by doubling, up to half unused). */
  endPutting(): void {
    this.putting = false;
    this.blockOf = this.blockOf.slice(0, this.slots);
    this.startOf = this.startOf.slice(0, this.slots);
    this.endOf = this.endOf.slice(0, this.slots);
  }

  ref(slot: number): void {
    this.refs[this.blockOf[slot]!]!++;
  }

  /** Drops one reference to the slot; its block goes with the last one. */
  unref(slot: number): void {
    const block = this.blockOf[slot]!;
    if (--this.refs[block]! > 0 || block === this.blocks.length) return;
    this.held -= this.blocks[block]?.length ?? 0;
    this.blocks[block] = undefined;
    this.decompressed.delete(block);
    this.restored.delete(block);
  }

  /** Writes the blocks chosen for the spill, then drops them from memory. */
  async flush(): Promise<void> {
    const chosen = this.pending.filter((b) => this.blocks[b] !== undefined);
    this.pending = [];
    if (chosen.length === 0 || !this.policy) return;
    await this.policy.spill.write(chosen.map((block) => ({ block, bytes: this.blocks[block]! })));
    for (const block of chosen) {
      // A block let go while it was being written needs nothing more.
      const bytes = this.blocks[block];
      if (bytes === undefined) continue;
      this.held -= bytes.length;
      this.blocks[block] = undefined;
      this.spilled[block] = 1;
      this.decompressed.delete(block);
      this.spilledBlocks++;
    }
  }

  /** Fetches back, in one round, the spilled blocks that hold these slots and are not in memory. */
  async restore(slots: Iterable<number>): Promise<void> {
    const wanted = new Set<number>();
    for (const slot of slots) {
      const block = this.blockOf[slot]!;
      // Even one in the decompressed cache: the cache may let it go before its slot is read.
      if (this.spilled[block] && !this.restored.has(block)) wanted.add(block);
    }
    if (wanted.size === 0 || !this.policy) return;
    const read = await this.policy.spill.read([...wanted]);
    for (const block of wanted) {
      const bytes = read.get(block);
      if (!bytes) throw new Error(`block ${block} is missing from the spill`);
      this.restored.set(block, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
  }

  /** Lets go of the blocks `restore` fetched (they stay in the spill). */
  releaseRestored(): void {
    this.restored.clear();
  }

  /** The resource of a referenced slot, parsed from its JSON. */
  get(slot: number): FhirResource {
    const block = this.blockOf[slot]!;
    if (block === this.blocks.length) this.seal();
    let text = this.decompressed.get(block);
    if (text === undefined) {
      const bytes = this.blocks[block] ?? this.restored.get(block);
      if (!bytes) throw new Error(`block ${block} is spilled: restore its slots first`);
      text = inflateRawSync(bytes).toString(this.wide[block] ? 'utf8' : 'latin1');
      if (this.decompressed.size >= CACHE_BLOCKS) this.decompressed.delete(this.decompressed.keys().next().value!);
    } else this.decompressed.delete(block);
    this.decompressed.set(block, text);
    return JSON.parse(text.slice(this.startOf[slot], this.endOf[slot])) as FhirResource;
  }

  /**
   * Compresses the open block. Level 1: deflate then costs about what JSON.stringify does, and a
   * block still shrinks ten to twenty times. A block whose characters all fit in one byte (most:
   * é and µ do, ≥ does not) is stored as Latin-1, which decodes several times faster than UTF-8
   * when the block is read back.
   */
  private seal(): void {
    const block = this.blocks.length;
    if (this.refs[block]! === 0) this.blocks.push(undefined);
    else {
      const text = this.open.join('');
      let bytes = Buffer.from(text, 'latin1');
      const oneByte = bytes.toString('latin1') === text;
      if (!oneByte) bytes = Buffer.from(text, 'utf8');
      const packed = deflateRawSync(bytes, { level: 1 });
      // zlib hands back a view of its 16 KiB output buffer: a copy of the exact length holds no slack.
      this.blocks.push(packed.length < packed.buffer.byteLength ? Buffer.from(packed) : packed);
      this.wide[block] = oneByte ? 0 : 1;
      this.held += packed.length;
    }
    this.open = [];
    this.openChars = 0;
    if (this.putting && this.policy && this.held > this.policy.budgetBytes) this.chooseSpill(this.policy.budgetBytes);
  }

  /** Picks the oldest blocks held until what stays is under the spill-down share of the budget. */
  private chooseSpill(budget: number): void {
    let keep = this.held;
    for (const b of this.pending) keep -= this.blocks[b]?.length ?? 0;
    while (keep > budget * SPILL_DOWN_TO && this.oldestHeld < this.blocks.length) {
      const block = this.oldestHeld++;
      const bytes = this.blocks[block];
      if (bytes === undefined) continue;
      this.pending.push(block);
      keep -= bytes.length;
    }
  }
}
