import type { CandidateStatus, StoredCandidate } from '../../store/screening-store.js';

/** From the population screened to the patients who consented, for one trial. */
export interface Funnel {
  /** Patients the last finished run evaluated (its `patients_screened`); null before any run. */
  readonly screened: number | null;
  /** Patients the list holds: those the last runs still list, and those a coordinator has worked on. */
  readonly candidates: number;
  readonly reviewed: number;
  readonly contacted: number;
  readonly consented: number;
  /** Each status as it stands, for the exits (declined, not eligible) and the filters. */
  readonly byStatus: Readonly<Record<CandidateStatus, number>>;
}

/** The statuses past each stage: a contacted patient was reviewed first, a declined one was contacted. */
const PAST: Readonly<Record<'reviewed' | 'contacted' | 'consented', readonly CandidateStatus[]>> = {
  reviewed: ['reviewed', 'contacted', 'consented', 'declined', 'not-eligible'],
  contacted: ['contacted', 'consented', 'declined'],
  consented: ['consented'],
};

/**
 * A trial's funnel, counted from its list: each stage counts the patients who reached it,
 * whatever happened next, so the stages only narrow. A patient who no longer fits and whom no
 * one worked on has left the list; one a coordinator moved on stays counted.
 */
export function funnelOf(candidates: readonly StoredCandidate[], screened: number | null): Funnel {
  const inList = candidates.filter((c) => c.fit !== 'no-longer-fits' || c.status !== 'new');
  const byStatus: Record<CandidateStatus, number> = {
    new: 0,
    reviewed: 0,
    contacted: 0,
    consented: 0,
    declined: 0,
    'not-eligible': 0,
  };
  for (const c of inList) byStatus[c.status]++;
  const past = (stage: keyof typeof PAST) => PAST[stage].reduce((n, s) => n + byStatus[s], 0);
  return {
    screened,
    candidates: inList.length,
    reviewed: past('reviewed'),
    contacted: past('contacted'),
    consented: past('consented'),
    byStatus,
  };
}
