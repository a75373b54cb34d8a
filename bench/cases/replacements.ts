import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../../bin/node-flags.js';
import { logErrors, type ChildOptions, type ChildServer } from '../child-server.js';
import { cardCount } from '../hook-requests.js';
import { KeepAliveClient } from '../http-client.js';
import { runLoad } from '../load.js';
import { REPLACEMENTS, REPLACEMENTS_OFF_VAR, type ReplacementName } from '../replacement-variants.js';
import { measureReplacementCosts, type PieceCost } from '../replacement-costs.js';
import { percentile } from '../search-benchmark.js';
import { summarise } from '../sequential.js';

const REPLACEMENT_ENTRY = fileURLToPath(new URL('../replacement-server.js', import.meta.url));

/** How long `--replacements` measures; the full plan takes about 4 minutes on 2 busy vCPUs. */
export interface ReplacementPlan {
  /** Rounds; each measures every variant on each body, in a rotated order. */
  rounds: number;
  /** Unmeasured autocannon seconds per variant and body before the first round (JIT, caches). */
  readonly warmupS: number;
  /** Measured autocannon seconds per variant, body and round. */
  readonly loadS: number;
  readonly connections: number;
  /** Sequential calls per variant, body and round, interleaved across variants: unmeasured, then measured. */
  readonly latencyWarmup: number;
  readonly latencyCalls: number;
  /** In-process cost of each piece (bench/replacement-costs.ts): calls per run, alternated runs per side. */
  readonly costIterations: number;
  readonly costRuns: number;
}

export const REPLACEMENT_PLANS: Readonly<Record<'full' | 'quick', ReplacementPlan>> = {
  full: {
    rounds: 5,
    warmupS: 1,
    loadS: 2,
    connections: 32,
    latencyWarmup: 20,
    latencyCalls: 100,
    costIterations: 1000,
    costRuns: 9,
  },
  quick: {
    rounds: 2,
    warmupS: 0,
    loadS: 1,
    connections: 32,
    latencyWarmup: 5,
    latencyCalls: 20,
    costIterations: 50,
    costRuns: 3,
  },
};

/** A replacement stays only when it gains more than this (and more than the control), in throughput or p50, on either body. */
export const KEEP_THRESHOLD_PCT = 5;

/**
 * The service with every replacement (`baseline`), or without one of them; `control` is the
 * baseline again in another process, whose "gain" is what the method's noise alone gives.
 */
type Variant = 'baseline' | 'control' | ReplacementName;
type BodyName = 'small' | 'large';
const BODY_NAMES: readonly BodyName[] = ['small', 'large'];

/** One variant on one body in one round. */
export interface ReplacementRun {
  readonly round: number;
  readonly body: BodyName;
  readonly variant: Variant;
  /** Requests per second at `connections` connections. */
  readonly rps: number;
  /** autocannon's p99 under that load, ms. */
  readonly loadP99: number;
  /** CPU time of the server process (all threads) per request under that load, µs. */
  readonly loadCpuUs: number;
  /** CPU the rest of the machine used during that load (not the server, not the bench), % of one core. */
  readonly otherCpuPct: number;
  /** Sequential calls, one client, interleaved call by call with the other variants, ms. */
  readonly p50: number;
  readonly p99: number;
  /** CPU time of the server per sequential call, µs. */
  readonly seqCpuUs: number;
}

/** A median and the range it came from. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** A gain in %: from the medians of both variants, and its range round by round. */
export interface Gain {
  readonly pct: number;
  readonly rounds: Spread;
}

/** What one replacement gains on one body; positive means the replacement is faster or cheaper. */
export interface ReplacementGain {
  readonly replacement: ReplacementName | 'control';
  readonly library: string;
  readonly body: BodyName;
  /** Medians with the replacement (`on`, the baseline) and without it (`off`). */
  readonly on: { readonly rps: number; readonly p50: number; readonly loadCpuUs: number; readonly seqCpuUs: number };
  readonly off: { readonly rps: number; readonly p50: number; readonly loadCpuUs: number; readonly seqCpuUs: number };
  /** rps(on) / rps(off) − 1. */
  readonly rps: Gain;
  /** p50(off) / p50(on) − 1. */
  readonly p50: Gain;
  /** cpu(off) / cpu(on) − 1, under load and in sequence. */
  readonly loadCpu: Gain;
  readonly seqCpu: Gain;
}

