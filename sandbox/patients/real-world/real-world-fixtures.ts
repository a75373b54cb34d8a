import type { FixturePatient } from '../fixture.js';
import { PUMP_CARD_RECORDS } from './pump-card-records.js';
import { TRIAL_RECORDS } from './trial-records.js';
import { LIVER_REVIEW_RECORDS } from './trial-liver-review-records.js';
import { TRIAL_REVIEW_NINE_RECORDS } from './trial-review-nine-records.js';

/**
 * Patients written the way hospitals write records, French and US, each exercising one rule of
 * the clinical rules on one side of it (the card fires, must not, or the deciding fact is unknown).
 */
export const REAL_WORLD_FIXTURES: readonly FixturePatient[] = [
  ...PUMP_CARD_RECORDS,
  ...TRIAL_RECORDS,
  ...LIVER_REVIEW_RECORDS,
  ...TRIAL_REVIEW_NINE_RECORDS,
];
