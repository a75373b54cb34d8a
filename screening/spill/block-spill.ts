/**
 * Where a screening run puts compressed record blocks once the records it holds pass its memory
 * budget (screening/compressed-json.ts), and reads them back when their patients are evaluated:
 * the service's database (store/screening-spill-store.ts), reached from a worker thread through
 * its parent (screening/spill/port-spill.ts). Blocks are opaque bytes, numbered by the run.
 */
export interface BlockSpill {
  /** Keeps blocks, each under its number. */
  write(blocks: readonly SpilledBlock[]): Promise<void>;
  /** The bytes of the blocks named, each once; a block never written is an error. */
  read(blocks: readonly number[]): Promise<Map<number, Uint8Array>>;
  /** Forgets every block of this spill (the run is over). */
  drop(): Promise<void>;
}

/** One block on its way out. */
export interface SpilledBlock {
  readonly block: number;
  readonly bytes: Uint8Array;
}
