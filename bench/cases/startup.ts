import { join } from 'node:path';
import { ECHO_ENTRY, startChild } from '../child-server.js';
import type { BenchPlan } from '../plan.js';
import type { BenchRow } from '../report.js';
import { median } from '../search-benchmark.js';

/** Median of a few start-ups: spawn to the "ready" log line, stopping the process each time. */
async function startupMs(
  work: string,
  label: string,
  env: Record<string, string>,
  times: number,
  entry?: string,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const child = await startChild({ label, env, logDir: work, ...(entry ? { entry } : {}) });
    out.push(child.readyMs);
    await child.stop();
  }
  return out;
}

/**
 * Start-up (docs/performance.md, targets: ready in ≤ 3 s without the sandbox's patient load): time from spawn to
 * the "ready" line with SANDBOX=off and a PGlite data directory that already exists (the first
 * start, which runs initdb, is reported apart). The sandbox-mode figure is for information.
 * The baseline is the bare echo server's start.
 */
export async function measureStartup(
  work: string,
  plan: BenchPlan,
): Promise<{
  rows: BenchRow[];
  figures: Record<string, number[]>;
  /** Initialised data directories, free again, for the processes of the later cases. */
  dataDirs: { sandboxOff: string; sandboxOn: string };
}> {
  const repeats = plan.quick ? 1 : 3;
  const echo = await startupMs(work, 'startup-echo', plan.childEnv, repeats, ECHO_ENTRY);
  const offEnv = { ...plan.childEnv, SANDBOX: 'off', CDS_AUTH: 'off', DATA_DIR: join(work, 'startup-off') };
  const firstOff = await startupMs(work, 'startup-off-first', offEnv, 1);
  const off = await startupMs(work, 'startup-off', offEnv, repeats);
  const onEnv = { ...plan.childEnv, SANDBOX: 'on', CDS_AUTH: 'optional', DATA_DIR: join(work, 'startup-on') };
  const firstOn = await startupMs(work, 'startup-on-first', onEnv, 1);
  const on = await startupMs(work, 'startup-on', onEnv, repeats);
  const baseline = { name: 'echo start', value: median(echo) / 1000 };
  return {
    rows: [
      {
        figure: 'start-up, SANDBOX=off, existing data dir',
        value: median(off) / 1000,
        unit: 's',
        target: { op: '<=', value: 3 },
        baseline,
      },
      { figure: 'start-up, SANDBOX=off, new data dir (initdb)', value: firstOff[0]! / 1000, unit: 's', baseline },
      { figure: 'start-up, SANDBOX=on, existing data dir', value: median(on) / 1000, unit: 's', baseline },
      { figure: 'start-up, SANDBOX=on, new data dir (initdb)', value: firstOn[0]! / 1000, unit: 's', baseline },
    ],
    figures: { echo, firstOff, off, firstOn, on },
    dataDirs: { sandboxOff: offEnv.DATA_DIR, sandboxOn: onEnv.DATA_DIR },
  };
}
