import type { ValueSetIndex } from '../../rules/value-sets.js';
import { normaliseText } from '../../rules/value-sets.js';

/** What a free-text report says of a finding. */
export type TextFinding = 'present' | 'absent' | 'silent';

// Words that deny the finding just after them: "pas de stéatose", "absence de stéatose", "no
// evidence of fatty liver", "sans stéatose". "non" is not one of them: "stéatose non alcoolique"
// qualifies the finding, it does not deny it.
const DENIES_NEXT = new Set(['pas', 'absence', 'sans', 'aucun', 'aucune', 'no', 'not', 'without', 'negative', 'free']);
// Words that deny the finding just before them: "stéatose absente", "stéatose exclue".
const DENIES_PREVIOUS = new Set(['absente', 'absent', 'exclue', 'exclu', 'excluded', 'absente.']);
/** How many words before the finding a denial may stand ("no sonographic evidence of fatty liver"). */
const BEFORE = 4;
const AFTER = 2;

/** Word positions where a name of the value sets starts, and how many words it spans. */
function mentions(words: readonly string[], needles: readonly string[][]): { at: number; length: number }[] {
  const out: { at: number; length: number }[] = [];
  for (const needle of needles) {
    for (let i = 0; i + needle.length <= words.length; i++) {
      if (needle.every((w, j) => words[i + j] === w)) out.push({ at: i, length: needle.length });
    }
  }
  return out;
}

/** The names of the value sets, each as its folded words. */
function needlesOf(valueSets: ValueSetIndex, ids: ReadonlySet<string>): string[][] {
  const out: string[][] = [];
  for (const id of ids) {
    for (const name of valueSets.all.get(id)?.names ?? []) out.push(normaliseText(name).trim().split(' '));
  }
  return out;
}

/**
 * Whether report text mentions a finding of the given value sets, mention by mention: a mention
 * with a denial just before it ("pas de stéatose", "no fatty liver") or just after it ("stéatose
 * absente") says absent; any other mention ("stéatose hépatique modérée", "stéatose non
 * alcoolique") says present; text that never names it is silent. Reading words is
 * lower-confidence evidence, shown as such.
 */
export function findingInText(
  valueSets: ValueSetIndex,
  text: string | undefined,
  ids: ReadonlySet<string>,
): TextFinding {
  if (!text) return 'silent';
  const needles = needlesOf(valueSets, ids);
  let denied = false;
  for (const clause of text.split(/[.;:\n]|,| mais | but /i)) {
    const words = normaliseText(clause).trim().split(' ');
    for (const m of mentions(words, needles)) {
      const before = words.slice(Math.max(0, m.at - BEFORE), m.at);
      const after = words.slice(m.at + m.length, m.at + m.length + AFTER);
      if (before.some((w) => DENIES_NEXT.has(w)) || after.some((w) => DENIES_PREVIOUS.has(w))) denied = true;
      else return 'present';
    }
  }
  return denied ? 'absent' : 'silent';
}
