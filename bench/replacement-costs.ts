import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLogger } from '../config/logger.js';
import type { ReplacementName } from './replacement-variants.js';
import { median } from './search-benchmark.js';

/*
 * What each hand-written replacement costs against the library feature it replaces, measured
 * in this process on its own: the piece and nothing else, thousands of times, the two sides
 * alternating. On a shared machine this is steadier than the end-to-end figures of
 * bench/cases/replacements.ts, whose throughput swings with other people's work; it does not
 * see what the piece changes around it (allocation, garbage collection under load).
 */

// A full garbage collection before each run, so that no run pays for the garbage of the one before.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** CPU time of this process so far, µs. */
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** One piece, with the replacement (`on`) and with the library feature (`off`). */
interface Piece {
  readonly replacement: ReplacementName;
  readonly on: (n: number) => void;
  readonly off: (n: number) => void;
}

/** The cost of one piece: CPU µs per request, medians of the alternated runs. */
export interface PieceCost {
  readonly replacement: ReplacementName;
  readonly onUs: number;
  readonly offUs: number;
  /** offUs − onUs: what the replacement saves per request (negative: it costs more). */
  readonly savedUs: number;
  /** savedUs of each run, smallest and largest. */
  readonly savedRange: readonly [number, number];
}

/** One request line as hooks/request-log.ts writes it, logged n times to a sink that drops it. */
function logLoop(censor: 'by-key' | 'pino-redact'): (n: number) => void {
  const logger = createLogger('info', { write: () => {} }, censor);
  return (n) => {
    for (let i = 0; i < n; i++) {
      logger.info(
        {
          method: 'POST',
          route: '/cds-services/:id',
          status: 200,
          durationMs: 1.23,
          serviceId: 'pump-evaluation',
          hook: 'patient-view',
          cards: 1,
          suppressed: 0,
          fhirRounds: 0,
        },
        'request',
      );
    }
  };
}

/** Per request: `runs` alternated runs of `n` calls each side (after one of each unmeasured). */
function measurePiece(piece: Piece, n: number, runs: number): PieceCost {
  piece.on(n);
  piece.off(n);
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Alternate which side goes first, so that neither always runs on a warmer (or busier) machine.
    for (const side of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      collectGarbage();
      const before = cpuUs();
      piece[side](n);
      (side === 'on' ? on : off).push((cpuUs() - before) / n);
    }
  }
  const saved = off.map((x, i) => x - on[i]!);
  const onUs = median(on);
  const offUs = median(off);
  return {
    replacement: piece.replacement,
    onUs,
    offUs,
    savedUs: offUs - onUs,
    savedRange: [Math.min(...saved), Math.max(...saved)],
  };
}

/** Each replacement's cost against its library feature, in this process (a few seconds in all). */
export function measureReplacementCosts(
  options: { readonly iterations?: number; readonly runs?: number } = {},
): PieceCost[] {
  const n = options.iterations ?? 2000;
  const runs = options.runs ?? 9;
  const pieces: Piece[] = [{ replacement: 'logCensor', on: logLoop('by-key'), off: logLoop('pino-redact') }];
  return pieces.map((piece) => measurePiece(piece, n, runs));
}
