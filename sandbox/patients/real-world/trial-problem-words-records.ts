import type { CodeableConcept } from 'fhir/r4.js';
import type { CriterionStatus, FixturePatient } from '../fixture.js';
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
 * HBsAg that stays positive; a chronic hepatitis C as an infection; an eponym with its possessive
 * ("Wilson's disease"); a hepatotoxicity; an alcohol dependence or misuse in the words of French
 * and US problem lists (and excessive drinking, which leaves the alcohol criteria to confirm); a
 * steatosis of another organ. Each is a Condition under a local code (a French problem list) or
 * with text only (a US one), and the full match around it.
 */

const RULE: TrialRule = 'an exclusion named in problem-list words';
const HEPATITIS: Readonly<Record<string, CriterionStatus>> = {
  'chronic-viral-hepatitis': 'met',
  'no-chronic-liver-disease': 'not-met',
};
const ALCOHOL: Readonly<Record<string, CriterionStatus>> = { 'no-chronic-alcohol': 'not-met' };

/** A full match with one more problem, its words under a local code (France) or alone (US). */
function withProblem(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly case: 'fires' | 'does-not-fire' | 'unknown';
  readonly given: string;
  readonly words: string;
  /** The criteria the problem decides (the trial's key criteria are met in every record). */
  readonly criteria?: Readonly<Record<string, CriterionStatus>>;
  /**
   * The words name nothing the service knows: such an active problem might be a type 1 diabetes
   * or a pregnancy, so the pump card stays away (docs/clinical-rules.md), while the trial card
   * shows with those criteria to confirm.
   */
  readonly unread?: true;
  /** The words name a type 1 diabetes: no pump card either, the trial excluded. */
  readonly typeOne?: true;
}): FixturePatient {
  const code = (): CodeableConcept =>
    o.style === 'fr' ? codeable([coding('local', 'PB-0917')], o.words) : { text: o.words };
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: RULE,
    style: o.style,
    case: o.case,
    record: {
      given: o.given,
      extra: (ctx: StyledContext) => [conditionOf(ctx, 'problem', { code: code(), recordedDaysAgo: 900 })],
    },
    pump: o.unread || o.typeOne ? null : pumpCardOf(o.id),
    nafld: nafldTrial(o.case !== 'does-not-fire', o.criteria),
  });
}

