import type { FixturePatient } from '../fixture.js';
import { PUMP_CODED_RECORDS } from './pump-coded-records.js';
import { PUMP_CODE_NAME_RECORDS } from './pump-code-name-records.js';
import { PUMP_REVIEW_TEN_RECORDS } from './pump-review-ten-records.js';
import { PUMP_REVIEW_ELEVEN_RECORDS } from './pump-review-eleven-records.js';
import { PUMP_REVIEW_TWELVE_RECORDS } from './pump-review-twelve-records.js';
import { PUMP_REVIEW_THIRTEEN_RECORDS } from './pump-review-thirteen-records.js';
import { PUMP_REVIEW_FOURTEEN_RECORDS } from './pump-review-fourteen-records.js';
import { PUMP_REVIEW_FIFTEEN_RECORDS } from './pump-review-fifteen-records.js';
import { PUMP_REVIEW_SIXTEEN_RECORDS } from './pump-review-sixteen-records.js';
import { PUMP_REVIEW_SEVENTEEN_RECORDS } from './pump-review-seventeen-records.js';
import { PUMP_REVIEW_EIGHTEEN_RECORDS } from './pump-review-eighteen-records.js';
import { PUMP_REVIEW_NINETEEN_RECORDS } from './pump-review-nineteen-records.js';
import { PUMP_REVIEW_TWENTY_ONE_RECORDS } from './pump-review-twenty-one-records.js';
import { PUMP_REVIEW_TWENTY_RECORDS } from './pump-review-twenty-records.js';
import { PUMP_REVIEW_TWENTY_TWO_RECORDS } from './pump-review-twenty-two-records.js';
import { PUMP_REVIEW_SEVEN_RECORDS } from './pump-review-seven-records.js';
import { PUMP_REVIEW_EIGHT_RECORDS } from './pump-review-eight-records.js';
import { PUMP_REVIEW_NINE_RECORDS } from './pump-review-nine-records.js';
import { PUMP_DEVICE_LAB_RECORDS } from './pump-device-lab-records.js';
import { PUMP_DOSING_RECORDS } from './pump-dosing-records.js';
import { PUMP_LOCAL_LAB_NAMES_RECORDS } from './pump-local-lab-names-records.js';
import { PUMP_INSULIN_RECORDS } from './pump-insulin-records.js';
import { PUMP_ORDER_RECORDS } from './pump-order-records.js';
import { PUMP_PATIENT_RECORDS } from './pump-patient-records.js';
import { PUMP_SHORTHAND_RECORDS } from './pump-shorthand-records.js';
import { PUMP_SPLIT_MIXED_RECORDS } from './pump-split-mixed-records.js';
import { PUMP_STANDING_RECORDS } from './pump-standing-records.js';

/**
 * Real-world records for the insulin-pump card's rules (see docs/clinical-rules.md and
 * docs/clinical-rules.md, "Reading the record"): French and US patients, each on one side of one rule.
 */
export const PUMP_CARD_RECORDS: readonly FixturePatient[] = [
  ...PUMP_PATIENT_RECORDS,
  ...PUMP_INSULIN_RECORDS,
  ...PUMP_DOSING_RECORDS,
  ...PUMP_DEVICE_LAB_RECORDS,
  ...PUMP_SPLIT_MIXED_RECORDS,
  ...PUMP_STANDING_RECORDS,
  ...PUMP_ORDER_RECORDS,
  ...PUMP_SHORTHAND_RECORDS,
  ...PUMP_CODED_RECORDS,
  ...PUMP_REVIEW_SEVEN_RECORDS,
  ...PUMP_REVIEW_EIGHT_RECORDS,
  ...PUMP_REVIEW_NINE_RECORDS,
  ...PUMP_CODE_NAME_RECORDS,
  ...PUMP_REVIEW_TEN_RECORDS,
  ...PUMP_REVIEW_ELEVEN_RECORDS,
  ...PUMP_REVIEW_TWELVE_RECORDS,
  ...PUMP_REVIEW_THIRTEEN_RECORDS,
  ...PUMP_REVIEW_FOURTEEN_RECORDS,
  ...PUMP_REVIEW_FIFTEEN_RECORDS,
  ...PUMP_REVIEW_SIXTEEN_RECORDS,
  ...PUMP_REVIEW_SEVENTEEN_RECORDS,
  ...PUMP_REVIEW_EIGHTEEN_RECORDS,
  ...PUMP_REVIEW_NINETEEN_RECORDS,
  ...PUMP_REVIEW_TWENTY_ONE_RECORDS,
  ...PUMP_REVIEW_TWENTY_RECORDS,
  ...PUMP_REVIEW_TWENTY_TWO_RECORDS,
  ...PUMP_LOCAL_LAB_NAMES_RECORDS,
];
