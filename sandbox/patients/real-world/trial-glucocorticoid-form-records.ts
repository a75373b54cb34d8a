import type { FixturePatient } from '../fixture.js';
import { fullMatch, nafldTrial, pumpCardOf, statementOf } from './trial-builders.js';

/*
 * A glucocorticoid whose dose form, taken by mouth, is written in words the route value set did
 * not hold: the US abbreviation "tab" and the French "orodispersible" alone. A review (2026-12-06)
 * found the route unknown and the glucocorticoid exclusion left to confirm; both are systemic.
 */

export const GLUCOCORTICOID_FORM_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-methylprednisolone-16-mg-tab',
    title: 'Patient-reported "Methylprednisolone 16 mg tab", sig "Take 1 daily": by mouth, excluded',
    rule: 'glucocorticoid route',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Clifford',
      extra: (ctx) => [
        statementOf(ctx, 'medrol', {
          drug: { concept: { text: 'Methylprednisolone 16 mg tab' } },
          startDaysAgo: 60,
          dosage: [{ text: 'Take 1 daily' }],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-methylprednisolone-16-mg-tab'),
    nafld: nafldTrial(false, { glucocorticoids: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-solupred-orodispersible',
    title: 'Traitement personnel « SOLUPRED 20 mg orodispersible », « 1 le matin » : voie orale, exclu',
    rule: 'glucocorticoid route',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Lucien',
      extra: (ctx) => [
        statementOf(ctx, 'solupred', {
          drug: { concept: { text: 'SOLUPRED 20 mg orodispersible' } },
          startDaysAgo: 45,
          dosage: [{ text: '1 le matin' }],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-solupred-orodispersible'),
    nafld: nafldTrial(false, { glucocorticoids: 'met' }),
  }),
];
