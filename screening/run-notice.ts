import type { Logger } from '../config/logger.js';

/** What the webhook receives: counts and a link, never patient data. */
export interface RunNotice {
  readonly runId: string;
  readonly finishedAt: string;
  /** Per trial, candidates listed for the first time by this run. */
  readonly newCandidates: Readonly<Record<string, number>>;
  /** Per trial, every candidate the run listed. */
  readonly candidates: Readonly<Record<string, number>>;
  readonly worklist: string;
}

const TRIES = 3;

/**
 * Tells SCREENING_WEBHOOK_URL of new candidates (a JSON POST), trying three times with a growing
 * pause; a notice that cannot be delivered is logged, and the run stands.
 */
export async function sendRunNotice(
  url: string,
  notice: RunNotice,
  deps: { logger: Logger; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> },
): Promise<boolean> {
  const send = deps.fetch ?? fetch;
  const pause = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    try {
      const res = await send(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(notice),
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (res.ok) {
        deps.logger.info({ runId: notice.runId, status: res.status }, 'screening notice sent');
        return true;
      }
      deps.logger.warn({ runId: notice.runId, status: res.status, attempt }, 'screening notice refused');
      if (res.status < 500 && res.status !== 429) return false;
    } catch (err) {
      deps.logger.warn({ runId: notice.runId, attempt, err: (err as Error).name }, 'screening notice not delivered');
    }
    if (attempt < TRIES) await pause(1000 * 4 ** (attempt - 1));
  }
  return false;
}
