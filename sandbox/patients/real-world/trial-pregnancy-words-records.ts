import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { conditionOf, fullMatch, nafldTrial } from './trial-builders.js';

/*
 * A pregnancy on the problem list, named by its kind or its follow-up rather than as "pregnant":
 * "Grossesse gémellaire" under a French local code, "Supervision of normal pregnancy" as text. A
 * review (2026-12-06) found both unclassified: the pump card stayed away (an unclassified problem
 * might be a pregnancy), but the trial card showed, with the pregnancy to confirm. The trial
 * requires effective contraception, which a pregnant woman cannot meet.
 */

export const PREGNANCY_WORDS_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-grossesse-gemellaire',
    title: 'Femme de 36 ans, problème « Grossesse gémellaire » (code local, 3 mois) : enceinte, exclue',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Aurélie',
      gender: 'female',
      age: 36,
      extra: (ctx) => [
        conditionOf(ctx, 'grossesse', {
          code: codeable([coding('local', 'PB-GROSS2', 'Grossesse gémellaire')], 'Grossesse gémellaire'),
          recordedDaysAgo: 90,
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-supervision-normal-pregnancy',
    title: 'A woman of 41 with "Supervision of normal pregnancy" on the problem list (text only, 2 months): excluded',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Melissa',
      gender: 'female',
      age: 41,
      extra: (ctx) => [
        conditionOf(ctx, 'pregnancy', { code: { text: 'Supervision of normal pregnancy' }, recordedDaysAgo: 60 }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }),
  }),
];
