import type { CriterionStatus, ExpectedTrial, FixturePatient } from '../fixture.js';
import { drinksOf, fullMatch, nafldTrial, pumpCardOf, type StyledContext, type TrialRule } from './trial-builders.js';

/*
 * A patient whose administrative gender is "unknown" or "other" (both valid FHIR codes). The
 * trial's alcohol limit is 20 g a day for men and 10 g for women; a review (2026-12-06) found
 * such a patient held to the women's limit, as if the sex were known. Between the two limits the
 * exclusion is now left to confirm; above both it is met, below both it is not. NCT05153070's
 * "male or female" is to confirm, not "not met". The full match around it is a 58-year-old, so
 * the pump card does not depend on the sex (its pregnancy check ends at 55).
 */

const RULE: TrialRule = 'alcohol measures of every kind';

/** NCT05153070 for this adult with type 2 diabetes: ruled out by its key criteria, sex to confirm. */
const T1D_SEX_TO_CONFIRM: ExpectedTrial = {
  fires: false,
  partial: true,
  criteria: { 't1d-recent': 'not-met', 'age-16-35': 'not-met', 'male-or-female': 'unknown' },
};

/** The full match with the given gender and drinks a day (as a quantity, three weeks ago). */
function withGender(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly case: 'fires' | 'does-not-fire' | 'unknown';
  readonly given: string;
  readonly gender: 'unknown' | 'other';
  readonly drinksPerDay: number;
  readonly alcohol: CriterionStatus;
}): FixturePatient {
  const { given, gender, drinksPerDay, alcohol, ...spec } = o;
  return fullMatch({
    ...spec,
    rule: RULE,
    record: {
      given,
      patient: (p) => ({ ...p, gender }),
      replace: { drinks: (ctx: StyledContext) => [drinksOf(ctx, 'drinks', drinksPerDay, 21)] },
    },
    pump: pumpCardOf(spec.id),
    nafld: nafldTrial(spec.case !== 'does-not-fire', { 'alcohol-over-limit': alcohol }),
    t1d: T1D_SEX_TO_CONFIRM,
  });
}

export const SEX_RECORDS: readonly FixturePatient[] = [
  withGender({
    id: 'rw-us-gender-unknown-15-g-alcohol',
    title: 'Gender "unknown", 1.5 drinks a day (15 g): between the limits for men and women, to confirm',
    style: 'us',
    case: 'unknown',
    given: 'Jordan',
    gender: 'unknown',
    drinksPerDay: 1.5,
    alcohol: 'unknown',
  }),
  withGender({
    id: 'rw-fr-sexe-autre-15-g-alcool',
    title: 'Sexe « autre », 1,5 verre par jour (15 g) : entre les seuils des hommes et des femmes, à confirmer',
    style: 'fr',
    case: 'unknown',
    given: 'Camille',
    gender: 'other',
    drinksPerDay: 1.5,
    alcohol: 'unknown',
  }),
  withGender({
    id: 'rw-fr-sexe-autre-25-g-alcool',
    title: 'Sexe « autre », 2,5 verres par jour (25 g) : au-dessus des deux seuils, exclu',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Dominique',
    gender: 'other',
    drinksPerDay: 2.5,
    alcohol: 'met',
  }),
  withGender({
    id: 'rw-us-gender-unknown-1-drink',
    title: 'Gender "unknown", 1 drink a day (10 g): within both limits, not excluded',
    style: 'us',
    case: 'fires',
    given: 'Casey',
    gender: 'unknown',
    drinksPerDay: 1,
    alcohol: 'not-met',
  }),
];
