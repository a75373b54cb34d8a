import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { cim10, conditionOf, fullMatch, nafldTrial, pumpCardOf } from './trial-builders.js';

/*
 * Liver diseases that do not go away, on a problem list that marks them ended: an "inactive
 * carrier" of hepatitis B, an autoimmune hepatitis "in remission", a cirrhosis someone marked
 * resolved. The disease is still there and NCT04270656 still excludes it (value sets marked
 * `persistent`). A drug-induced hepatitis that healed is gone, and a record that is both ended and
 * only provisional leaves the exclusion to confirm.
 */
export const ENDED_LIVER_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-portage-inactif-vhb',
    title: 'CIM-10 B18.1 "Hépatite B chronique, portage inactif" marked inactive: still chronic hepatitis B, excluded',
    rule: 'a liver disease that does not go away, marked ended',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Alain',
      extra: (ctx) => [
        conditionOf(ctx, 'hbv', {
          code: codeable(
            cim10('B18.1', 'Hépatite virale chronique B sans agent delta'),
            'Hépatite B chronique - portage inactif',
          ),
          clinicalStatus: 'inactive',
          onsetDaysAgo: 5200,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-portage-inactif-vhb'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met', 'no-chronic-liver-disease': 'not-met' }, [
      'Condition/rw-fr-portage-inactif-vhb-hbv',
    ]),
  }),
  fullMatch({
    id: 'rw-fr-hai-en-remission',
    title:
      'CIM-10 K75.4 "Hépatite auto-immune en rémission" with the status remission: another chronic liver disease, excluded',
    rule: 'a liver disease that does not go away, marked ended',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Odile',
      gender: 'female',
      age: 62,
      extra: (ctx) => [
        conditionOf(ctx, 'hai', {
          code: codeable(cim10('K75.4', 'Hépatite auto-immune'), 'Hépatite auto-immune en rémission sous azathioprine'),
          clinicalStatus: 'remission',
          onsetDaysAgo: 3000,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-hai-en-remission'),
    nafld: nafldTrial(false, { 'no-chronic-liver-disease': 'not-met' }, ['Condition/rw-fr-hai-en-remission-hai']),
  }),
  fullMatch({
    id: 'rw-us-cirrhosis-resolved',
    title: 'K74.60 "Unspecified cirrhosis of liver" marked resolved: a cirrhosis does not resolve, excluded',
    rule: 'a liver disease that does not go away, marked ended',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Dwight',
      extra: (ctx) => [
        conditionOf(ctx, 'cirrhosis', {
          code: codeable([coding('icd10cm', 'K74.60', 'Unspecified cirrhosis of liver')]),
          clinicalStatus: 'resolved',
          onsetDaysAgo: 2100,
          abatementDaysAgo: 400,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-cirrhosis-resolved'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met', 'no-chronic-liver-disease': 'not-met' }, [
      'Condition/rw-us-cirrhosis-resolved-cirrhosis',
    ]),
  }),
  fullMatch({
    id: 'rw-us-drug-hepatitis-healed',
    title: 'K71.6 toxic hepatitis (amoxicillin-clavulanate, 2014) marked resolved: it healed, the card fires',
    rule: 'a liver disease that does not go away, marked ended',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Lowell',
      extra: (ctx) => [
        conditionOf(ctx, 'dili', {
          code: codeable(
            [coding('icd10cm', 'K71.6', 'Toxic liver disease with hepatitis, not elsewhere classified')],
            'Drug-induced hepatitis (amoxicillin-clavulanate), 2014',
          ),
          clinicalStatus: 'resolved',
          onsetDaysAgo: 4400,
          abatementDaysAgo: 4300,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-drug-hepatitis-healed'),
    nafld: nafldTrial(true, { 'toxic-hepatitis': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-cirrhosis-inactive-provisional',
    title: 'K74.60 cirrhosis marked inactive and only provisional: to confirm, the card still fires',
    rule: 'a liver disease that does not go away, marked ended',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Clifford',
      extra: (ctx) => [
        conditionOf(ctx, 'cirrhosis', {
          code: codeable([coding('icd10cm', 'K74.60', 'Unspecified cirrhosis of liver')]),
          clinicalStatus: 'inactive',
          verificationStatus: 'provisional',
          recordedDaysAgo: 500,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-cirrhosis-inactive-provisional'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-wilson-cim10',
    title: 'CIM-10 E83.0 "Troubles du métabolisme du cuivre" (Wilson disease, as French coders write it): excluded',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Rémi',
      extra: (ctx) => [
        conditionOf(ctx, 'wilson', {
          code: codeable(cim10('E83.0', 'Troubles du métabolisme du cuivre'), 'Maladie de Wilson'),
          onsetDaysAgo: 9000,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-wilson-cim10'),
    nafld: nafldTrial(false, { 'no-chronic-liver-disease': 'not-met' }, ['Condition/rw-fr-wilson-cim10-wilson']),
  }),
];
