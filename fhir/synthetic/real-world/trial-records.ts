import type { FixturePatient } from '../fixture.js';

/** Real-world records for the trials' rules (see docs/clinical-rules.md). */
export const TRIAL_RECORDS: readonly FixturePatient[] = [];
