import type { FixturePatient } from '../fixture.js';
import { fullMatch, nafldTrial, pumpCardOf, statementOf } from './trial-builders.js';

/*
 * A glucocorticoid the patient reports taking, its name in words only, whose route only its
 * dose form or its instructions give. Reviews (2026-12-06) found each of these left the route
 * unknown and the glucocorticoid exclusion to confirm; all four are taken by mouth, so excluded:
 * the instructions as a US sig ("Take 1 tablet by mouth daily") or a French prescription line
 * ("1 cp le matin"), and the dose form as records abbreviate it ("tab", "orodispersible").
 */

/** A full match that also takes the glucocorticoid named, as a statement with these instructions. */
function takesGlucocorticoid(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly given: string;
  /** The statement's id after the patient's. */
  readonly suffix: string;
  readonly drug: string;
  readonly startDaysAgo: number;
  readonly instructions: string;
}): FixturePatient {
  const { given, suffix, drug, startDaysAgo, instructions, ...spec } = o;
  return fullMatch({
    ...spec,
    rule: 'glucocorticoid route',
    case: 'does-not-fire',
    record: {
      given,
      extra: (ctx) => [
        statementOf(ctx, suffix, {
          drug: { concept: { text: drug } },
          startDaysAgo,
          dosage: [{ text: instructions }],
        }),
      ],
    },
    pump: pumpCardOf(spec.id),
    nafld: nafldTrial(false, { glucocorticoids: 'met' }),
  });
}

export const GLUCOCORTICOID_FORM_RECORDS: readonly FixturePatient[] = [
  takesGlucocorticoid({
    id: 'rw-us-prednisone-sig-by-mouth',
    title: 'Patient-reported "Prednisone 5 mg" (text only), sig "Take 1 tablet by mouth daily": systemic, excluded',
    style: 'us',
    given: 'Norman',
    suffix: 'prednisone',
    drug: 'Prednisone 5 mg',
    startDaysAgo: 400,
    instructions: 'Take 1 tablet by mouth daily',
  }),
  takesGlucocorticoid({
    id: 'rw-fr-cortancyl-1-cp-le-matin',
    title: 'Traitement personnel « CORTANCYL 20 mg » (texte seul), posologie « 1 cp le matin » : voie orale, exclu',
    style: 'fr',
    given: 'Roland',
    suffix: 'cortancyl',
    drug: 'CORTANCYL 20 mg',
    startDaysAgo: 300,
    instructions: '1 cp le matin',
  }),
  takesGlucocorticoid({
    id: 'rw-us-methylprednisolone-16-mg-tab',
    title: 'Patient-reported "Methylprednisolone 16 mg tab", sig "Take 1 daily": by mouth, excluded',
    style: 'us',
    given: 'Clifford',
    suffix: 'medrol',
    drug: 'Methylprednisolone 16 mg tab',
    startDaysAgo: 60,
    instructions: 'Take 1 daily',
  }),
  takesGlucocorticoid({
    id: 'rw-fr-solupred-orodispersible',
    title: 'Traitement personnel « SOLUPRED 20 mg orodispersible », « 1 le matin » : voie orale, exclu',
    style: 'fr',
    given: 'Lucien',
    suffix: 'solupred',
    drug: 'SOLUPRED 20 mg orodispersible',
    startDaysAgo: 45,
    instructions: '1 le matin',
  }),
];