export interface ReplacementResult {
  readonly plan: ReplacementPlan;
  readonly bodyBytes: Readonly<Record<BodyName, number>>;
  readonly runs: readonly ReplacementRun[];
  readonly gains: readonly ReplacementGain[];
  /** Per replacement: what the 5 % rule says, and why. */
  readonly verdicts: Readonly<Record<string, { readonly keep: boolean; readonly why: string }>>;
  readonly errors: Readonly<Record<string, string[]>>;
  /** Each piece's own CPU cost per request, with the replacement and with the library, in the bench process. */
  readonly costs: readonly PieceCost[];
}

const spread = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
};

/**
 * CPU time of a process so far, all threads, in µs: the first field of each thread's
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds on the CPU; /proc/<pid>/stat counts in 10 ms ticks).
 */
function cpuTimeUs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ', 1)[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1000;
}

/** Busy CPU time of the whole machine so far, in µs (/proc/stat; steal time counts as busy). */
function machineBusyUs(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10_000;
}

/** This process's CPU time so far, in µs. */
const ownCpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/**
 * Waits until a server has finished what a load left behind (write-behind audit rows, log
 * writes, garbage collection): less than 2 ms of CPU in 100 ms, or 1 s at most.
 */
async function settle(pid: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const before = cpuTimeUs(pid);
    await sleep(100);
    if (cpuTimeUs(pid) - before < 2_000) return;
  }
}

/** `items` rotated left by `by`, so that no variant always comes first or last. */
const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!);

/**
 * `--replacements`: the service with all its hand-written replacements of library features,
 * and with each of them turned off on its own (bench/replacement-server.ts), in the standard
 * profile (SANDBOX=off, CDS_AUTH=off, embedded PGlite, LOG_LEVEL=info with the log in a file),
 * on a small and a large pump-evaluation request.
 *
 * Every variant runs in its own process for the whole case (with `control`, the baseline in a
 * second process, whose "gain" shows how much two processes of the same build differ). After a
 * warm-up, each round measures both bodies. Latency: one client calls the variants in turn,
 * call by call, so that they share the machine's state to the millisecond. Throughput:
 * autocannon on each variant in turn, the order rotated from round to round, so that the other
 * work on the shared machine falls on every variant alike. A round's figures are compared with
 * the same round's baseline; the medians over the rounds make the table. The machine's other
 * work is measured during every load.
 */
