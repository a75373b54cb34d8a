import type { FixturePatient } from '../fixture.js';
import { dx, FR_DX, frRecord, record, US_DX, usRecord } from './pump-builders.js';

/*
 * Pump-card records a review (2026-12-07, night) found firing where they must not: a type 2
 * diabetes whose own note says it is now treated as a type 1 ("Reclassified as insulin-deficient
 * diabetes; treat as type 1", "à prendre en charge comme un type 1"). The type is left open, no card.
 */
export const PUMP_REVIEW_TWENTY_TWO_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-t2d-note-treat-as-type-1',
    title:
      'E11.9 type 2 diabetes, its note "Reclassified as insulin-deficient diabetes; treat as type 1.": the type is left open, no card',
    rule: 'diabetes type named in hedged words',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Gordon'], family: 'Example-Reclassified', gender: 'male', age: 46, daysSinceBirthday: 70 },
        {
          t2d: [
            {
              ...dx(ctx, 't2d', { code: US_DX.t2d, onsetDaysAgo: 2950, recordedDaysAgo: 2950 }),
              note: [{ text: 'C-peptide 0.2 ng/mL. Reclassified as insulin-deficient diabetes; treat as type 1.' }],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-dt2-note-prise-en-charge-type-1',
    title:
      'Diabète de type 2 E11.9, sa note « Insulinopénie franche, à prendre en charge comme un type 1 » : le type reste ouvert, pas de carte',
    rule: 'diabetes type named in hedged words',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Gérard'], family: 'Exemple-Insulinopenie', gender: 'male', age: 58, daysSinceBirthday: 12 },
        {
          t2d: [
            {
              ...dx(ctx, 't2d', { code: FR_DX.t2d, onsetDaysAgo: 3300, recordedDaysAgo: 3290 }),
              note: [{ text: 'Peptide C effondré. Insulinopénie franche, à prendre en charge comme un type 1.' }],
            },
          ],
        },
      ),
    pump: null,
  }),
];
