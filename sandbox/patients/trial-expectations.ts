import type { CriterionStatus, ExpectedTrial } from './fixture.js';

/** Expected status of every criterion of a trial. */
export type Statuses = Record<string, CriterionStatus>;

/** NCT04270656 for a man who meets it fully: the data settles everything it can; the rest is to confirm. */
export const NAFLD_FULL_MATCH: Statuses = {
  'age-35-70': 'met',
  t2d: 'met',
  't2d-one-year': 'met',
  'freestyle-libre': 'unknown',
  'mdi-glargine-degludec': 'met',
  'background-dose-stable': 'met',
  contraception: 'not-applicable',
  pregnancy: 'not-met',
  'other-diabetes-type': 'not-met',
  hba1c: 'met',
  steatosis: 'met',
  'no-chronic-alcohol': 'met',
  // No hepatitis B or C serology on file: absence of chronic viral hepatitis is to confirm.
  'no-chronic-liver-disease': 'unknown',
  t1d: 'not-met',
  'other-antidiabetics': 'not-met',
  'pump-contraindication': 'unknown',
  detemir: 'not-met',
  'pump-user': 'not-met',
  'mri-contraindication': 'unknown',
  'alcohol-over-limit': 'not-met',
  // The registry decides on HBV and HCV serology, and this record has none: to confirm.
  'chronic-viral-hepatitis': 'unknown',
  hemochromatosis: 'not-met',
  'toxic-hepatitis': 'not-met',
  'cirrhosis-hcc': 'not-met',
  'egfr-under-30': 'not-met',
  'severe-cardiovascular': 'unknown',
  glucocorticoids: 'unknown',
  'steatosis-treatment': 'not-met',
  'bariatric-surgery': 'unknown',
  'steatogenic-drug-recent': 'not-met',
  'steatogenic-drug-established': 'not-met',
  guardianship: 'unknown',
};

/** NCT05153070 for a T2D adult over 35: neither key criterion holds. */
export const T1D_TRIAL_FOR_T2D_ADULT: Statuses = {
  't1d-recent': 'not-met',
  'insulin-recent': 'not-met',
  'age-16-35': 'not-met',
  'male-or-female': 'met',
  'study-team-screening': 'unknown',
  'other-diabetes-type': 'not-met',
  pregnancy: 'not-met',
};

/** NCT05153070 for a T2D adult of 35 or under: the age fits, the recent T1D does not. */
export const T1D_TRIAL_AGE_IN_RANGE: Statuses = {
  't1d-recent': 'not-met',
  'insulin-recent': 'not-met',
  'age-16-35': 'met',
  'male-or-female': 'met',
  'study-team-screening': 'unknown',
  'other-diabetes-type': 'not-met',
  pregnancy: 'not-met',
};

/** The expectations of both seed trials: NCT04270656 from the full match with changes, and NCT05153070 as given. */
export function trials(
  nafld: { fires: boolean; changes?: Statuses },
  t1d: { fires: boolean; criteria: Statuses } = { fires: false, criteria: T1D_TRIAL_FOR_T2D_ADULT },
): Record<string, ExpectedTrial> {
  return {
    NCT04270656: { fires: nafld.fires, criteria: { ...NAFLD_FULL_MATCH, ...nafld.changes } },
    NCT05153070: t1d,
  };
}
