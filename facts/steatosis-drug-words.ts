import { normaliseText } from '../rules/value-sets.js';
import { memoiseText } from './text-memo.js';

/*
 * A steatosis on the problem list whose own words give it a drug as its cause: "Stéatose hépatique
 * induite par le tamoxifène", "Stéatose secondaire à l'amiodarone", "Fatty liver due to tamoxifen".
 * Such a steatosis is a toxic liver disease, which NCT04270656 excludes, not the non-alcoholic one
 * it asks for. The names of value set toxic-liver-disease read the set phrasings ("stéatose
 * médicamenteuse", "drug-induced steatosis"); a review (2026-12-07) found the cause written with
 * the drug's own name read as an ordinary NAFLD and the trial card shown.
 *
 * Read only on a steatosis record, on folded words. A drug known to cause steatosis named after a
 * word of cause ("induite par", "secondaire à", "due to", "liée à", "related to") is the cause;
 * the drug named otherwise ("Stéatose hépatique sous méthotrexate", "fatty liver, on tamoxifen")
 * leaves the cause to confirm, unless the words deny it ("non liée à l'amiodarone"). Parenteral
 * nutrition is read as such a cause too ("Stéatose hépatique secondaire à la nutrition parentérale
 * (grêle court)", a review of 2026-12-07): the steatosis is no metabolic one, and the trial's
 * exclusion of toxic liver disease is the nearest it names.
 */
const DRUG =
  '(?:amiodarone|cordarone|tamoxifene?|nolvadex|methotrexate|metoject|novatrex|valproate|valproique|valproic|depakine|depakote|corticoides?|corticoids?|corticotherapie|corticosteroides?|corticosteroids?|steroides?|steroids?|glucocorticoides?|glucocorticoids?|prednisone|prednisolone|cortancyl|solupred|antiretroviraux|antiretroviral|antiretrovirals|haart|trither\\w*|stavudine|didanosine|zidovudine|irinotecan|oxaliplatine?|fluorouracile?|5 fu|chimiotherapie|chemotherapy|asparaginase|tetracyclines?|clozapine|carbamazepine|tegretol|nutrition parenterale|alimentation parenterale|parenteral nutrition|tpn)';
const CAUSE_WORD =
  '(?:induite?s? par|induced by|induced|secondaire a|secondaire aux?|secondary to|due to|due a|du a|dues? aux?|liee? a|liee? aux?|lie a|related to|related|associee? a|associated with|imputable a|iatrogene|iatrogenic|2 2)';
const MENTION = new RegExp(` ${DRUG} `);
const CAUSE = new RegExp(
  ` ${CAUSE_WORD}(?: (?:la|le|l|les|a|the|un|une))* ${DRUG} | ${DRUG} (?:induced|related|induite?|lie|liee) `,
);
const DENIED = / (?:non|not|no|pas|sans|unrelated|exclu|exclue|excluded|ruled out) /;

/** What a steatosis record's words say of a drug cause: the cause, a mention to confirm, or nothing. */
export const drugCauseInWords = memoiseText((text: string): 'cause' | 'mentioned' | undefined => {
  const folded = normaliseText(text);
  if (!MENTION.test(folded)) return undefined;
  if (DENIED.test(folded)) return undefined;
  return CAUSE.test(folded) ? 'cause' : 'mentioned';
});