export const PROBLEM_WORDS_RECORDS: readonly FixturePatient[] = [
  // Type 1 written as classifications sort it, or by another name of LADA (a review, 2026-12-06,
  // night): before, the words were read as a diabetes of no type, or as nothing, so type 1 was
  // only to confirm and the trial card showed.
  withProblem({
    id: 'rw-us-diabetes-mellitus-comma-type-1',
    title: '"Diabetes mellitus, type 1" on the problem list in words beside the coded type 2: type 1, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Brenda',
    words: 'Diabetes mellitus, type 1',
    criteria: { t1d: 'met' },
    typeOne: true,
  }),
  withProblem({
    id: 'rw-us-type-1-5-diabetes',
    title: '"Type 1.5 diabetes" (another name of LADA) on the problem list in words: autoimmune, type 1, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Sharon',
    words: 'Type 1.5 diabetes',
    criteria: { t1d: 'met' },
    typeOne: true,
  }),
  withProblem({
    id: 'rw-fr-diabete-sucre-virgule-type-1',
    title: 'Problème « Diabète sucré, type 1 » (code local) à côté du type 2 codé : un type 1, exclu',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Gisèle',
    words: 'Diabète sucré, type 1',
    criteria: { t1d: 'met' },
    typeOne: true,
  }),
  withProblem({
    id: 'rw-fr-hepatite-b-chronique-aghbe-negative',
    title:
      'Problème « Hépatite B chronique AgHBe négative » (code local) : la phase de la maladie, pas un déni ; exclue',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Mathurin',
    words: 'Hépatite B chronique AgHBe négative',
    criteria: HEPATITIS,
  }),
  withProblem({
    id: 'rw-fr-porteur-inactif-aghbs',
    title: 'Problème « Porteur inactif AgHBs » (code local) : une hépatite B chronique, exclue',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Lucienne',
    words: 'Porteur inactif AgHBs',
    criteria: HEPATITIS,
  }),
  withProblem({
    id: 'rw-us-inactive-hbv-carrier',
    title: 'Problem "Inactive HBV carrier" (text only): chronic hepatitis B, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Vernon',
    words: 'Inactive HBV carrier',
    criteria: HEPATITIS,
  }),
  withProblem({
    id: 'rw-us-chronic-hcv-infection',
    title: 'Problem "Chronic HCV infection" (text only): chronic hepatitis C, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Lowell',
    words: 'Chronic HCV infection',
    criteria: HEPATITIS,
  }),
  withProblem({
    id: 'rw-fr-hepatite-b-guerie-aghbs-negatif',
    title: 'Problème « Hépatite B guérie, AgHBs négatif » (code local) : pas d’hépatite chronique, la carte s’affiche',
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
    style: 'fr',
    case: 'does-not-fire',
    given: 'Raymond',
    words: 'Dépendance alcoolique sevrée',
    criteria: ALCOHOL,
  }),
  withProblem({
    id: 'rw-us-etoh-abuse',
    title: 'Problem "EtOH abuse" (text only): chronic alcohol abuse, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Dwayne',
    words: 'EtOH abuse',
    criteria: ALCOHOL,
  }),
  withProblem({
    id: 'rw-us-not-a-heavy-drinker',
    title: 'Problem "Social drinker, not a heavy drinker" (text only): no alcohol abuse, the card shows',
    style: 'us',
    case: 'fires',
    given: 'Clifford',
    words: 'Social drinker, not a heavy drinker',
    unread: true,
  }),
  withProblem({
    id: 'rw-us-wilsons-disease',
    title: 'Problem "Wilson\'s disease" (text only): the possessive read, a chronic liver disease, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Marvin',
    words: "Wilson's disease",
    criteria: { 'no-chronic-liver-disease': 'not-met' },
  }),
  // A heart failure with its NYHA class IV in the diagnosis's words (a review of 2026-12-06): the
  // severe cardiovascular exclusion, manual unless coded, is met.
  withProblem({
    id: 'rw-fr-insuffisance-cardiaque-nyha-iv',
    title: 'Problème « Insuffisance cardiaque NYHA IV » (code local) : une cardiopathie sévère, exclue',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Raymond',
    words: 'Insuffisance cardiaque NYHA IV',
    criteria: { 'severe-cardiovascular': 'met' },
  }),
  withProblem({
    id: 'rw-us-heart-failure-nyha-class-iv',
    title: 'Problem "Heart failure NYHA class IV" (text only): severe cardiovascular disease, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Earl',
    words: 'Heart failure NYHA class IV',
    criteria: { 'severe-cardiovascular': 'met' },
  }),
  // The genotype of hereditary hemochromatosis, written for the disease (a review of 2026-12-06).
  withProblem({
    id: 'rw-fr-hfe-c282y-homozygote',
    title: 'Problème « HFE C282Y homozygote » (code local) : une hémochromatose héréditaire, exclue',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Yannick',
    words: 'HFE C282Y homozygote',
    criteria: { hemochromatosis: 'met', 'no-chronic-liver-disease': 'not-met' },
  }),
  withProblem({
    id: 'rw-us-c282y-homozygous-hfe',
    title: 'Problem "C282Y homozygous (HFE)" (text only): hereditary hemochromatosis, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Kurt',
    words: 'C282Y homozygous (HFE)',
    criteria: { hemochromatosis: 'met', 'no-chronic-liver-disease': 'not-met' },
  }),
  withProblem({
    id: 'rw-us-hepatotoxicity-amiodarone',
    title: 'Problem "Hepatotoxicity due to amiodarone" (text only): a toxic liver disease, excluded',
    style: 'us',
    case: 'does-not-fire',
    given: 'Herbert',
    words: 'Hepatotoxicity due to amiodarone',
    criteria: { 'toxic-hepatitis': 'met' },
  }),
  withProblem({
    id: 'rw-fr-consommation-alcool-excessive',
    title:
      'Problème « Consommation d’alcool excessive » (code local) : sans abus dit, les deux critères alcool à confirmer',
    style: 'fr',
    case: 'unknown',
    given: 'Gérard',
    words: "Consommation d'alcool excessive",
    criteria: { 'no-chronic-alcohol': 'unknown', 'alcohol-over-limit': 'unknown' },
  }),
  withProblem({
    id: 'rw-us-heavy-alcohol-use',
    title: 'Problem "Heavy alcohol use" (text only): no abuse said, both alcohol criteria to confirm',
    style: 'us',
    case: 'unknown',
    given: 'Duane',
    words: 'Heavy alcohol use',
    criteria: { 'no-chronic-alcohol': 'unknown', 'alcohol-over-limit': 'unknown' },
  }),
  // A steatosis of another organ is not the liver's (rule "steatosis in words").
  fullMatch({
    id: 'rw-fr-steatose-pancreatique',
    title:
      'Problème « Stéatose pancréatique » (code local), aucune étude du foie : le pancréas, pas le foie ; pas de carte',
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Solange',
      without: ['liver-us'],
      replace: { steatosis: (ctx) => [otherOrganSteatosis(ctx, 'Stéatose pancréatique')] },
    },
    pump: null,
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-pancreatic-steatosis-fatty-liver',
    title:
      'Problem "Pancreatic steatosis; fatty liver" (text only): the second item names the liver\'s, the card shows',
    rule: 'steatosis in words',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Lyle',
      without: ['liver-us'],
      replace: { steatosis: (ctx) => [otherOrganSteatosis(ctx, 'Pancreatic steatosis; fatty liver')] },
    },
    pump: pumpCardOf('rw-us-pancreatic-steatosis-fatty-liver'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
];

/** The record's only steatosis item: words under a local code (France) or alone (US). */
function otherOrganSteatosis(ctx: StyledContext, words: string) {
  const code = ctx.style === 'fr' ? codeable([coding('local', 'PB-0917')], words) : { text: words };
  return conditionOf(ctx, 'steatosis', { code, recordedDaysAgo: 600 });
}
