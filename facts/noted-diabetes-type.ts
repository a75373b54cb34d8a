import type { ValueSetIndex } from '../rules/value-sets.js';
import { classifyConcept } from './concept-class.js';

/**
 * The diabetes types a Condition's notes put in doubt: its own type, when a note names a type that
 * excludes it, or leaves one open, and that other type ("E11.65" with the note "GAD65 Ab positive
 * 2019, c/w LADA"; "E11.9" with "? MODY, génétique en cours"). The record is then certain of
 * neither. A review of US records (2026-12-07) found such an E11 read as a certain type 2 and the
 * pump card shown. Notes that deny the other type ("LADA ruled out, GAD negative") name nothing.
 */
export function typesNotedOtherwise(
  valueSets: ValueSetIndex,
  ids: readonly string[],
  notes: readonly string[],
): string[] {
  const excludes = (a: string, b: string) =>
    valueSets.all.get(a)?.excludes?.includes(b) === true || valueSets.all.get(b)?.excludes?.includes(a) === true;
  if (notes.length === 0 || !ids.some((id) => hasExclusions(valueSets, id))) return [];
  const read = classifyConcept(
    valueSets,
    { codings: [], text: notes.join('. '), malformed: false },
    'condition',
    'always',
  );
  const named = [...read.ids, ...(read.doubtful ?? [])];
  const out = new Set<string>();
  for (const id of ids)
    for (const other of named)
      if (excludes(id, other)) {
        out.add(id);
        out.add(other);
      }
  return [...out];
}

/** Whether a set takes part in an exclusion (the diabetes types). */
function hasExclusions(valueSets: ValueSetIndex, id: string): boolean {
  if ((valueSets.all.get(id)?.excludes?.length ?? 0) > 0) return true;
  for (const set of valueSets.all.values()) if (set.excludes?.includes(id)) return true;
  return false;
}
