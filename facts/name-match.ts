import type { ValueSetIndex } from '../rules/value-sets.js';
import { memoPerIndex } from './text-memo.js';

// Texts repeat across requests (the same formulary, the same problem list wording), and a name
// scan over every value set name costs tens of microseconds, so results are memoised per index.
// The cap bounds memory against an EHR that sends endless distinct texts.
const remember = memoPerIndex<readonly string[]>();

/** Ids of value sets whose names appear in the text (ValueSetIndex.matchName), memoised. */
export function matchNames(valueSets: ValueSetIndex, text: string | undefined): readonly string[] {
  if (!text) return [];
  return remember(valueSets, text, () => valueSets.matchName(text));
}
