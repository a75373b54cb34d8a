import type { FixturePatient } from '../fixture.js';
import { BARIATRIC_RECORDS } from './trial-bariatric-records.js';
import { CODE_REPORT_RECORDS } from './trial-code-report-records.js';
import { DEVICE_LAB_RECORDS } from './trial-device-lab-records.js';
import { LIVER_WORDS_RECORDS } from './trial-liver-words-records.js';
import { REPORT_WORDING_RECORDS } from './trial-report-wording-records.js';
import { MEDICATION_RECORDS } from './trial-medication-records.js';
import { ONSET_RECORDS } from './trial-onset-records.js';
import { ONSET_WORDS_RECORDS } from './trial-onset-words-records.js';
import { PUMP_REFERRAL_RECORDS, TRIAL_REFERRAL_RECORDS } from './trial-referral-records.js';
import { SEROLOGY_RECORDS } from './trial-serology-records.js';
import { ENDED_LIVER_RECORDS } from './trial-ended-liver-records.js';
import { PREGNANCY_OBSERVATION_RECORDS } from './trial-pregnancy-observation-records.js';
import { PROBLEM_WORDS_RECORDS } from './trial-problem-words-records.js';
import { SEX_RECORDS } from './trial-sex-records.js';
import { EGFR_NAME_RECORDS, EGFR_UNIT_RECORDS } from './trial-egfr-unit-records.js';
import { PUMP_BRAND_RECORDS } from './trial-pump-brand-records.js';
import { PREGNANCY_WORDS_RECORDS } from './trial-pregnancy-words-records.js';
import { GLUCOCORTICOID_FORM_RECORDS } from './trial-glucocorticoid-form-records.js';
import { FATTY_INFILTRATION_RECORDS, FOCAL_STEATOSIS_RECORDS } from './trial-fatty-infiltration-records.js';
import { LAB_ANSWER_RECORDS } from './trial-lab-answer-records.js';
import { TRIAL_REVIEW_TEN_RECORDS } from './trial-review-ten-records.js';
import { TRIAL_REVIEW_ELEVEN_RECORDS } from './trial-review-eleven-records.js';
import { TRIAL_REVIEW_TWELVE_RECORDS } from './trial-review-twelve-records.js';
import { TRIAL_REVIEW_THIRTEEN_RECORDS } from './trial-review-thirteen-records.js';
import { TRIAL_REVIEW_FOURTEEN_RECORDS } from './trial-review-fourteen-records.js';
import { TRIAL_REVIEW_FIFTEEN_RECORDS } from './trial-review-fifteen-records.js';
import { TRIAL_REVIEW_SIXTEEN_RECORDS } from './trial-review-sixteen-records.js';
import { TRIAL_REVIEW_SEVENTEEN_RECORDS } from './trial-review-seventeen-records.js';
import { TRIAL_REVIEW_EIGHTEEN_RECORDS } from './trial-review-eighteen-records.js';

/**
 * Real-world records for the trials' rules (see docs/clinical-rules.md): the NCT04270656 full
 * match or a recent type 1 diabetes (with, for "No repeat of what is already done", the referrals
 * already on file), written as French or US hospital records, each on one side
 * of one rule (trial-builders.ts builds them).
 */
export const TRIAL_RECORDS: readonly FixturePatient[] = [
  ...ONSET_RECORDS,
  ...ONSET_WORDS_RECORDS,
  ...DEVICE_LAB_RECORDS,
  ...MEDICATION_RECORDS,
  ...CODE_REPORT_RECORDS,
  ...SEROLOGY_RECORDS,
  ...ENDED_LIVER_RECORDS,
  ...PREGNANCY_OBSERVATION_RECORDS,
  ...BARIATRIC_RECORDS,
  ...LIVER_WORDS_RECORDS,
  ...REPORT_WORDING_RECORDS,
  ...PUMP_REFERRAL_RECORDS,
  ...TRIAL_REFERRAL_RECORDS,
  ...PROBLEM_WORDS_RECORDS,
  ...SEX_RECORDS,
  ...EGFR_UNIT_RECORDS,
  ...EGFR_NAME_RECORDS,
  ...PUMP_BRAND_RECORDS,
  ...PREGNANCY_WORDS_RECORDS,
  ...GLUCOCORTICOID_FORM_RECORDS,
  ...FATTY_INFILTRATION_RECORDS,
  ...FOCAL_STEATOSIS_RECORDS,
  ...LAB_ANSWER_RECORDS,
  ...TRIAL_REVIEW_TEN_RECORDS,
  ...TRIAL_REVIEW_ELEVEN_RECORDS,
  ...TRIAL_REVIEW_TWELVE_RECORDS,
  ...TRIAL_REVIEW_THIRTEEN_RECORDS,
  ...TRIAL_REVIEW_FOURTEEN_RECORDS,
  ...TRIAL_REVIEW_FIFTEEN_RECORDS,
  ...TRIAL_REVIEW_SIXTEEN_RECORDS,
  ...TRIAL_REVIEW_SEVENTEEN_RECORDS,
  ...TRIAL_REVIEW_EIGHTEEN_RECORDS,
];
