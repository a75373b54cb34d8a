import { fileURLToPath } from 'node:url';
import type { ChildOptions, ChildServer } from '../child-server.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import { loadWithRss } from './throughput.js';
import { sequentialCalls } from './prefetch-path.js';

const WHAT_IF_ENTRY = fileURLToPath(new URL('../what-if-server.js', import.meta.url));

/**
 * `--what-if`: the prefetch path and the throughput of the service as it is, then with the
 * feedback store's per-request work taken away (bench/what-if-server.ts), one after the other
 * in the same run. It measures what that store work costs; it changes nothing in the service.
 */
export async function measureWhatIf(
  start: (o: ChildOptions) => Promise<ChildServer>,
  dataDir: (variant: string) => string,
  body: string,
  plan: BenchPlan,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let base: { p50: number; rps: number } | undefined;
  for (const variant of ['as built', 'no-suppression-query', 'no-store-writes']) {
    const child = await start({
      label: `what-if-${variant.replace(/\s+/g, '-')}`,
      env: {
        SANDBOX: 'off',
        CDS_AUTH: 'off',
        DATA_DIR: dataDir(variant),
        ...(variant === 'as built' ? {} : { WHAT_IF: variant }),
      },
      ...(variant === 'as built' ? {} : { entry: WHAT_IF_ENTRY }),
    });
    const url = `${child.baseUrl}/cds-services/pump-evaluation`;
    const seq = await sequentialCalls(url, body, plan, { expectCards: true });
    const { load, rss } = await loadWithRss(child, '/cds-services/pump-evaluation', body, plan);
    await child.stop();
    base ??= { p50: seq.p50, rps: load.rps };
    const baseline = (name: string, value: number) => (variant === 'as built' ? {} : { baseline: { name, value } });
    rows.push(
      {
        figure: `what-if ${variant}: prefetch path p50`,
        value: seq.p50,
        unit: 'ms',
        ...baseline('as built', base.p50),
      },
      { figure: `what-if ${variant}: throughput`, value: load.rps, unit: 'req/s', ...baseline('as built', base.rps) },
      { figure: `what-if ${variant}: peak RSS under load`, value: rss.peakMb, unit: 'MB' },
    );
  }
  return rows;
}
