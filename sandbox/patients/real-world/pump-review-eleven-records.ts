import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
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
 * Pump-card records an eleventh review (2026-12-06, night) found misread, kept as patients: the
 * French word for a premix ("Humalog Mélange 25"), a sig written "TIDAC", and a type 2 diabetes
 * written the way classifications sort it (Epic's "DM2 (diabetes mellitus, type 2)") under a local
 * code. The same inverted words for type 1 are in trial-problem-words-records.ts.
 */

const humalogMelange = record({
  id: 'rw-fr-humalog-melange-25',
  title:
    'Lantus au coucher et « Humalog Mélange 25 » matin et soir sous un code local : un prémélange, pas de schéma basal-bolus, pas de carte',
  rule: 'premixed insulin',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Yvette'], family: 'Melange-Exemple', gender: 'female', age: 68, daysSinceBirthday: 140 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(
              codeable(
                [coding('local', 'MED-2214', 'HUMALOG MELANGE 25')],
                'Humalog Mélange 25 KwikPen 100 U/ml, suspension injectable',
              ),
            ),
            authoredDaysAgo: 300,
            dosage: [frDose.at(16, ['MORN', 'EVE'], '16 UI matin et soir')],
          }),
        ],
      },
    ),
  pump: null,
});

const tidac = record({
  id: 'rw-us-humalog-tidac',
  title: 'Lantus at bedtime and Humalog "Inject 10 units subcutaneously TIDAC" (no structured timing): the card fires',
  rule: 'free-text dosing',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Darnell'], family: 'Example-Tidac', gender: 'male', age: 56, daysSinceBirthday: 300 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 400,
            dosage: [usDose.sig('Inject 10 units subcutaneously TIDAC', 10)],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-humalog-tidac', 9.1, STANDARD_EVIDENCE, {
    detailIncludes: ['3 injections a day, since', 'schedule read from the dosage text'],
  }),
});

/** A problem-list entry under the EHR's own (IMO-style) code, with its words only. */
function localProblem(ctx: Parameters<typeof usRecord>[0], suffix: string, code: string, text: string) {
  return dx(ctx, suffix, { code: codeable([coding('local', code, text)], text), onsetDaysAgo: 2200 });
}

const dm2Epic = record({
  id: 'rw-us-dm2-diabetes-mellitus-type-2-hcc',
  title:
    'Type 2 diabetes only as "DM2 (diabetes mellitus, type 2) (HCC)" under a local code, basal-bolus and HbA1c 9.1 %: the card fires',
  rule: 'diabetes type in an unknown code system',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Curtis'], family: 'Example-Dmtwo', gender: 'male', age: 63, daysSinceBirthday: 75 },
      { t2d: [localProblem(ctx, 't2d', 'IMO-31127', 'DM2 (diabetes mellitus, type 2) (HCC)')] },
    ),
  pump: pumpCard('rw-us-dm2-diabetes-mellitus-type-2-hcc', 9.1, STANDARD_EVIDENCE),
});

// A statement's status reasons are a list (MedicationStatement.statusReason, 0..*), an order's is
// one concept: the list was not read, so "Patient not taking" beside "active" counted the doses.
const statementNotTaking = record({
  id: 'rw-us-humalog-statement-reason-not-taking',
  title:
    'Humalog TID recorded by reconciliation as an active MedicationStatement whose statusReason says "Patient not taking": held, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Russell'], family: 'Example-Statement', gender: 'male', age: 59, daysSinceBirthday: 45 },
      {
        rapid: [
          {
            ...statement(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              startDaysAgo: 500,
              assertedDaysAgo: 30,
              dosage: [usDose.daily(10, 3, 'Inject 10 units under the skin 3 times daily with meals')],
            }),
            statusReason: [{ text: 'Patient not taking' }],
          },
        ],
      },
    ),
  pump: null,
});

export const PUMP_REVIEW_ELEVEN_RECORDS: readonly FixturePatient[] = [
  humalogMelange,
  tidac,
  dm2Epic,
  statementNotTaking,
];
