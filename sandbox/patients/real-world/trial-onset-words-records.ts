import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { NAFLD_FOR_T1D, t1dRecord, t1dTrial } from './trial-onset-records.js';
import { cim10, conditionOf, record } from './trial-builders.js';

/*
 * A type 1 diabetes whose coded onset is recent but whose own words say it is old: EHRs often fill
 * the onset with the day the problem was entered at a new hospital. The words widen the onset, so
 * NCT05153070 (diagnosed less than 3 months ago) is to confirm rather than met; words that agree
 * with the coded onset leave it met (facts/onset-words.ts; a review of problem lists, 2026-12-06).
 */
export const ONSET_WORDS_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-fr-t1d-depuis-2012-onset-recent',
    title:
      'Type 1 diabetes entered 40 days ago with that day as onset, its text "Diabète de type 1 depuis 2012": recent onset to confirm, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Manon', family: 'Transfert-Exemple', gender: 'female', age: 27 },
        (c) => [
          conditionOf(c, 't1d', {
            code: codeable(
              cim10('E10.9', 'Diabète sucré de type 1, sans complication'),
              'Diabète de type 1 depuis 2012',
            ),
            onsetDaysAgo: 40,
            recordedDaysAgo: 40,
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-us-t1d-known-x-15-years-onset-recent',
    title:
      'Type 1 diabetes with an onset 30 days ago and the note "Known T1DM x 15 years, new to our clinic": recent onset to confirm, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Jordan', family: 'Newpatient', gender: 'male', age: 29 },
        (c) => [
          {
            ...conditionOf(c, 't1d', {
              code: codeable(
                [
                  coding('snomed', '46635009', 'Diabetes mellitus type 1'),
                  coding('icd10cm', 'E10.65', 'Type 1 diabetes mellitus with hyperglycemia'),
                ],
                'Type 1 diabetes mellitus with hyperglycemia',
              ),
              onsetDaysAgo: 30,
              recordedDaysAgo: 30,
            }),
            note: [{ text: 'Known T1DM x 15 years, new to our clinic. Transferring care from out of state.' }],
          },
        ],
        { insulinDaysAgo: 30 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-fr-t1d-decouvert-il-y-a-6-semaines',
    title:
      'Type 1 diabetes with an onset 42 days ago and the text "DT1 découvert il y a 6 semaines (acidocétose inaugurale)": the words agree, NCT05153070 fires',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Inès', family: 'Inaugural-Exemple', gender: 'female', age: 21, daysSinceBirthday: 120 },
        (c) => [
          conditionOf(c, 't1d', {
            code: codeable(
              cim10('E10.1', 'Diabète sucré de type 1, avec acidocétose'),
              'DT1 découvert il y a 6 semaines (acidocétose inaugurale)',
            ),
            onsetDaysAgo: 42,
            recordedDaysAgo: 41,
          }),
        ],
        { insulinDaysAgo: 41 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(true, 'met', ['Condition/rw-fr-t1d-decouvert-il-y-a-6-semaines-t1d']),
  }),
];
