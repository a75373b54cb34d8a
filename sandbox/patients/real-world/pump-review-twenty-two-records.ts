import type { FixtureContext } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import {
  drug,
  dx,
  FR_DX,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
  humalogTid,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_DX,
  usRecord,
} from './pump-builders.js';
import { daysBeforeDate } from './trial-builders.js';

/*
 * Pump-card records a review (2026-12-07, night) found firing where they must not: a type 2
 * diabetes whose own note says it is now treated as a type 1 ("Reclassified as insulin-deficient
 * diabetes; treat as type 1", "à prendre en charge comme un type 1"). The type is left open, no card.
 * And a meal insulin ordered years ago as one dose a day whose note says it went to three doses
 * five weeks ago ("increased from daily with supper to TID AC on …", "passage à 3 injections/j
 * le …"): MDI for 25 days when the HbA1c was taken, under the 2 months OpT2mise asks for. The
 * control: a dose raised at the same count changes no schedule. The same review found an order
 * written in 2024 whose dosage's own bounds began last month read as MDI since 2024.
 */

/** The day `daysAgo` before the fixture's today, as a US (month first) or French (day first) date. */
function writtenDate(ctx: FixtureContext, daysAgo: number, style: 'us' | 'fr'): string {
  return daysBeforeDate(ctx, daysAgo).toLocaleDateString(style === 'us' ? 'en-US' : 'fr-FR', {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}
/** The default Humalog TID order, written `daysAgo`, its dosage bounded from `boundsDaysAgo`. */
function humalogBoundedFrom(ctx: FixtureContext, daysAgo: number, boundsDaysAgo: number) {
  const r = humalogTid(ctx, daysAgo);
  const start = daysBeforeDate(ctx, boundsDaysAgo).toISOString().slice(0, 10);
  return {
    ...r,
    dosageInstruction: (r.dosageInstruction ?? []).map((d) => ({
      ...d,
      timing: { ...d.timing, repeat: { ...d.timing?.repeat, boundsPeriod: { start } } },
    })),
  };
}

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
  record({
    id: 'rw-us-humalog-daily-to-tid-five-weeks-ago',
    title:
      'Humalog ordered 700 days ago, its note "increased from daily with supper to TID AC" 35 days ago, HbA1c 10 days ago: MDI for 25 days, under the 2-month run-in, no card',
    rule: 'MDI run-in',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Russell'], family: 'Example-Titration', gender: 'male', age: 57, daysSinceBirthday: 200 },
        {
          rapid: [
            humalogTid(
              ctx,
              700,
              `Humalog increased from daily with supper to TID AC on ${writtenDate(ctx, 35, 'us')} (endo).`,
            ),
          ],
          hba1c: [hba1cResult(ctx, 'us', 'hba1c', { value: 9.3, daysAgo: 10 })],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-passage-3-injections-recent',
    title:
      'NovoRapid prescrit il y a 700 jours, note « 8 UI le soir depuis 2024 ; passage à 3 injections/j le … » il y a 35 jours, HbA1c il y a 10 jours : schéma basal-bolus depuis 25 jours, pas de carte',
    rule: 'MDI run-in',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Yves'], family: 'Exemple-Passage', gender: 'male', age: 61, daysSinceBirthday: 45 },
        {
          rapid: [
            order(ctx, 'fr', 'rapid', {
              med: drug(FR_RX.novorapid),
              authoredDaysAgo: 700,
              dosage: frDose.meals(8, 8, 8),
              note: `NovoRapid 8 UI le soir depuis 2024 ; passage à 3 injections/j le ${writtenDate(ctx, 35, 'fr')}.`,
            }),
          ],
          hba1c: [hba1cResult(ctx, 'fr', 'hba1c', { value: 9.0, daysAgo: 10 })],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-dose-raised-same-count-control',
    title:
      'Control: Humalog TID for 450 days, its note "Dose increased to 14 units TID" 35 days ago: the schedule did not change, the card fires',
    rule: 'MDI run-in',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Clifford'], family: 'Example-Dose', gender: 'male', age: 63, daysSinceBirthday: 90 },
        {
          rapid: [
            humalogTid(ctx, 450, `Dose increased to 14 units TID on ${writtenDate(ctx, 35, 'us')} per endocrinology.`),
          ],
        },
      ),
    pump: pumpCard('rw-us-humalog-dose-raised-same-count-control', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-humalog-2024-bounds-from-last-month',
    title:
      'Humalog TID ordered 900 days ago, its dosage bounded from 25 days ago (the schedule Epic restarted), HbA1c 5 days ago: MDI for 20 days, no card',
    rule: 'MDI run-in',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Vernon'], family: 'Example-Bounds', gender: 'male', age: 66, daysSinceBirthday: 150 },
        {
          rapid: [humalogBoundedFrom(ctx, 900, 25)],
          hba1c: [hba1cResult(ctx, 'us', 'hba1c', { value: 9.2, daysAgo: 5 })],
        },
      ),
    pump: null,
  }),
];
