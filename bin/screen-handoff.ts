import { setTimeout as sleep } from 'node:timers/promises';
import { causeOf, getOnceMore } from '../screening/closed-socket.js';
import type { Handoff } from '../screening/handoff-file.js';
import { writeReportFiles } from '../screening/report-csv.js';
import { ScreeningReportSchema, type ScreeningReport } from '../screening/screening-report.js';
import type { RunSummary } from '../screening/screening-runs.js';
import type { CliIo } from './entry-point.js';

/** What the command was asked, as far as a handed-over run can honour it. */
export interface HandoffOptions {
  readonly fhir: string;
  readonly group?: string;
  readonly since?: string;
  readonly trials?: readonly string[];
  readonly out?: string;
  readonly csv?: string;
  readonly optOut?: string;
}

const POLL_MS = 1000;

/**
 * Hands the run to the running service (screening/handoff-file.ts), which holds the embedded
 * store: it runs the screening in its worker and stores it; this command waits, then writes the
 * report files and the summary. Returns the exit code, or a reason the run cannot be handed over
 * (another FHIR server than the service's, a local opt-out file): the caller says so.
 */
export async function handOver(
  options: HandoffOptions,
  handoff: Handoff,
  io: CliIo,
  deps: { fetch?: typeof fetch; pollMs?: number } = {},
): Promise<number | { cannot: string }> {
  if (handoff.fhir.replace(/\/+$/, '') !== options.fhir) {
    return { cannot: `the running service screens ${handoff.fhir}, not ${options.fhir}` };
  }
  if (options.optOut) return { cannot: 'the running service uses its own opt-out list (SCREENING_OPT_OUT_FILE)' };
  const send = deps.fetch ?? fetch;
  try {
    return await followRun(options, handoff, io, send, deps.pollMs ?? POLL_MS);
  } catch (err) {
    // The service went away mid-run (stopped, restarted): say so, with what failed, not a stack.
    io.err(`screen: the running service at ${handoff.url} could not be reached (${causeOf(err)})`);
    return 1;
  }
}

/** Starts the run on the service, then polls it until it ends and writes its report. */
async function followRun(
  options: HandoffOptions,
  handoff: Handoff,
  io: CliIo,
  send: typeof fetch,
  pollMs: number,
): Promise<number> {
  const headers = { Authorization: `Bearer ${handoff.token}`, 'Content-Type': 'application/json' };
  const started = await send(`${handoff.url}/screening/handoff/runs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      ...(options.trials ? { trialIds: options.trials } : {}),
      ...(options.group ? { group: options.group } : {}),
      ...(options.since ? { since: options.since } : {}),
    }),
  });
  if (started.status !== 202) {
    io.err(`screen: the running service did not start the run (HTTP ${started.status})`);
    return 1;
  }
  const { run } = (await started.json()) as { run: RunSummary };
  io.out(`handed to the running service at ${handoff.url}: run ${run.runId}`);
  for (;;) {
    await sleep(pollMs);
    // A poll is a GET: after a kept-alive connection closed under it, it is sent once more.
    const res = await getOnceMore(send, `${handoff.url}/screening/handoff/runs/${run.runId}`, { headers });
    if (res.status !== 200) {
      io.err(`screen: the running service lost the run (HTTP ${res.status})`);
      return 1;
    }
    const state = (await res.json()) as { run: RunSummary; report?: unknown };
    if (state.run.state === 'running') continue;
    const parsed = ScreeningReportSchema.safeParse(state.report);
    const report: ScreeningReport | undefined = parsed.success ? parsed.data : undefined;
    if (report) writeReportFiles(report, options);
    const counts = Object.entries(state.run.candidates ?? {}).map(
      ([trial, n]) => `${trial}: ${n} candidates, ${state.run.newCandidates?.[trial] ?? 0} new`,
    );
    io.out(`run ${state.run.runId}: ${state.run.state}, ${state.run.patientsScreened ?? 0} patients screened`);
    for (const line of counts) io.out(line);
    io.out('stored by the running service');
    if (state.run.state !== 'complete') {
      io.err(`screen: the run ended ${state.run.state}${state.run.problem ? ` (${state.run.problem})` : ''}`);
      return 1;
    }
    return 0;
  }
}
