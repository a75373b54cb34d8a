import { describe, expect, test } from '@jest/globals';
import type { CandidateFit, CandidateStatus, StoredCandidate } from '../../store/screening-store.js';
import { funnelOf } from './funnel.js';

function candidate(status: CandidateStatus, fit: CandidateFit = 'candidate'): StoredCandidate {
  const at = new Date('2026-11-01T00:00:00Z');
  return {
    trialId: 'NCT1',
    patientRef: `Patient/${Math.random()}`,
    status,
    fit,
    met: [],
    toConfirm: [],
    missing: [],
    evidence: [],
    firstRunId: 'r',
    lastRunId: 'r',
    firstSeenAt: at,
    lastSeenAt: at,
  };
}

describe('the funnel', () => {
  test('each stage counts the patients who reached it, whatever happened next', () => {
    const f = funnelOf(
      [
        candidate('new'),
        candidate('new', 'possible'),
        candidate('reviewed'),
        candidate('not-eligible'),
        candidate('contacted'),
        candidate('declined'),
        candidate('consented'),
      ],
      120,
    );
    expect(f).toMatchObject({ screened: 120, candidates: 7, reviewed: 5, contacted: 3, consented: 1 });
    expect(f.byStatus).toEqual({ new: 2, reviewed: 1, contacted: 1, consented: 1, declined: 1, 'not-eligible': 1 });
  });

  test('a patient who no longer fits leaves the funnel unless a coordinator worked on them', () => {
    const f = funnelOf([candidate('new', 'no-longer-fits'), candidate('contacted', 'no-longer-fits')], 10);
    expect(f).toMatchObject({ candidates: 1, reviewed: 1, contacted: 1 });
  });

  test('before any run, nothing was screened', () => {
    expect(funnelOf([], null)).toMatchObject({ screened: null, candidates: 0, consented: 0 });
  });
});
