import { z } from 'zod';
import type { CandidateEvent, StoredCandidate } from '../../store/screening-store.js';

/** One piece of evidence as runs store it (screening/screening-report.ts): the criterion, what the record shows, when. */
export interface Evidence {
  readonly criterion: string;
  readonly text: string;
  readonly date?: string;
}

const EvidenceSchema = z.object({
  criterion: z.string(),
  text: z.string(),
  date: z.string().optional().catch(undefined),
});

/** The evidence of a candidate, keeping only entries of the expected shape (the column is JSON). */
export function evidenceOf(c: StoredCandidate): Evidence[] {
  return c.evidence.flatMap((e) => {
    const parsed = EvidenceSchema.safeParse(e);
    if (!parsed.success) return [];
    const { criterion, text, date } = parsed.data;
    return [{ criterion, text, ...(date ? { date } : {}) }];
  });
}

/** A candidate as the page and the API show it. */
export function candidateJson(c: StoredCandidate) {
  return {
    trial: c.trialId,
    patient: c.patientRef,
    status: c.status,
    fit: c.fit,
    met: c.met,
    toConfirm: c.toConfirm,
    missing: c.missing,
    evidence: evidenceOf(c),
    firstSeenAt: c.firstSeenAt.toISOString(),
    lastSeenAt: c.lastSeenAt.toISOString(),
    ...(c.retiredAt ? { noLongerFitsSince: c.retiredAt.toISOString() } : {}),
    ...(c.retiredReason ? { noLongerFitsReason: c.retiredReason } : {}),
    ...(c.statusChangedAt ? { statusChangedAt: c.statusChangedAt.toISOString() } : {}),
    ...(c.statusChangedBy ? { statusChangedBy: c.statusChangedBy } : {}),
  };
}

/** One line of a candidate's trail. */
export function trailJson(e: CandidateEvent) {
  return {
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    ...(e.runId ? { runId: e.runId } : {}),
    detail: e.detail,
  };
}

const iso = (v: unknown): string | undefined =>
  v instanceof Date ? v.toISOString() : typeof v === 'string' && v ? new Date(v).toISOString() : undefined;

/** A run row of the store (`store.runs()`), as the page lists it: counts, never patient data. */
export function runJson(row: Record<string, unknown>) {
  const startedAt = iso(row['started_at']);
  const finishedAt = iso(row['finished_at']);
  const screened = row['patients_screened'];
  return {
    runId: String(row['run_id']),
    state: String(row['state']),
    scope: String(row['scope']),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    ...(typeof screened === 'number' ? { patientsScreened: screened } : {}),
  };
}
