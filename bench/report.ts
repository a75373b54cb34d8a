import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';

/** One line of the benchmark table. */
export interface BenchRow {
  /** Case and figure, e.g. "prefetch path, pump-evaluation: p50". */
  readonly figure: string;
  readonly value: number;
  readonly unit: 'ms' | 'req/s' | 'MB' | 's' | 'x' | 'resources/s' | 'patients/s';
  /** The target, when the figure has one. */
  readonly target?: { readonly op: '<=' | '>='; readonly value: number };
  /** The same figure for the baseline, measured in the same run. */
  readonly baseline?: { readonly name: string; readonly value: number };
  readonly note?: string;
}

/** Whether a row meets its target (undefined when it has none). */
export function passes(row: BenchRow): boolean | undefined {
  if (!row.target) return undefined;
  return row.target.op === '<=' ? row.value <= row.target.value : row.value >= row.target.value;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The table printed by `npm run bench`. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = rows.map((r) => {
    const pass = passes(r);
    return [
      r.figure,
      `${fmt(r.value)} ${r.unit}`,
      r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.unit}` : '(info)',
      pass === undefined ? '-' : pass ? 'PASS' : 'FAIL',
      r.baseline ? `${fmt(r.value / r.baseline.value)}x ${r.baseline.name} (${fmt(r.baseline.value)} ${r.unit})` : '-',
    ];
  });
  const header = ['figure', 'measured', 'target', 'result', 'ratio to baseline (same run)'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}

/** The machine a run happened on, for the published figures. */
export function machine(): Record<string, unknown> {
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes the run's results as JSON. */
export function writeJson(file: string, content: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}