export async function measureReplacements(
  start: (o: ChildOptions) => Promise<ChildServer>,
  dataDir: (variant: string) => string,
  /** Fetches the two request bodies (from a sandbox, before any variant starts). */
  fetchBodies: () => Promise<Readonly<Record<BodyName, string>>>,
  plan: ReplacementPlan,
  options: {
    /** A copy of rules/ that every variant reads, so that edits in the working tree during the run change none of them. */
    readonly rulesDir?: string;
    readonly progress?: (message: string) => void;
  } = {},
): Promise<ReplacementResult> {
  const progress = options.progress ?? (() => {});
  const variants: Variant[] = ['baseline', ...REPLACEMENTS.map((r) => r.name), 'control'];
  const childOptions = (variant: Variant, dir: string): ChildOptions => ({
    label: `replacements-${variant}`,
    entry: REPLACEMENT_ENTRY,
    // The flags `npm start` gives the service (startChild adds them only for bin/server.js).
    nodeArgs: SERVICE_NODE_FLAGS,
    env: {
      SANDBOX: 'off',
      CDS_AUTH: 'off',
      DATA_DIR: dir,
      ...(options.rulesDir ? { RULES_DIR: options.rulesDir } : {}),
      [REPLACEMENTS_OFF_VAR]: variant === 'baseline' || variant === 'control' ? '' : variant,
    },
  });

  progress('replacements: fetching the bodies from a sandbox');
  const bodies = await fetchBodies();
  // One initdb, copied for every variant (each process locks its own data directory).
  progress('replacements: preparing a data directory');
  const template = dataDir('template');
  await (await start(childOptions('baseline', template))).stop();
  for (const variant of variants) cpSync(template, dataDir(variant), { recursive: true });

  const children = new Map<Variant, ChildServer>();
  const errors: Record<string, string[]> = {};
  const child = (variant: Variant) => children.get(variant)!;
  const url = (variant: Variant) => `${child(variant).baseUrl}/cds-services/pump-evaluation`;

  const load = async (variant: Variant, body: BodyName, duration: number) => {
    const pid = child(variant).pid;
    const started = performance.now();
    const before = { server: cpuTimeUs(pid), own: ownCpuUs(), machine: machineBusyUs() };
    const figures = await runLoad({
      url: url(variant),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodies[body],
      connections: plan.connections,
      duration,
    });
    if (figures.errors > 0) {
      throw new Error(`${variant}, ${body} body: ${figures.errors} errors (${JSON.stringify(figures.statusCodes)})`);
    }
    const server = cpuTimeUs(pid) - before.server;
    const other = machineBusyUs() - before.machine - server - (ownCpuUs() - before.own);
    const elapsedUs = (performance.now() - started) * 1000;
    await settle(pid);
    return { ...figures, cpuUs: server / figures.total, otherCpuPct: Math.max(0, (other / elapsedUs) * 100) };
  };

  /** Sequential calls to every variant in turn (the order rotated on every cycle); every answer a 200. */
  const interleaved = async (body: BodyName) => {
    const clients = new Map(variants.map((v) => [v, new KeepAliveClient(1)]));
    const samples = new Map<Variant, number[]>(variants.map((v) => [v, []]));
    const call = async (variant: Variant) => {
      const res = await clients.get(variant)!.postJson(url(variant), bodies[body]);
      if (res.status !== 200) throw new Error(`${variant}: HTTP ${res.status} ${res.body.toString().slice(0, 200)}`);
    };
    try {
      for (let i = 0; i < plan.latencyWarmup; i++) for (const v of rotate(variants, i)) await call(v);
      const cpuBefore = new Map(variants.map((v) => [v, cpuTimeUs(child(v).pid)]));
      for (let i = 0; i < plan.latencyCalls; i++) {
        for (const v of rotate(variants, i)) {
          const t = performance.now();
          await call(v);
          samples.get(v)!.push(performance.now() - t);
        }
      }
      return new Map(
        variants.map((v) => {
          const cpuUs = (cpuTimeUs(child(v).pid) - cpuBefore.get(v)!) / plan.latencyCalls;
          return [v, { ...summarise(samples.get(v)!), cpuUs }] as const;
        }),
      );
    } finally {
      for (const c of clients.values()) c.close();
    }
  };

  const runs: ReplacementRun[] = [];
  progress(`replacements: starting ${variants.length} processes`);
  const started = await Promise.all(variants.map(async (v) => [v, await start(childOptions(v, dataDir(v)))] as const));
  for (const [v, c] of started) children.set(v, c);
  try {
    progress('replacements: warming up');
    for (const v of variants) {
      for (const body of BODY_NAMES) {
        const client = new KeepAliveClient(1);
        const first = await client.postJson(url(v), bodies[body]).finally(() => client.close());
        if (cardCount(first.status, first.body) === 0) throw new Error(`${v}: no card for the ${body} body`);
        if (plan.warmupS > 0) await load(v, body, plan.warmupS);
      }
    }
    for (let round = 0; round < plan.rounds; round++) {
      progress(`replacements: round ${round + 1} of ${plan.rounds}`);
      for (const body of rotate(BODY_NAMES, round)) {
        const latency = await interleaved(body);
        for (const v of rotate(variants, round)) {
          const figures = await load(v, body, plan.loadS);
          const seq = latency.get(v)!;
          runs.push({
            round,
            body,
            variant: v,
            rps: figures.rps,
            loadP99: figures.latencyP99,
            loadCpuUs: figures.cpuUs,
            otherCpuPct: figures.otherCpuPct,
            p50: seq.p50,
            p99: seq.p99,
            seqCpuUs: seq.cpuUs,
          });
        }
      }
    }
  } finally {
    for (const c of children.values()) {
      const found = logErrors(c);
      if (!c.alive()) found.push('the process died during the run');
      if (found.length > 0) errors[c.label] = found;
      await c.stop();
    }
  }

  progress('replacements: in-process cost of each piece');
  const costs = measureReplacementCosts({ iterations: plan.costIterations, runs: plan.costRuns });
  const gains = compare(runs);
  return {
    costs,
    plan,
    bodyBytes: { small: Buffer.byteLength(bodies.small), large: Buffer.byteLength(bodies.large) },
    runs,
    gains,
    verdicts: verdictsOf(gains),
    errors,
  };
}

