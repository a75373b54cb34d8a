import type { ValueSetIndex } from '../../rules/value-sets.js';
import { conceptLabel, readConcept, type ReadCoding } from './coding.js';
import { asList, asObject } from './json-value.js';
import type { DrugSource } from './medication-source.js';
import { matchNames } from './name-match.js';
import type { Evidence } from './types.js';

/** The medication value sets a drug falls in, how confidently, and a label for evidence. */
export interface DrugMatch {
  readonly ids: readonly string[];
  readonly confidence: Evidence['confidence'];
  readonly via: 'code' | 'atc' | 'ingredient' | 'name' | 'none';
  readonly label: string;
}

const ATC = 'http://www.whocc.no/atc';

function matchCodings(
  valueSets: ValueSetIndex,
  codings: readonly ReadCoding[],
  allowed: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  for (const c of codings) {
    for (const id of valueSets.matchCoding(c.system, c.code)) if (allowed.has(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Matches a drug to medication value sets in the order CLINICAL.md ("How orders are coded") sets,
 * stopping at the first step that finds something: (1) any non-ATC code, product codes included;
 * (2) ATC; (3) Medication.ingredient codes; (4) ingredient or brand names in the text, as
 * low-confidence evidence.
 */
export function matchDrug(
  valueSets: ValueSetIndex,
  source: DrugSource & { kind: 'drug' },
  allowed: ReadonlySet<string>,
): DrugMatch {
  const codings = source.concept.codings;
  const label = conceptLabel(source.concept) ?? source.referenceDisplay ?? 'medication';
  const found = (ids: string[], via: DrugMatch['via'], confidence: Evidence['confidence'] = 'high'): DrugMatch => ({
    ids,
    via,
    confidence,
    label,
  });

  const byCode = matchCodings(
    valueSets,
    codings.filter((c) => c.system !== ATC),
    allowed,
  );
  if (byCode.length > 0) return found(byCode, 'code');
  const byAtc = matchCodings(
    valueSets,
    codings.filter((c) => c.system === ATC),
    allowed,
  );
  if (byAtc.length > 0) return found(byAtc, 'atc');

  const ingredients = (asList(source.medication?.ingredient) ?? []).map((i) =>
    readConcept(asObject(i)?.itemCodeableConcept),
  );
  const byIngredient = matchCodings(
    valueSets,
    ingredients.flatMap((c) => c.codings),
    allowed,
  );
  if (byIngredient.length > 0) return found(byIngredient, 'ingredient');

  const texts = [
    source.concept.text,
    source.referenceDisplay,
    ...codings.map((c) => c.display),
    ...ingredients.flatMap((c) => [c.text, ...c.codings.map((x) => x.display)]),
  ];
  const byName: string[] = [];
  for (const t of new Set(texts)) {
    for (const id of matchNames(valueSets, t)) if (allowed.has(id) && !byName.includes(id)) byName.push(id);
  }
  if (byName.length > 0) return found(byName, 'name', 'low');
  return found([], 'none');
}
