import type { DiagnosticReport } from 'fhir/r4.js';
import type { FixtureContext } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  dx,
  frRecord,
  humalogAtMeals,
  labReport,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_DX,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a review of NCT05153070 (2026-12-07, night) found firing where they must not:
 * type 1 diabetes named only in the past beside a type 2 code ("H/O type 1 diabetes mellitus"
 * under ICD-10-CM Z86.39, "Antécédent de diabète de type 1" under CIM-10 Z86.3), and a laboratory
 * report whose conclusion finds GAD65 antibodies and names LADA. Type 1 diabetes is lifelong: a
 * mention of it in the past, or in a report, leaves it unknown. The controls: a relative's type 1 diabetes in a
 * report, and a history of gestational diabetes, which ends with the pregnancy; both give the card.
 * A regression review that night found a correction written without its glucose unit ("1 unit per
 * 50 over 150") or as a correction factor ("CF 1:50 >150") at each meal counted as three meal
 * injections.
 */

/** A laboratory report with the given conclusion and no results of its own. */
function antibodyReport(ctx: FixtureContext, conclusion: string): DiagnosticReport {
  return labReport(ctx, 'us', 'antibody-report', {
    daysAgo: 60,
    code: codeable([], 'Diabetes autoantibody panel'),
    contained: [],
    conclusion,
  });
}

export const PUMP_REVIEW_NINETEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-ho-type-1-diabetes-z86-39',
    title:
      'Type 2 diabetes coded, and a problem "H/O type 1 diabetes mellitus" under Z86.39: type 1 diabetes is lifelong, a history of it leaves it unknown, no card',
    rule: 'diabetes type named in hedged words',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Wendell'], family: 'Example-History', gender: 'male', age: 49, daysSinceBirthday: 33 },
        {
          extra: [
            dx(ctx, 'ho-t1d', {
              code: codeable(
                [coding('icd10cm', 'Z86.39', 'Personal history of other endocrine, nutritional and metabolic disease')],
                'H/O type 1 diabetes mellitus',
              ),
              recordedDaysAgo: 1200,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-antecedent-dt1-z86-3',
    title:
      'Diabète de type 2 codé E11.9, et un problème « Antécédent de diabète de type 1 » sous Z86.3 : le diabète de type 1 ne guérit pas, un antécédent le laisse possible, pas de carte',
    rule: 'diabetes type named in hedged words',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Denise'], family: 'Exemple-Antecedent', gender: 'female', age: 54, daysSinceBirthday: 140 },
        {
          extra: [
            dx(ctx, 'atcd-dt1', {
              code: codeable(
                [
                  coding(
                    'cim10Smt',
                    'Z86.3',
                    'Antécédents personnels de maladies endocriniennes, nutritionnelles et métaboliques',
                  ),
                ],
                'Antécédent de diabète de type 1',
              ),
              recordedDaysAgo: 2000,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-gad65-report-consistent-with-lada',
    title:
      'Type 2 diabetes coded; a laboratory report concludes "GAD65 antibody POSITIVE (32 U/mL). Findings consistent with LADA." with no result of its own: type 1 diabetes is unknown, no card',
    rule: 'LADA counts as type 1',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Rosalind'], family: 'Example-Antibody', gender: 'female', age: 46, daysSinceBirthday: 210 },
        {
          extra: [antibodyReport(ctx, 'GAD65 antibody POSITIVE (32 U/mL). Findings consistent with LADA.')],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-report-brother-type-1-control',
    title:
      'Control: a report concludes "GAD65 antibody negative (<5 U/mL). Family history of type 1 diabetes (brother)." A relative\'s type 1 diabetes is not the patient\'s: the card',
    rule: 'LADA counts as type 1',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Vernon'], family: 'Example-Sibling', gender: 'male', age: 58, daysSinceBirthday: 5 },
        {
          extra: [
            antibodyReport(ctx, 'GAD65 antibody negative (<5 U/mL). Family history of type 1 diabetes (brother).'),
          ],
        },
      ),
    pump: pumpCard('rw-us-report-brother-type-1-control', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-history-gestational-diabetes-control',
    title:
      'Control: type 2 diabetes coded, and "History of gestational diabetes" under Z86.32: gestational diabetes ends with the pregnancy, the card',
    rule: 'diabetes type named in hedged words',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Loretta'], family: 'Example-Gestational', gender: 'female', age: 51, daysSinceBirthday: 95 },
        {
          t2d: [dx(ctx, 't2d', { code: US_DX.t2d, onsetDaysAgo: 2500, recordedDaysAgo: 2490 })],
          extra: [
            dx(ctx, 'ho-gdm', {
              code: codeable(
                [coding('icd10cm', 'Z86.32', 'Personal history of gestational diabetes')],
                'History of gestational diabetes',
              ),
              recordedDaysAgo: 5000,
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-history-gestational-diabetes-control', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-humalog-1-unit-per-50-over-150-no-unit',
    title:
      'Humalog "Inject 1 unit per 50 over 150 before meals" at breakfast, lunch and dinner: a correction with no fixed dose, not MDI, no card',
    rule: 'sliding scale without the flag',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Elmer'], family: 'Example-Nounit', gender: 'male', age: 62, daysSinceBirthday: 45 },
        {
          rapid: humalogAtMeals(ctx, 1, 'Inject 1 unit per 50 over 150 before meals'),
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-cf-1-50-over-150',
    title: 'Humalog "CF 1:50 >150 AC" three times a day: a correction factor, not MDI, no card',
    rule: 'sliding scale without the flag',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Norma'], family: 'Example-Factor', gender: 'female', age: 66, daysSinceBirthday: 300 },
        {
          rapid: humalogAtMeals(ctx, 1, 'CF 1:50 >150 AC'),
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-gad65-report-level-flagged-h',
    title:
      'Type 2 diabetes coded; a laboratory report concludes "GAD65 Ab 48.0 U/mL (H). IA-2 Ab <5.4 U/mL." with no result of its own: an islet antibody flagged high, type 1 unknown, no card',
    rule: 'LADA counts as type 1',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Harriet'], family: 'Example-Flagged', gender: 'female', age: 52, daysSinceBirthday: 20 },
        { extra: [antibodyReport(ctx, 'GAD65 Ab 48.0 U/mL (H). IA-2 Ab <5.4 U/mL. ZnT8 Ab <15 U/mL.')] },
      ),
    pump: null,
  }),
];