/** Each replacement (and the control) against the baseline, body by body. */
function compare(runs: readonly ReplacementRun[]): ReplacementGain[] {
  const of = (variant: Variant, body: BodyName) => runs.filter((r) => r.variant === variant && r.body === body);
  const compared = [...REPLACEMENTS, { name: 'control', library: '(nothing: the baseline again)' } as const];
  return compared.flatMap((r) =>
    BODY_NAMES.map((body): ReplacementGain => {
      const on = of('baseline', body);
      const off = of(r.name, body);
      const medians = (rs: readonly ReplacementRun[]) => ({
        rps: spread(rs.map((x) => x.rps)).median,
        p50: spread(rs.map((x) => x.p50)).median,
        loadCpuUs: spread(rs.map((x) => x.loadCpuUs)).median,
        seqCpuUs: spread(rs.map((x) => x.seqCpuUs)).median,
      });
      const m = { on: medians(on), off: medians(off) };
      // Higher is better for throughput; lower is better for the others.
      const gain = (key: 'rps' | 'p50' | 'loadCpuUs' | 'seqCpuUs'): Gain => {
        const ratio = (a: number, b: number) => ((key === 'rps' ? a / b : b / a) - 1) * 100;
        return {
          pct: ratio(m.on[key], m.off[key]),
          rounds: spread(on.map((a) => ratio(a[key], off.find((b) => b.round === a.round)![key]))),
        };
      };
      return {
        replacement: r.name,
        library: r.library,
        body,
        ...m,
        rps: gain('rps'),
        p50: gain('p50'),
        loadCpu: gain('loadCpuUs'),
        seqCpu: gain('seqCpuUs'),
      };
    }),
  );
}

/**
 * The 5 % rule on throughput and p50, each body: a gain counts when its median is above 5 % and
 * above the control's on the same body and figure (the same build in another process: the noise).
 */
function verdictsOf(gains: readonly ReplacementGain[]): Record<string, { keep: boolean; why: string }> {
  const control = (body: BodyName) => gains.find((g) => g.replacement === 'control' && g.body === body)!;
  const out: Record<string, { keep: boolean; why: string }> = {};
  for (const r of REPLACEMENTS) {
    const found = gains
      .filter((g) => g.replacement === r.name)
      .flatMap((g) =>
        (['rps', 'p50'] as const)
          .filter((k) => g[k].pct > KEEP_THRESHOLD_PCT)
          .map((k) => {
            const noise = control(g.body)[k].pct;
            const what = k === 'rps' ? 'throughput' : 'p50';
            return {
              counts: g[k].pct > noise,
              text: `${what} ${pct(g[k].pct)} on the ${g.body} body (control: ${pct(noise)}${g[k].pct > noise ? '' : ', within the noise'})`,
            };
          }),
      );
    const why = found.map((f) => f.text).join('; ');
    out[r.name] = found.some((f) => f.counts)
      ? { keep: true, why }
      : {
          keep: false,
          why: `no median gain above ${KEEP_THRESHOLD_PCT} % and above the control in throughput or p50${why ? ` (${why})` : ''}`,
        };
  }
  return out;
}

