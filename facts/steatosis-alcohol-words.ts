import { normaliseText } from '../rules/value-sets.js';
import { asList, asObject, asString } from './json-value.js';
import { memoiseText } from './text-memo.js';

/*
 * A steatosis on the problem list whose own words name alcohol: "Hepatic steatosis (EtOH-related)",
 * "Fatty liver 2/2 EtOH use", "Stéatose hépatique OH", "Stéatose hépatique (consommation d'alcool
 * 40 g/j)", or a note on it ("Pt drinks 6 beers daily"). NCT04270656 asks for a non-alcoholic
 * steatosis: such a record leaves alcoholic liver disease to confirm (a review, 2026-12-07, found
 * ten such records meeting "no alcoholic liver disease" and the trial card shown). The names of
 * value set alcoholic-liver-disease read the plain phrasings; these words are read only on a
 * steatosis record, where they can only be about its cause.
 *
 * Read on folded words. Denied or non-alcoholic mentions do not count: "non-alcoholic fatty liver",
 * "stéatose non alcoolique", "no EtOH", "pas d'OH", "sans alcool", "denies alcohol". "ALD" is not
 * read: in a French record it is the Affection de Longue Durée status.
 */
const ALCOHOL =
  / (?<!(?: non| no| not| pas d| pas de| sans| denies| without| nie| 0| zero| aucune?| absence d| absence de) )(?:etoh|alcohol\w*|alcool\w*|ethyli\w*|ethylique|ethanol|oh|beers?|bieres?|wine|vin) /;

export const namesAlcohol = memoiseText((text: string): boolean => ALCOHOL.test(normaliseText(text)));

/** The texts of a Condition's notes, which may name a cause its code's words leave out. */
export function conditionNoteTexts(condition: Record<string, unknown>): string[] {
  return (asList(condition.note) ?? []).flatMap((n) => {
    const text = asString(asObject(n)?.text);
    return text ? [text] : [];
  });
}
