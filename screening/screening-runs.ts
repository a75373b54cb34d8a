import type { ScreeningReport } from './screening-report.js';

/** A screening run as the worklist and the logs show it: counts only, never patient data. */
export interface RunSummary {
  readonly runId: string;
  readonly state: 'running' | 'complete' | 'partial' | 'failed';
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Who started it: a user's OpenID Connect `sub`, `schedule` (SCREENING_CRON) or `command-line`. */
  readonly startedBy: string;
  readonly patientsScreened?: number;
  /** Per trial: candidates listed, and how many are new since the previous run. */
  readonly candidates?: Readonly<Record<string, number>>;
  readonly newCandidates?: Readonly<Record<string, number>>;
  /** Why it failed or stopped early, in a few words. */
  readonly problem?: string;
}

/** What a run is asked to screen. */
export interface RunRequest {
  readonly startedBy: string;
  readonly trialIds?: readonly string[];
  readonly group?: string;
  readonly since?: string;
}

/**
 * Screening runs the service starts (the worklist's button, SCREENING_CRON, a handed-over
 * `npm run screen`): each in a worker thread, never on a request's path, one at a time.
 */
export interface ScreeningRuns {
  /** False when no FHIR server is configured for runs (SCREENING_FHIR_URL). */
  readonly available: boolean;
  /** Starts a run; `busy` with the run in progress when one is (in this process, or, with PostgreSQL, another replica). */
  start(request: RunRequest): Promise<{ readonly started: RunSummary } | { readonly busy: RunSummary | undefined }>;
  /** The run in progress in this process, else the last one it ran. */
  current(): RunSummary | undefined;
  /** The report of the last run this process finished, by its id (a handed-over `npm run screen` writes it). */
  report?(runId: string): ScreeningReport | undefined;
  /** Waits for the run in progress to end (shutdown; tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}
