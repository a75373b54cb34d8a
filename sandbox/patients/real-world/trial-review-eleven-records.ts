import type { FixturePatient } from '../fixture.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord, t1dTrial } from './trial-onset-records.js';
import { conditionOf, record } from './trial-builders.js';

/*
 * Trial records an eleventh review (2026-12-07) found decided wrongly, kept as patients:
 * - a type 1 diabetes coded last month on a record whose insulin has been ordered for years,
 *   given the NCT05153070 card as a recent diagnosis (the insulin shows the diabetes is older);
 * - beside it, a control: insulin begun in hospital some weeks before the diagnosis was coded.
 */

export const TRIAL_REVIEW_ELEVEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-new-t1d-code-insulin-ordered-since-2020',
    title:
      'Type 1 diabetes coded 30 days ago (onset given as the visit day) on a record whose basal-bolus insulin is ordered since 2020: the diabetes is not recent, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Jordan', family: 'Recoded-Example', gender: 'male', age: 27 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 30, recordedDaysAgo: 30 })],
        { insulinDaysAgo: 2150 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'met', 'insulin-recent': 'not-met', 'age-16-35': 'met' },
      explanationIncludes: ['Days a current insulin has been on file'],
    },
  }),
  record({
    id: 'rw-fr-dt1-insuline-reanimation-avant-codage',
    title:
      'DT1 codé il y a 40 jours en consultation, insuline débutée 75 jours plus tôt en réanimation pour acidocétose inaugurale : diabète récent, carte NCT05153070',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Inès', family: 'Réa-Exemple', gender: 'female', age: 21 },
        (c) => [conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        { insulinDaysAgo: 75 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(true, 'met', ['Condition/rw-fr-dt1-insuline-reanimation-avant-codage-t1d']),
  }),
];
