import { foldAccents, type ValueSetIndex } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';
import { asList, asObject } from './json-value.js';
import { memoiseText } from './text-memo.js';
import type { DrugMatch } from './medication-match.js';

/** How a drug is given, as far as the record tells. */
export type Route = 'systemic' | 'local' | 'unknown';

/** The route value sets (kind `route`): systemic (oral, IV, IM...) and local (skin, lungs, nose, eye, joint...). */
const SYSTEMIC = 'route-systemic';
const LOCAL = 'route-local';

function fromIds(ids: readonly string[]): Route | undefined {
  const systemic = ids.includes(SYSTEMIC);
  const local = ids.includes(LOCAL);
  if (systemic === local) return undefined;
  return systemic ? 'systemic' : 'local';
}

/**
 * The route of one order or statement: the dosage's coded or written route, else what the
 * product code implies (an ATC H02 code is systemic by definition; a value set may mark an
 * "Oral Tablet" clinical drug), else the dose form in the drug's name ("comprimé", "crème",
 * "inhaler"), else the dosage's own words ("Take 1 tablet by mouth daily", "1 cp le matin",
 * "inhale 2 puffs"). Cues that disagree, or none at all, leave the route unknown.
 */
export function routeOf(valueSets: ValueSetIndex, drug: DrugMatch, dosages: unknown): Route {
  const routes = new Set<Route>();
  for (const item of asList(dosages) ?? []) {
    const route = asObject(item)?.route;
    if (route === undefined) continue;
    const found = fromIds(classifyConcept(valueSets, readConcept(route), 'route', 'always').ids);
    routes.add(found ?? 'unknown');
  }
  if (routes.size === 1 && !routes.has('unknown')) return [...routes][0]!;
  if (routes.size > 1) return 'unknown';
  const implied = new Set(
    drug.codings
      .map((c) => valueSets.impliedRoute(c.system, c.code))
      .filter((r): r is 'systemic' | 'local' => r !== undefined),
  );
  if (implied.size === 1) return [...implied][0]!;
  // The dose form in the drug's name, and last the dosage's instructions: a US sig or a French
  // prescription line often says the route only there. A review of realistic records (2026-12-06)
  // found "Prednisone 5 mg" taken "by mouth daily" or "1 cp le matin" left the glucocorticoid
  // exclusion to confirm.
  return routeInWords(valueSets, drug.words) ?? routeInWords(valueSets, dosageTexts(dosages)) ?? 'unknown';
}

/** The route that words name ("comprimé", "by mouth", "crème"), when they name one and only one. */
function routeInWords(valueSets: ValueSetIndex, words: readonly (string | undefined)[]): Route | undefined {
  return fromIds(classifyConcept(valueSets, { codings: [], malformed: false }, 'route', 'always', words).ids);
}

/** The instructions of each dosage (`Dosage.text`), where written. */
function dosageTexts(dosages: unknown): (string | undefined)[] {
  return (asList(dosages) ?? []).map((item) => {
    const text = asObject(item)?.text;
    return typeof text === 'string' ? text : undefined;
  });
}

// Intravenous routes by code (SNOMED CT 47625008 "Intravenous route", EDQM 20045000 "Intravenous
// use") or by words: an insulin drip in hospital, never a home injection regimen nor a pump.
const IV_CODES = new Set(['47625008', '20045000']);
const IV_WORDS =
  /\b(?:iv|ivse|intravenous|intravenously|intraveineuse?|intra-veineuse?|iv drip|drip|infusion intraveineuse|pousse[- ]seringue|pse)\b/;

// A clause that says how NOT to give the drug ("Do not inject into a vein or muscle", "Ne pas
// injecter en intraveineuse", a label's warning) names no route it is given by.
const NEGATED_CLAUSE = /\b(?:do not|don t|don't|dont|never|ne pas|ne jamais|jamais)\b[^.;,\n]*/g;

/** Whether words name an intravenous route outside a clause that says not to; dosage texts repeat. */
const namesIntravenous = memoiseText((text: string): boolean =>
  IV_WORDS.test(foldAccents(text).replace(NEGATED_CLAUSE, ' ')),
);

/** Whether an order or statement gives the drug intravenously (by a dosage's route code or words). */
export function isIntravenous(dosages: unknown): boolean {
  for (const item of asList(dosages) ?? []) {
    const d = asObject(item);
    const route = readConcept(d?.route);
    if (route.codings.some((c) => c.code !== undefined && IV_CODES.has(c.code))) return true;
    const words = [
      route.text,
      ...route.codings.map((c) => c.display),
      typeof d?.text === 'string' ? d.text : undefined,
    ];
    if (words.some((t) => t !== undefined && namesIntravenous(t))) return true;
  }
  return false;
}
