import { normaliseText } from '../rules/value-sets.js';
import { memoiseText } from './text-memo.js';

/*
 * A steatosis on the problem list whose own words name alcohol: "Hepatic steatosis (EtOH-related)",
 * "Fatty liver 2/2 EtOH use", "Stéatose hépatique OH", or a note on it ("Pt drinks 6 beers daily").
 * NCT04270656 asks for a non-alcoholic steatosis: a review (2026-12-07) found ten such records
 * meeting "no alcoholic liver disease" and the trial card shown. The names of value set
 * alcoholic-liver-disease read the plain phrasings; these words are read only on a steatosis
 * record, where they can only be about its cause.
 *
 * Two readings, on folded words. The alcohol is the cause ("alcoholic") only in a clear phrasing —
 * the alcohol word right after the steatosis, or "EtOH-related", "2/2 EtOH", "d'origine éthylique",
 * "éthylo-métabolique" — and only when nothing in the words denies or doubts ("not due to alcohol",
 * "alcool exclu", "OH : 0", "abstinent"). Any other mention of alcohol or drinking leaves the
 * cause to confirm ("mentioned"). A mention denied right before it ("non-alcoholic", "no EtOH",
 * "pas d'OH", "sans alcool") is none, or every NAFLD would be in doubt. "ALD" is not read: in a
 * French record it is the Affection de Longue Durée status; "25-OH" is vitamin D.
 */
const NEGATED_BEFORE =
  '(?<!(?: non| no| not| pas d| pas de| sans| denies| without| nie| 0| zero| aucune?| absence d| absence de))';
const ALCOHOL_WORD =
  '(?:etoh|alc|alcohol\\w*|alcool\\w*|ethyli\\w*|ethylo\\w*|ethanol|(?<!\\d )oh|aud|afld|tual|drinks?|drinking|drinker|binge|liquor|spirits|whisk\\w*|vodka|pastis|rhum|beers?|bieres?|wine|vin|pack)';
const MENTION = new RegExp(`${NEGATED_BEFORE} ${ALCOHOL_WORD} `);
const CAUSE = new RegExp(
  [
    ' (?:etoh|alcohol|alcool|ethanol) (?:related|induced|associated|use|abuse|lie|liee|induit|induite) ',
    ' (?:2 2|secondary to|due to|secondaire a|liee a|lie a|d origine) (?:etoh|alcohol\\w*|alcool\\w*|ethyli\\w*|oh) ',
    ' (?:steatose|steatosis|fatty liver)(?: hepatique| hepatic)? (?:oh|etoh|ethylique|alcoolique|alcohol related|alcohol associated) ',
    ' (?:ethylo|alcoolo) metabolique | metabolo (?:ethylique|alcoolique) ',
  ].join('|'),
);
const DOUBT =
  / (?:non|no|not|pas|sans|aucun|aucune|nie|niee|nié|denies|denied|never|exclu|exclue|excluded|ruled out|unrelated|abstinent|abstinence|free|nulle|nul|absence|0|zero|none|sevre|sevree|former|ancien|ancienne|past|possible|probable|suspected|suspicion|\?) /;

/** What a steatosis record's words say of alcohol: its cause, a mention to confirm, or nothing. */
export const alcoholInWords = memoiseText((text: string): 'cause' | 'mentioned' | undefined => {
  const folded = normaliseText(text.replace(/\?/g, ' ? '));
  if (!MENTION.test(folded)) return undefined;
  return CAUSE.test(folded) && !DOUBT.test(folded) ? 'cause' : 'mentioned';
});
