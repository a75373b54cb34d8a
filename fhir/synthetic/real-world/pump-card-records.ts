import type { FixturePatient } from '../fixture.js';

/** Real-world records for the insulin-pump card's rules (see docs/clinical-rules.md). */
export const PUMP_CARD_RECORDS: readonly FixturePatient[] = [];
