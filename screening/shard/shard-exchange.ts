import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FhirResource } from 'fhir/r4.js';
import type { ExchangedBlock, ShardExchangeStore } from '../../store/shard-exchange-store.js';

/**
 * Where the shards of a run pass each other resources (store/shard-exchange-store.ts): each
 * shard reads its part of the export's files and writes every resource for the shard that owns
 * its patient (docs/screening.md, "Sharded runs"). The store's own shape, so that tests may stand
 * in for part of it.
 */
export type ShardExchange = Pick<ShardExchangeStore, 'clear' | 'write' | 'markSent' | 'senders' | 'read'>;
export type { ExchangedBlock, ShardSender as ShardSenderState } from '../../store/shard-exchange-store.js';

/** Characters of NDJSON per block: under V8's large-string size, as compressed-json.ts explains. */
const BLOCK_CHARS = 48 * 1024;
/** Blocks written at once; the reader waits for each write, so what is held stays small. */
const BLOCKS_PER_WRITE = 32;
/** Blocks read back at once. */
const BLOCKS_PER_READ = 16;

/** Gathers a shard's resources by the shard they go to, and writes them in compressed blocks. */
export class ExchangeSender {
  private readonly open: string[][];
  private readonly openChars: number[];
  private readonly seq: number[];
  private pending: ExchangedBlock[] = [];
  /** Resources sent, for the progress line. */
  sent = 0;

  constructor(
    private readonly exchange: ShardExchange,
    private readonly runId: string,
    private readonly exportId: string,
    private readonly fromShard: number,
    shards: number,
  ) {
    this.open = Array.from({ length: shards }, () => []);
    this.openChars = new Array<number>(shards).fill(0);
    this.seq = new Array<number>(shards).fill(0);
  }

  /** Queues a resource (as its NDJSON line, when given) for these shards; `due` says when the caller should `flush`. */
  put(resource: FhirResource, toShards: readonly number[], line: string = JSON.stringify(resource)): void {
    for (const to of toShards) {
      this.open[to]!.push(line);
      this.openChars[to]! += line.length + 1;
      if (this.openChars[to]! >= BLOCK_CHARS) this.seal(to);
    }
    this.sent++;
  }

  get due(): boolean {
    return this.pending.length >= BLOCKS_PER_WRITE;
  }

  async flush(): Promise<void> {
    const blocks = this.pending;
    this.pending = [];
    if (blocks.length > 0) await this.exchange.write(this.runId, this.exportId, this.fromShard, blocks);
  }

  /** Seals what is left for every shard and writes it. */
  async finish(): Promise<void> {
    for (let to = 0; to < this.open.length; to++) if (this.open[to]!.length > 0) this.seal(to);
    await this.flush();
  }

  private seal(to: number): void {
    const bytes = deflateRawSync(Buffer.from(this.open[to]!.join('\n'), 'utf8'), { level: 1 });
    this.pending.push({ toShard: to, seq: this.seq[to]!++, bytes });
    this.open[to] = [];
    this.openChars[to] = 0;
  }
}

/** The resources one shard sent another from an export, in the order sent, each with its line. */
export async function* receivedResources(
  exchange: ShardExchange,
  runId: string,
  exportId: string,
  fromShard: number,
  toShard: number,
): AsyncGenerator<{ resource: FhirResource; line: string }> {
  let after = -1;
  for (;;) {
    const blocks = await exchange.read(runId, exportId, fromShard, toShard, after, BLOCKS_PER_READ);
    if (blocks.length === 0) return;
    for (const block of blocks) {
      after = block.seq;
      const text = inflateRawSync(block.bytes).toString('utf8');
      for (const line of text.split('\n')) if (line !== '') yield { resource: JSON.parse(line) as FhirResource, line };
    }
  }
}
