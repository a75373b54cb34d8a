import type { CodeableConcept } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  conditionOf,
  fullMatch,
  nafldTrial,
  pumpCardOf,
  type StyledContext,
  type TrialRule,
} from './trial-builders.js';

/*
 * NCT04270656 exclusions written in problem-list words a review (2026-12-06) found unread: a
 * chronic hepatitis B with its HBe antigen status beside it, or written as a carrier state or an
 * HBsAg that stays positive; a chronic hepatitis C as an infection; an alcohol dependence or
 * misuse in the words of French and US problem lists. Each is a Condition under a local code (a
 * French problem list) or with text only (a US one), and the full match around it.
 */

const HEPATITIS_EXCLUDED = nafldTrial(false, {
  'chronic-viral-hepatitis': 'met',
  'no-chronic-liver-disease': 'not-met',
});
const ALCOHOL_EXCLUDED = nafldTrial(false, { 'no-chronic-alcohol': 'not-met' });

/** A full match with one more problem, its words under a local code (France) or alone (US). */
function withProblem(o: {
  readonly id: string;
  readonly title: string;
  readonly rule: TrialRule;
  readonly style: 'fr' | 'us';
  readonly case: 'fires' | 'does-not-fire';
  readonly given: string;
  readonly words: string;
  readonly excluded?: 'hepatitis' | 'alcohol';
  /**
   * The words name nothing the service knows: such an active problem might be a type 1 diabetes
   * or a pregnancy, so the pump card stays away (docs/clinical-rules.md), while the trial card
   * shows with those criteria to confirm.
   */
  readonly unread?: true;
}): FixturePatient {
  const code = (): CodeableConcept =>
    o.style === 'fr' ? codeable([coding('local', 'PB-0917')], o.words) : { text: o.words };
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: o.rule,
    style: o.style,
    case: o.case,
    record: {
      given: o.given,
      extra: (ctx: StyledContext) => [conditionOf(ctx, 'problem', { code: code(), recordedDaysAgo: 900 })],
    },
    pump: o.unread ? null : pumpCardOf(o.id),
    nafld:
      o.excluded === 'hepatitis' ? HEPATITIS_EXCLUDED : o.excluded === 'alcohol' ? ALCOHOL_EXCLUDED : nafldTrial(true),
  });
}

const HEPATITIS = 'chronic liver disease in a broad code' as const;
const ALCOHOL = 'alcohol measures of every kind' as const;

export const PROBLEM_WORDS_RECORDS: readonly FixturePatient[] = [
  withProblem({
    id: 'rw-fr-hepatite-b-chronique-aghbe-negative',
    title:
      'Problème « Hépatite B chronique AgHBe négative » (code local) : la phase de la maladie, pas un déni ; exclue',
    rule: HEPATITIS,
    style: 'fr',
    case: 'does-not-fire',
    given: 'Mathurin',
    words: 'Hépatite B chronique AgHBe négative',
    excluded: 'hepatitis',
  }),
  withProblem({
    id: 'rw-fr-porteur-inactif-aghbs',
    title: 'Problème « Porteur inactif AgHBs » (code local) : une hépatite B chronique, exclue',
    rule: HEPATITIS,
    style: 'fr',
    case: 'does-not-fire',
    given: 'Lucienne',
    words: 'Porteur inactif AgHBs',
    excluded: 'hepatitis',
  }),
  withProblem({
    id: 'rw-us-inactive-hbv-carrier',
    title: 'Problem "Inactive HBV carrier" (text only): chronic hepatitis B, excluded',
    rule: HEPATITIS,
    style: 'us',
    case: 'does-not-fire',
    given: 'Vernon',
    words: 'Inactive HBV carrier',
    excluded: 'hepatitis',
  }),
  withProblem({
    id: 'rw-us-chronic-hcv-infection',
    title: 'Problem "Chronic HCV infection" (text only): chronic hepatitis C, excluded',
    rule: HEPATITIS,
    style: 'us',
    case: 'does-not-fire',
    given: 'Lowell',
    words: 'Chronic HCV infection',
    excluded: 'hepatitis',
  }),
  withProblem({
    id: 'rw-fr-hepatite-b-guerie-aghbs-negatif',
    title: 'Problème « Hépatite B guérie, AgHBs négatif » (code local) : pas d’hépatite chronique, la carte s’affiche',
    rule: HEPATITIS,
    style: 'fr',
    case: 'fires',
    given: 'Armelle',
    words: 'Hépatite B guérie, AgHBs négatif',
    unread: true,
  }),
  withProblem({
    id: 'rw-fr-dependance-alcoolique-sevree',
    title:
      'Problème « Dépendance alcoolique sevrée » (code local) : l’intoxication chronique du registre, l’essai sort',
    rule: ALCOHOL,
    style: 'fr',
    case: 'does-not-fire',
    given: 'Raymond',
    words: 'Dépendance alcoolique sevrée',
    excluded: 'alcohol',
  }),
  withProblem({
    id: 'rw-us-etoh-abuse',
    title: 'Problem "EtOH abuse" (text only): chronic alcohol abuse, excluded',
    rule: ALCOHOL,
    style: 'us',
    case: 'does-not-fire',
    given: 'Dwayne',
    words: 'EtOH abuse',
    excluded: 'alcohol',
  }),
  withProblem({
    id: 'rw-us-not-a-heavy-drinker',
    title: 'Problem "Social drinker, not a heavy drinker" (text only): no alcohol abuse, the card shows',
    rule: ALCOHOL,
    style: 'us',
    case: 'fires',
    given: 'Clifford',
    words: 'Social drinker, not a heavy drinker',
    unread: true,
  }),
];
