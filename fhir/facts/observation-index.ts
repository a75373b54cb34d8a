import type { ValueSetIndex } from '../../rules/value-sets.js';
import type { PatientRecord } from '../patient-record.js';
import { conceptValueSets, readConcept } from './coding.js';
import { untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { asObject } from './json-value.js';

/** Resources of one type grouped by the value sets (of the ones asked for) their code falls in. */
export type ByValueSet = ReadonlyMap<string, readonly Record<string, unknown>[]>;

/**
 * One pass over Observations (or DiagnosticReports): each resource lands in the bucket of every
 * wanted value set its code matches. A record whose code cannot be read is skipped with a
 * data-quality line: latest-value facts are judged on the records coded as candidates.
 */
export function groupByValueSet(
  record: PatientRecord,
  type: 'Observation' | 'DiagnosticReport',
  valueSets: ValueSetIndex,
  wanted: ReadonlySet<string>,
  dq: DataQualityLog,
): ByValueSet {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const raw of untrustedResources(record, type)) {
    const obj = asObject(raw);
    if (!obj) {
      dq.add(raw, type, 'not a JSON object');
      continue;
    }
    const concept = readConcept(obj.code);
    const ids = conceptValueSets(valueSets, concept);
    if (ids.length === 0 && concept.malformed) dq.add(obj, type, 'code is unreadable');
    for (const id of ids) {
      if (!wanted.has(id)) continue;
      const list = out.get(id) ?? [];
      list.push(obj);
      out.set(id, list);
    }
  }
  return out;
}

/** The resources in any of the buckets, each once, in first-seen order. */
export function bucketsOf(groups: ByValueSet, ids: readonly string[]): Record<string, unknown>[] {
  const seen = new Set<Record<string, unknown>>();
  for (const id of ids) for (const r of groups.get(id) ?? []) seen.add(r);
  return [...seen];
}
