import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FhirResource } from 'fhir/r4.js';

/**
 * Characters of JSON gathered into one block before it is compressed: a block's text then stays
 * under V8's 128 KiB large-object size, and a string past that size was 40 times slower to make
 * from a Buffer (each one a large-object allocation); deflate still shrinks a block 15 to 20 times.
 */
const BLOCK_CHARS = 48 * 1024;
/** Blocks kept decompressed while resources are read back (at most 64 × 48 KiB of text). */
const CACHE_BLOCKS = 64;

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
  private slots = 0;
  private readonly decompressed = new Map<number, string>();

  /** Keeps a resource; its slot starts with no reference (the caller refs it before the next `put`). */
  put(resource: FhirResource): number {
    // A full block is sealed here, not after the last put: by now that one's references are known.
    if (this.openChars >= BLOCK_CHARS) this.seal();
    const json = JSON.stringify(resource);
    const slot = this.slots++;
    if (slot === this.blockOf.length) {
      this.blockOf = grown(this.blockOf);
      this.startOf = grown(this.startOf);
      this.endOf = grown(this.endOf);
    }
    const block = this.blocks.length;
    if (block === this.refs.length) {
      this.refs = grown(this.refs);
      const wide = new Uint8Array(this.wide.length * 2);
      wide.set(this.wide);
      this.wide = wide;
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
    this.blocks[block] = undefined;
    this.decompressed.delete(block);
  }

  /** The resource of a referenced slot, parsed from its JSON. */
  get(slot: number): FhirResource {
    const block = this.blockOf[slot]!;
    if (block === this.blocks.length) this.seal();
    let text = this.decompressed.get(block);
    if (text === undefined) {
      text = inflateRawSync(this.blocks[block]!).toString(this.wide[block] ? 'utf8' : 'latin1');
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
    }
    this.open = [];
    this.openChars = 0;
  }
}
