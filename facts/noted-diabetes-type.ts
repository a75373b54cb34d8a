import type { ValueSetIndex } from '../rules/value-sets.js';
import { classifyConcept, questioned } from './concept-class.js';
import { catalogOf } from './value-set-catalog.js';

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
  const exclusive = catalogOf(valueSets).exclusive;
  if (notes.length === 0 || !ids.some((id) => exclusive.has(id))) return [];
  const read = classifyConcept(
    valueSets,
    { codings: [], text: notes.join('. '), malformed: false },
    'condition',
    'always',
  );
  // The same clash as a type left open in the record's own words (concept-class.ts).
  return questioned(valueSets, ids, [...read.ids, ...(read.doubtful ?? [])]);
}
