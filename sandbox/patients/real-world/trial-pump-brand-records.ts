import type { FixturePatient } from '../fixture.js';
import { deviceInUse } from './trial-device-lab-records.js';
import { fullMatch, nafldTrial } from './trial-builders.js';

/*
 * An insulin pump on file by its brand or model alone (no type code), under names a review
 * (2026-12-06) found unread: "Medtronic Paradigm Veo 754" (Medtronic's pump before the MiniMed 600 series) and
 * "Cellnovo" (a patch pump sold in France). The device was unclassified, so the pump card stayed
 * away, but the trial card showed with the pump exclusion to confirm. A pump user is not a
 * candidate for a trial that randomises pump against MDI.
 */

export const PUMP_BRAND_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-medtronic-paradigm-veo',
    title: 'Device "Medtronic Paradigm Veo 754" with no type code, in use for 2 years: a pump user, excluded',
    rule: 'pump user excluded from NCT04270656',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Leland',
      extra: (ctx) => deviceInUse(ctx, 'pump', { name: 'Medtronic Paradigm Veo 754', sinceDaysAgo: 730 }),
    },
    pump: null,
    nafld: nafldTrial(false, { 'pump-user': 'met', 'mdi-glargine-degludec': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-pompe-patch-cellnovo',
    title: 'Dispositif « Cellnovo » sans code de type, en service depuis un an : porteur de pompe, exclu',
    rule: 'pump user excluded from NCT04270656',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Hervé',
      extra: (ctx) => deviceInUse(ctx, 'pump', { name: 'Cellnovo', sinceDaysAgo: 365 }),
    },
    pump: null,
    nafld: nafldTrial(false, { 'pump-user': 'met', 'mdi-glargine-degludec': 'not-met' }),
  }),
];
