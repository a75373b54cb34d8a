import type { Dosage, MedicationRequest } from 'fhir/r4.js';
import type { FixtureContext } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import {
  drug,
  FR_RX,
  frDose,
  frRecord,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  statement,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a red-team review (2026-12-07) found firing where they must not. An insulin
 * ordered at breakfast, lunch and dinner ("10 units TID AC") whose own instruction gives it at one
 * meal only ("Only inject with your largest meal of the day", "Injectez 10 unités seulement avant
 * le repas du soir"): how many injections are given is unknown. The control skips a dose only when
 * the meal is skipped, which is still three doses a day. And a MedicationStatement of the insulin
 * marked completed ("Ran out, not refilled", « Traitement terminé ») that ended after the active
 * order was written: in R4 the drug is no longer taken, as with a stopped one. The control's
 * completed statement ended before the order was written: an old course, the card fires.
 */

/** A Humalog order at breakfast, lunch and dinner, "10 units TID AC", with a patient instruction. */
function humalogTidAcSaying(ctx: FixtureContext, patientInstruction: string): MedicationRequest[] {
  const dose: Dosage = { ...usDose.when(10, ['ACM', 'ACD', 'ACV'], '10 units TID AC'), patientInstruction };
  return [order(ctx, 'us', 'rapid', { med: drug(US_RX.humalogKwikPen), authoredDaysAgo: 450, dosage: [dose] })];
}

export const PUMP_REVIEW_TWENTY_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-humalog-tid-ac-largest-meal-only',
    title:
      'Humalog "10 units TID AC" timed at breakfast, lunch and dinner, patient instruction "Only inject with your largest meal of the day (usually supper)": injections unknown, no card',
    rule: 'held or planned insulin',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Delbert'], family: 'Example-Largest', gender: 'male', age: 62, daysSinceBirthday: 85 },
        { rapid: humalogTidAcSaying(ctx, 'Only inject with your largest meal of the day (usually supper).') },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-tid-ac-skip-breakfast-lunch',
    title:
      'Humalog "10 units TID AC" at three meals, patient instruction "Inject 10 units before supper only; skip breakfast and lunch doses.": injections unknown, no card',
    rule: 'held or planned insulin',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Marlene'], family: 'Example-Supper-Only', gender: 'female', age: 58, daysSinceBirthday: 12 },
        { rapid: humalogTidAcSaying(ctx, 'Inject 10 units before supper only; skip breakfast and lunch doses.') },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-seulement-repas-du-soir',
    title:
      'NovoRapid 10 UI avant chaque repas (petit-déjeuner, déjeuner, dîner), consigne « Injectez 10 unités seulement avant le repas du soir » : nombre d’injections inconnu, pas de carte',
    rule: 'held or planned insulin',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Gérard'], family: 'Soir-Exemple', gender: 'male', age: 60, daysSinceBirthday: 230 },
        {
          rapid: [
            order(ctx, 'fr', 'rapid', {
              med: drug(FR_RX.novorapid),
              authoredDaysAgo: 500,
              dosage: [
                {
                  ...frDose.at(10, ['ACM', 'ACD', 'ACV'], '10 UI avant chaque repas'),
                  patientInstruction: 'Injectez 10 unités seulement avant le repas du soir.',
                },
              ],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-skip-only-if-meal-skipped',
    title:
      'Control: Humalog "10 units TID AC", patient instruction "Take with each meal; skip the dose only if you skip the meal.": a skip when not eating, still three doses a day, the card',
    rule: 'held or planned insulin',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Curtis'], family: 'Example-Each-Meal', gender: 'male', age: 55, daysSinceBirthday: 300 },
        { rapid: humalogTidAcSaying(ctx, 'Take with each meal; skip the dose only if you skip the meal.') },
      ),
    pump: pumpCard('rw-us-humalog-skip-only-if-meal-skipped', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-lantus-statement-completed-ran-out',
    title:
      'Lantus order active since 450 days; the Lantus statement is completed, ended 20 days ago, "Ran out, not refilled (cost)": no longer taken (R4), basal unknown, no card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Lyle'], family: 'Example-Ran-Out', gender: 'male', age: 63, daysSinceBirthday: 48 },
        {
          extra: [
            statement(ctx, 'us', 'basal-home', {
              med: drug(US_RX.lantusSoloStar),
              status: 'completed',
              startDaysAgo: 450,
              endDaysAgo: 20,
              assertedDaysAgo: 20,
              dosage: [usDose.when(38, ['HS'], 'Inject 38 units under the skin nightly at bedtime')],
              note: 'Ran out, not refilled (cost).',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-conciliation-terminee',
    title:
      'NovoRapid prescrite il y a 500 jours ; la conciliation la dit terminée (completed) il y a 15 jours, « Traitement terminé » : plus prise, inconnu, pas de carte',
    rule: 'ended statements and orders',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Josiane'], family: 'Terminee-Exemple', gender: 'female', age: 66, daysSinceBirthday: 75 },
        {
          extra: [
            statement(ctx, 'fr', 'rapid-conciliation', {
              med: drug(FR_RX.novorapid),
              status: 'completed',
              startDaysAgo: 500,
              endDaysAgo: 15,
              assertedDaysAgo: 15,
              dosage: frDose.meals(8, 10, 8),
              note: 'Traitement terminé.',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-completed-before-order',
    title:
      'Control: a Humalog statement completed 600 days ago, Humalog re-prescribed 450 days ago and active: an old course stops nothing, the card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Glenda'], family: 'Example-Old-Course', gender: 'female', age: 61, daysSinceBirthday: 190 },
        {
          extra: [
            statement(ctx, 'us', 'rapid-past', {
              med: drug(US_RX.humalogKwikPen),
              status: 'completed',
              startDaysAgo: 1500,
              endDaysAgo: 600,
              assertedDaysAgo: 600,
              dosage: [usDose.daily(8, 3, 'Inject 8 units under the skin 3 times daily before meals')],
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-humalog-completed-before-order', 9.1, STANDARD_EVIDENCE),
  }),
];
