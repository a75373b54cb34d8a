import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { percentile } from './search-benchmark.js';
import type { SoakKind } from './soak-mix.js';

/** Server-side latency of one kind of request over a period, from the service's request log. */
export interface KindLatency {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

interface RequestLine {
  msg?: string;
  time?: string;
  route?: string;
  serviceId?: string;
  fhirRounds?: number;
  durationMs?: number;
}

function kindOf(l: RequestLine): SoakKind | undefined {
  if (l.route === '/cds-services/:id/feedback') return 'feedback';
  if (l.route !== '/cds-services/:id') return undefined;
  if ((l.fhirRounds ?? 0) > 0) return 'fhir-path';
  return l.serviceId === 'trial-referral' ? 'trial' : 'pump';
}

/** Per-kind latency of the logged requests among `lines` whose time is in [from, to) (epoch ms). */
function latencyOfLines(lines: readonly string[], from: number, to: number): Partial<Record<SoakKind, KindLatency>> {
  const samples = new Map<SoakKind, number[]>();
  for (const line of lines) {
    if (!line.startsWith('{"level":30') || !line.includes('"msg":"request"')) continue;
    const l = JSON.parse(line) as RequestLine;
    const at = Date.parse(l.time ?? '');
    const kind = kindOf(l);
    if (!kind || typeof l.durationMs !== 'number' || at < from || at >= to) continue;
    const list = samples.get(kind) ?? [];
    list.push(l.durationMs);
    samples.set(kind, list);
  }
  const out: Partial<Record<SoakKind, KindLatency>> = {};
  for (const [kind, list] of samples) {
    list.sort((a, b) => a - b);
    out[kind] = {
      count: list.length,
      p50: percentile(list, 0.5),
      p99: percentile(list, 0.99),
      max: list[list.length - 1]!,
    };
  }
  return out;
}

/**
 * Per-kind latency (the service's own `durationMs`, so without the load generator's queueing)
 * of the requests logged between `from` and `to` (epoch ms), over the whole log file.
 */
export function latencyByKind(logFile: string, from: number, to: number): Partial<Record<SoakKind, KindLatency>> {
  return latencyOfLines(readFileSync(logFile, 'utf8').split('\n'), from, to);
}

/**
 * The request log as it grows: each read parses only the whole lines written since the last
 * read, so a per-window figure costs the window's lines, not the whole log so far.
 */
export class RequestLogTail {
  private offset = 0;

  constructor(private readonly logFile: string) {}

  /** Like latencyByKind, over the lines added since the previous call. */
  latencySince(from: number, to: number): Partial<Record<SoakKind, KindLatency>> {
    const fd = openSync(this.logFile, 'r');
    let text: string;
    try {
      const added = Buffer.alloc(Math.max(0, fstatSync(fd).size - this.offset));
      readSync(fd, added, 0, added.length, this.offset);
      const whole = added.lastIndexOf(0x0a) + 1;
      this.offset += whole;
      text = added.subarray(0, whole).toString('utf8');
    } finally {
      closeSync(fd);
    }
    return latencyOfLines(text.split('\n'), from, to);
  }
}
