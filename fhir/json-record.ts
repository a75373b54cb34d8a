/** Whether a JSON value is an object (not null, not an array): a resource, an entry, a reference. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
