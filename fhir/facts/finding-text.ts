import type { ValueSetIndex } from '../../rules/value-sets.js';
import { matchNames } from './name-match.js';

/** What a free-text report says of a finding. */
export type TextFinding = 'present' | 'absent' | 'silent';

// Words that deny what follows in their clause: "pas de stéatose", "no evidence of fatty liver".
const NEGATION =
  / (?:pas|absence|sans|aucun|aucune|ni|non|no|not|without|negative|negatif|negative|exclu|exclue|free of) /;

function fold(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/**
 * Whether report text mentions a finding of the given value sets, clause by clause: a clause
 * that names it without a negation ("stéatose hépatique modérée") says present; one that denies
 * it ("pas de stéatose", "no fatty liver") says absent; text that never names it is silent.
 * Reading words is lower-confidence evidence, shown as such.
 */
export function findingInText(
  valueSets: ValueSetIndex,
  text: string | undefined,
  ids: ReadonlySet<string>,
): TextFinding {
  if (!text) return 'silent';
  let denied = false;
  for (const clause of text.split(/[.;:\n]|,| mais | but /i)) {
    if (!matchNames(valueSets, clause).some((id) => ids.has(id))) continue;
    if (NEGATION.test(fold(clause))) denied = true;
    else return 'present';
  }
  return denied ? 'absent' : 'silent';
}
