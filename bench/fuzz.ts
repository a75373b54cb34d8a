import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { parseArgs } from './args.js';
import { startChild } from './child-server.js';
import type { FuzzCase } from './fuzz/fuzz-case.js';
import { loadFuzzContext } from './fuzz/fuzz-context.js';
import { runCase, pool, type CaseOutcome } from './fuzz/fuzz-runner.js';
import { hookCases } from './fuzz/hook-cases.js';
import { checkAnswer } from './fuzz/oracle.js';
import { otherCases } from './fuzz/other-cases.js';
import { machine, writeJson } from './report.js';

const USAGE = 'npm run fuzz -- [--cases N] [--seed S] [--concurrency C] [--json <file>]';
/** A small limit keeps "over the limit" cases cheap; the code path is the same as at 1 MB. */
const BODY_LIMIT = 128 * 1024;
const BATCH = 200;

interface Tally {
  cases: number;
  requests: number;
  statuses: Record<string, number>;
  failures: number;
}

function describeFailure(o: CaseOutcome): Record<string, unknown> {
  const r = o.failedCase?.request;
  return {
    category: o.failedCase?.category ?? o.category,
    problems: o.problems,
    request: r && {
      method: r.method,
      path: r.path.slice(0, 200),
      headers: r.headers,
      bytes: r.body?.length ?? 0,
      body: r.body?.subarray(0, 400).toString('utf8'),
    },
    answer: o.failedAnswer && {
      status: o.failedAnswer.status,
      body: o.failedAnswer.body.subarray(0, 600).toString('utf8'),
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), USAGE);
  const total = Math.floor(args.number('cases', 1000));
  const seed = Math.floor(args.number('seed', 20261122));
  const concurrency = Math.floor(args.number('concurrency', 8));
  const work = mkdtempSync(join(tmpdir(), 'cds-fuzz-'));
  const started = performance.now();
  const server = await startChild({
    label: 'fuzz-service',
    logDir: work,
    env: {
      SANDBOX: 'on',
      CDS_AUTH: 'optional',
      BODY_LIMIT: String(BODY_LIMIT),
      DATA_DIR: join(work, 'data'),
      LOG_LEVEL: 'warn',
    },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const byCategory = new Map<string, Tally>();
  const failures: CaseOutcome[] = [];
  let sent = 0;
  let died = false;
  try {
    const ctx = await loadFuzzContext(server.baseUrl, BODY_LIMIT);
    const cases: fc.Arbitrary<FuzzCase> = fc.oneof(
      { arbitrary: hookCases(ctx), weight: 7 },
      { arbitrary: otherCases(ctx), weight: 3 },
    );
    let nextReport = 0.1;
    for (let done = 0; done < total && !died; done += BATCH) {
      const batch = fc.sample(cases, { numRuns: Math.min(BATCH, total - done), seed: seed + done });
      const outcomes = await pool(batch, concurrency, (c) => runCase(server.baseUrl, agent, c, checkAnswer));
      for (const o of outcomes) {
        const t = byCategory.get(o.category) ?? { cases: 0, requests: 0, statuses: {}, failures: 0 };
        t.cases++;
        t.requests += o.statuses.length;
        for (const s of o.statuses) t.statuses[s] = (t.statuses[s] ?? 0) + 1;
        if (o.problems.length > 0) {
          t.failures++;
          failures.push(o);
        }
        byCategory.set(o.category, t);
        sent += o.statuses.length;
      }
      died =
        !server.alive() ||
        (await fetch(`${server.baseUrl}/healthz`).then(
          (r) => r.status !== 200,
          () => true,
        ));
      if ((done + batch.length) / total >= nextReport) {
        console.error(
          `[fuzz] ${done + batch.length}/${total} cases, ${failures.length} failing, ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
        nextReport += 0.1;
      }
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
  const errorLines = readFileSync(server.logFile, 'utf8')
    .split('\n')
    .filter((l) => /"level":(5|6)\d/.test(l))
    .map((l) => l.slice(0, 500));
  rmSync(work, { recursive: true, force: true });

  const cases = [...byCategory.values()].reduce((n, t) => n + t.cases, 0);
  const statuses: Record<string, number> = {};
  for (const t of byCategory.values())
    for (const [s, n] of Object.entries(t.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  const failed = failures.length + errorLines.length + (died ? 1 : 0);
  const elapsedS = (performance.now() - started) / 1000;

  console.log(
    `npm run fuzz -- --cases ${total} --seed ${seed}: ${cases} cases, ${sent} requests in ${elapsedS.toFixed(0)} s`,
  );
  console.log(`statuses: ${JSON.stringify(statuses)}`);
  const width = Math.max(...[...byCategory.keys()].map((k) => k.length));
  for (const [category, t] of [...byCategory].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(
      `  ${category.padEnd(width)}  ${String(t.cases).padStart(6)} cases  ${t.failures > 0 ? `${t.failures} FAILED  ` : ''}${JSON.stringify(t.statuses)}`,
    );
  }
  console.log(`server alive at the end: ${died ? 'NO' : 'yes'}; error lines in its log: ${errorLines.length}`);
  for (const f of failures.slice(0, 10))
    console.log(`FAIL ${JSON.stringify(describeFailure(f), null, 1).slice(0, 2000)}`);
  for (const l of errorLines.slice(0, 5)) console.log(`LOG ${l}`);
  console.log(`${failed === 0 ? 'PASS' : 'FAIL'}: ${failed} failure(s)`);

  writeJson(args.value('json') ?? join(PROJECT_ROOT, 'test-output', 'fuzz.json'), {
    command: `npm run fuzz -- --cases ${total} --seed ${seed}`,
    date: new Date().toISOString(),
    machine: machine(),
    cases,
    requests: sent,
    elapsedS,
    statuses,
    serverAlive: !died,
    failures: failed,
    byCategory: Object.fromEntries(byCategory),
    firstFailures: failures.slice(0, 50).map(describeFailure),
    errorLines: errorLines.slice(0, 50),
  });
  if (failed > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`fuzz failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