const num = (n: number, digits = 0) => n.toFixed(digits);
const pct = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)} %`;
const gainText = (g: Gain) => `${pct(g.pct)} (${pct(g.rounds.min)} to ${pct(g.rounds.max)})`;

function table(header: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}

/** The figures of `--replacements`: medians per variant, then the gain of each replacement. */
export function formatReplacements(result: ReplacementResult): string {
  const { plan } = result;
  const bodyLabel = (b: BodyName) => `${b} (${(result.bodyBytes[b] / 1024).toFixed(1)} KB)`;
  const variants = [...new Set(result.runs.map((r) => r.variant))];
  const range = (rs: readonly ReplacementRun[], key: keyof ReplacementRun, digits: number, unit: string) => {
    const s = spread(rs.map((r) => r[key] as number));
    return `${num(s.median, digits)} ${unit} (${num(s.min, digits)}-${num(s.max, digits)})`;
  };
  const perVariant = table(
    ['variant', 'body', 'throughput', 'p50, in sequence', 'CPU/request under load', 'CPU/request in sequence'],
    variants.flatMap((v) =>
      BODY_NAMES.map((b) => {
        const rs = result.runs.filter((r) => r.variant === v && r.body === b);
        return [
          v === 'baseline' ? 'all replacements on' : v === 'control' ? 'control (all on again)' : `${v} off`,
          bodyLabel(b),
          range(rs, 'rps', 0, 'req/s'),
          range(rs, 'p50', 3, 'ms'),
          range(rs, 'loadCpuUs', 0, 'µs'),
          range(rs, 'seqCpuUs', 0, 'µs'),
        ];
      }),
    ),
  );
  const gains = table(
    ['replacement', 'instead of', 'body', 'throughput', 'p50', 'CPU under load', 'CPU in sequence'],
    result.gains.map((g) => [
      g.replacement,
      g.library,
      g.body,
      gainText(g.rps),
      gainText(g.p50),
      gainText(g.loadCpu),
      gainText(g.seqCpu),
    ]),
  );
  // The least contended round's CPU per request with every replacement on: the share a piece's saving can reach at most.
  const requestUs = (b: BodyName) =>
    spread(result.runs.filter((r) => r.variant === 'baseline' && r.body === b).map((r) => r.loadCpuUs)).min;
  const costs = table(
    ['replacement', 'body', 'replacement', 'library', 'saved per request', 'share of a request'],
    result.costs.flatMap((c) =>
      BODY_NAMES.map((b) => [
        c.replacement,
        b,
        `${num(c.onUs, 1)} µs`,
        `${num(c.offUs, 1)} µs`,
        `${num(c.savedUs, 1)} µs (${num(c.savedRange[0], 1)} to ${num(c.savedRange[1], 1)})`,
        `${pct((c.savedUs / requestUs(b)) * 100)} of ${num(requestUs(b))} µs`,
      ]),
    ),
  );
  const other = spread(result.runs.map((r) => r.otherCpuPct));
  return [
    `${plan.rounds} rounds; per variant, body and round: ${plan.latencyCalls} sequential calls interleaved with the other variants, then ${plan.loadS} s at ${plan.connections} connections. Each variant runs in one process throughout; "control" is the baseline in a second process.`,
    `CPU used by other work on the machine during the loads: median ${num(other.median)} % of a core (${num(other.min)}-${num(other.max)} %).`,
    '',
    'Medians over the rounds (min-max):',
    '',
    perVariant,
    '',
    'Gain of each replacement, with it against without it (positive: the replacement is faster), from the medians; in brackets the range round by round:',
    '',
    gains,
    '',
    ...Object.entries(result.verdicts).map(([name, v]) => `${name}: ${v.keep ? 'keep' : 'use the library'}: ${v.why}`),
    '',
    `In-process CPU per request of each piece alone, with the replacement and with the library (medians of ${plan.costRuns} alternated runs of ${plan.costIterations} calls; in brackets the saving run by run), and the saving as a share of the service's CPU per request under load (all replacements on, least contended round):`,
    '',
    costs,
  ].join('\n');
}
