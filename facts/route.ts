import type { ValueSetIndex } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';
import { asList, asObject } from './json-value.js';
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
 * "inhaler"). Cues that disagree, or none at all, leave the route unknown.
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
  const byWords = fromIds(
    classifyConcept(valueSets, { codings: [], malformed: false }, 'route', 'always', drug.words).ids,
  );
  return byWords ?? 'unknown';
}
