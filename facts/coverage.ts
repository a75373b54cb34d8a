import type { PatientRecord } from '../fhir/patient-record.js';

/**
 * Why the absence of a resource type proves nothing, or undefined when it does: the type was
 * loaded and its paging did not stop at the cap. With several types (orders and statements),
 * at least one must be loaded and none of the loaded ones truncated.
 */
export function absenceUnproven(record: PatientRecord, types: readonly string[]): string | undefined {
  const loaded = types.filter((t) => record.loaded.has(t));
  if (loaded.length === 0) return `${types.join(' / ')} data was not loaded`;
  const garbled = loaded.filter((t) => record.resources.has(t) && !Array.isArray(record.resources.get(t)));
  if (garbled.length > 0) return `${garbled.join(' / ')} data is not a list`;
  const cut = loaded.filter((t) => record.truncated.has(t));
  if (cut.length > 0) return `${cut.join(' / ')} results were truncated at the page cap`;
  return untiedTypes(record, loaded);
}

/** The resources of one type in the record, as untrusted values (never throws on odd shapes). */
export function untrustedResources(record: PatientRecord, type: string): readonly unknown[] {
  const list: unknown = record.resources.get(type);
  return Array.isArray(list) ? list : [];
}

/**
 * Why the newest result of these types cannot be trusted, or undefined when it can: the types
 * were loaded, and any page cut at the cap came sorted newest first (so what was left out is older).
 */
export function latestUnproven(record: PatientRecord, types: readonly string[]): string | undefined {
  const loaded = types.filter((t) => record.loaded.has(t));
  if (loaded.length === 0) return `${types.join(' / ')} data was not loaded`;
  const garbled = loaded.filter((t) => record.resources.has(t) && !Array.isArray(record.resources.get(t)));
  if (garbled.length > 0) return `${garbled.join(' / ')} data is not a list`;
  const cut = loaded.filter((t) => record.truncated.has(t) && !record.newestFirst?.has(t));
  if (cut.length > 0) return `${cut.join(' / ')} results were truncated at the page cap, not newest first`;
  return untiedTypes(record, loaded);
}

/** Why some of these types cannot be read whole: a resource of theirs could not be tied to the patient. */
function untiedTypes(record: PatientRecord, types: readonly string[]): string | undefined {
  const untied = types.filter((t) => record.unowned?.has(t));
  return untied.length > 0
    ? `${untied.join(' / ')} data holds a record whose patient cannot be tied to this one`
    : undefined;
}
