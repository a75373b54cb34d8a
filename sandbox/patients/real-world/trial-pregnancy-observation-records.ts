import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { containedLabReport, fullMatch, nafldTrial, observationOf, pumpCardOf } from './trial-builders.js';

/*
 * A pregnancy an EHR records as an Observation, not on the problem list: the US Core pregnancy
 * status (LOINC 82810-3), a French lab's urine pregnancy test under a local code, an estimated
 * delivery date. A review found both cards shown for such women: only Conditions were read.
 */

const STATUS = codeable([coding('loinc', '82810-3', 'Pregnancy status')], 'Pregnancy status');
const answer = (code: string, display: string) => codeable([coding('snomed', code, display)], display);

export const PREGNANCY_OBSERVATION_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-pregnancy-status-pregnant',
    title: 'Full match, a woman of 36 whose US Core pregnancy status (82810-3) 20 days ago is "Pregnant": no card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Jessica',
      gender: 'female',
      age: 36,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'pregnancy-status', { code: STATUS, daysAgo: 20, category: 'social-history' }),
          valueCodeableConcept: answer('77386006', 'Patient currently pregnant'),
        },
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }, [
      'Observation/rw-us-pregnancy-status-pregnant-pregnancy-status',
    ]),
  }),
  fullMatch({
    id: 'rw-fr-test-grossesse-positif',
    title:
      'Full match, une femme de 38 ans, « Test de grossesse urinaire » (code local) POSITIF il y a 12 jours : pas de carte',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Élodie',
      gender: 'female',
      age: 38,
      // A French lab sends its local codes inside the report, as the prefetch reads them.
      extra: (ctx) => [
        containedLabReport(
          ctx,
          'bio',
          codeable([coding('local', 'BIO-HCG', 'hCG urinaire')], 'Biologie : test de grossesse'),
          12,
          [
            observationOf(ctx, 'hcg', {
              code: codeable(
                [coding('local', 'HCG-U', 'Test de grossesse urinaire')],
                'Test de grossesse (hCG urinaire)',
              ),
              daysAgo: 12,
              valueString: 'POSITIF',
            }),
          ],
        ),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-pregnancy-status-not-pregnant',
    title: 'Full match, a woman of 40 whose pregnancy status 15 days ago is "Not pregnant": both cards fire',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Kimberly',
      gender: 'female',
      age: 40,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'pregnancy-status', { code: STATUS, daysAgo: 15, category: 'social-history' }),
          valueCodeableConcept: answer('60001007', 'Not pregnant'),
        },
      ],
    },
    pump: pumpCardOf('rw-us-pregnancy-status-not-pregnant'),
    nafld: nafldTrial(true, { pregnancy: 'not-met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-pregnancy-status-unknown',
    title: 'Full match, a woman of 37 whose latest pregnancy status is "Unknown": no pump card, pregnancy to confirm',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Tiffany',
      gender: 'female',
      age: 37,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'pregnancy-status', { code: STATUS, daysAgo: 10, category: 'social-history' }),
          valueCodeableConcept: answer('261665006', 'Unknown'),
        },
      ],
    },
    pump: null,
    nafld: nafldTrial(true, { pregnancy: 'unknown', contraception: 'unknown' }),
  }),
];
