import { createHash } from 'node:crypto';

/** One shard of a sharded run: shard `index` (0-based) of `of`. */
export interface Shard {
  readonly index: number;
  readonly of: number;
}

/**
 * The most shards one run may have. The shards split the export's files and pass each other
 * their patients' resources (sharded-read.ts), which costs every shard a look at every other's
 * blocks: past a few dozen shards that costs more than it gains, and 64 keeps a run's rows small.
 */
export const MAX_SHARDS = 64;

/** `1/3` for shard 1 of 3, as the command line and the report's `source.shard` write it. */
export const shardLabel = (shard: Shard): string => `${shard.index}/${shard.of}`;

/** Why a `--shard` value is refused, or the shard it names. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (!m) return '--shard must be <index>/<count>, e.g. 0/3 (the index counts from 0)';
  const index = Number(m[1]);
  const of = Number(m[2]);
  if (of < 1 || of > MAX_SHARDS) return `--shard: the count must be from 1 to ${MAX_SHARDS}`;
  if (index >= of) return `--shard: the index must be from 0 to ${of - 1} (it counts from 0)`;
  return { index, of };
}

/**
 * The shard a patient belongs to: the first 4 bytes of the SHA-256 of the id, big-endian, modulo
 * the count. A cryptographic hash spreads ids of any shape (sequential numbers, UUIDs, prefixed
 * fixture names) evenly, and it is the same in every process, language and release: shards
 * started apart, even from different builds, split a population the same way. The modulo bias of
 * 2^32 over at most 64 shards is below one in 60 million.
 */
export function shardOf(patientId: string, shards: number): number {
  return createHash('sha256').update(patientId, 'utf8').digest().readUInt32BE(0) % shards;
}

/** Whether a patient is this shard's to screen. */
export const inShard = (patientId: string, shard: Shard): boolean => shardOf(patientId, shard.of) === shard.index;
