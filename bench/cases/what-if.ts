import { fileURLToPath } from 'node:url';
import { ECHO_ENTRY, type ChildOptions, type ChildServer } from '../child-server.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import { median } from '../search-benchmark.js';
import { loadWithRss } from './throughput.js';
import { sequentialCalls } from './prefetch-path.js';

const WHAT_IF_ENTRY = fileURLToPath(new URL('../what-if-server.js', import.meta.url));

/** The variants of bench/what-if-server.ts, after the service as built. */
const VARIANTS = ['as built', 'no-suppression-query', 'no-store-writes', 'no-service-work'] as const;
type Variant = (typeof VARIANTS)[number];

/** What `--what-if` calls: one service with one body (`--small`, `--order-sign`, or the standard one). */
export interface WhatIfTarget {
  readonly serviceId: string;
  readonly bodyName: string;
  readonly body: string;
  /** Rounds of loads, each over the echo and every variant in a rotated order. */
  readonly rounds: number;
}

/**
 * `--what-if`: the service as it is, then with part of its work taken away (bench/what-if-server.ts):
 * the feedback store's per-request work, or the services' own work. Every variant and the echo run
 * at once, and each round loads them in turn in a rotated order, so that a slow minute of the
 * shared machine falls on all of them; the rows are medians over the rounds. It changes nothing in
 * the service; it measures what each part of a call costs, and how far the echo is from a call
 * that evaluates nothing.
 */
export async function measureWhatIf(
  start: (o: ChildOptions) => Promise<ChildServer>,
  dataDir: (variant: string) => string,
  target: WhatIfTarget,
  plan: BenchPlan,
): Promise<BenchRow[]> {
  // All five start at once (each has its own data directory): the start-ups are not measured.
  const started = await Promise.allSettled([
    start({ label: 'what-if-echo', entry: ECHO_ENTRY }),
    ...VARIANTS.map((variant) => {
      const built = variant === 'as built';
      return start({
        label: `what-if-${variant.replace(/\s+/g, '-')}`,
        env: { SANDBOX: 'off', CDS_AUTH: 'off', DATA_DIR: dataDir(variant), ...(built ? {} : { WHAT_IF: variant }) },
        ...(built ? {} : { entry: WHAT_IF_ENTRY }),
      });
    }),
  ]);
  const running = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((c) => c.stop()));
    throw failed.reason;
  }
  const [echo, ...services] = running as [ChildServer, ...ChildServer[]];
  const children = new Map<Variant, ChildServer>(VARIANTS.map((v, i) => [v, services[i]!]));
  try {
    const path = `/cds-services/${target.serviceId}`;
    const all: [string, ChildServer, string][] = [
      ['echo', echo, '/echo'],
      ...[...children].map(([v, c]): [string, ChildServer, string] => [v, c, path]),
    ];
    const rps = new Map<string, number[]>(all.map(([name]) => [name, []]));
    const rss = new Map<string, number[]>(all.map(([name]) => [name, []]));
    for (let round = 0; round < target.rounds; round++) {
      const order = all.map((_, i) => all[(i + round) % all.length]!);
      for (const [name, child, p] of order) {
        const { load, rss: r } = await loadWithRss(child, p, target.body, plan);
        rps.get(name)!.push(load.rps);
        rss.get(name)!.push(r.peakMb);
      }
    }
    const rows: BenchRow[] = [];
    const echoRps = median(rps.get('echo')!);
    const builtRps = median(rps.get('as built')!);
    rows.push({
      figure: `what-if, ${target.bodyName}: echo throughput`,
      value: echoRps,
      unit: 'req/s',
      note: `median of ${target.rounds}`,
    });
    let builtP50: number | undefined;
    for (const variant of VARIANTS) {
      const child = children.get(variant)!;
      const seq = await sequentialCalls(`${child.baseUrl}${path}`, target.body, plan, {
        expectCards: variant !== 'no-service-work',
      });
      builtP50 ??= seq.p50;
      const value = median(rps.get(variant)!);
      const label = `what-if ${variant}, ${target.bodyName}`;
      rows.push(
        {
          figure: `${label}: prefetch path p50`,
          value: seq.p50,
          unit: 'ms',
          ...(variant === 'as built' ? {} : { baseline: { name: 'as built', value: builtP50 } }),
        },
        {
          figure: `${label}: throughput`,
          value,
          unit: 'req/s',
          baseline: variant === 'as built' ? { name: 'echo', value: echoRps } : { name: 'as built', value: builtRps },
        },
        { figure: `${label}: throughput ratio to echo`, value: value / echoRps, unit: 'x' },
        { figure: `${label}: peak RSS under load`, value: Math.max(...rss.get(variant)!), unit: 'MB' },
      );
    }
    return rows;
  } finally {
    await Promise.all(running.map((c) => c.stop()));
  }
}
