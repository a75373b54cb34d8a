import type { ValueSetIndex } from '../rules/value-sets.js';
import { normaliseText } from '../rules/value-sets.js';

/** What a free-text report says of a finding. */
export type TextFinding = 'present' | 'absent' | 'silent';

// Words that deny a finding named after them in their clause: "pas de stéatose", "absence
// d'image évocatrice de stéatose", "no sonographic evidence of hepatic steatosis", "sans stéatose".
const DENIES_NEXT = new Set([
  'pas',
  'absence',
  'sans',
  'aucun',
  'aucune',
  'no',
  'not',
  'without',
  'negative',
  'free',
  'ni',
]);
// Words after the finding that deny it: "stéatose absente", "stéatose exclue", "steatosis: absent".
const DENIES_PREVIOUS = new Set([
  'absente',
  'absent',
  'exclue',
  'exclu',
  'excluded',
  'negative',
  'negatif',
  'negative',
]);
// Ending the clause right after the finding, "non" and "no" deny it ("Stéatose : non"); followed by
// more words they qualify it ("stéatose non alcoolique").
const DENIES_AT_END = new Set(['non', 'no', 'none']);
/** How many words before the finding a denial may stand, within its clause. */
const BEFORE = 8;
const AFTER = 2;

interface Mention {
  readonly at: number;
  readonly length: number;
}

/** Where the names start in the words, longest names only: "hepatic steatosis", not also "steatosis" in it. */
function mentions(words: readonly string[], needles: readonly string[][]): Mention[] {
  const found: Mention[] = [];
  for (const needle of needles) {
    for (let i = 0; i + needle.length <= words.length; i++) {
      if (needle.every((w, j) => words[i + j] === w)) found.push({ at: i, length: needle.length });
    }
  }
  return found.filter(
    (m) => !found.some((o) => o !== m && o.at <= m.at && o.at + o.length >= m.at + m.length && o.length > m.length),
  );
}

/** The names of the value sets, each as its folded words. */
function needlesOf(valueSets: ValueSetIndex, ids: ReadonlySet<string>): string[][] {
  const out: string[][] = [];
  for (const id of ids) {
    for (const name of valueSets.all.get(id)?.names ?? []) out.push(normaliseText(name).trim().split(' '));
  }
  return out;
}

/** Whether the words around one mention deny it. */
function denied(words: readonly string[], m: Mention): boolean {
  const before = words.slice(Math.max(0, m.at - BEFORE), m.at);
  const end = m.at + m.length;
  const after = words.slice(end, end + AFTER);
  return (
    before.some((w) => DENIES_NEXT.has(w)) ||
    after.some((w) => DENIES_PREVIOUS.has(w)) ||
    (words.length === end + 1 && DENIES_AT_END.has(words[end]!))
  );
}

/**
 * Whether report text mentions a finding of the given value sets, mention by mention, clause by
 * clause (a sentence, or a part of it set off by a comma, a semicolon or "mais"/"but"). A mention
 * with a denial before it in its clause ("pas de stéatose") or just after it ("stéatose absente",
 * "Stéatose : non") says absent; any other mention ("stéatose hépatique modérée", "stéatose non
 * alcoolique") says present; text that never names it is silent. Reading words is
 * lower-confidence evidence, shown as such.
 */
export function findingInText(
  valueSets: ValueSetIndex,
  text: string | undefined,
  ids: ReadonlySet<string>,
): TextFinding {
  if (!text || text.length > 10_000) return 'silent';
  const needles = needlesOf(valueSets, ids);
  let absent = false;
  for (const clause of text.split(/[.;\n]|,| mais | but /i)) {
    const words = normaliseText(clause).trim().split(' ');
    for (const m of mentions(words, needles)) {
      if (denied(words, m)) absent = true;
      else return 'present';
    }
  }
  return absent ? 'absent' : 'silent';
}
