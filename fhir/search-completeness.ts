/*
 * Whether a search Bundle says results are missing even without a `next` link. A search that
 * lost results reads as truncated, so that no absence is taken from it (docs/clinical-rules.md,
 * "Unknown, never absent").
 * - `Bundle.total` counts the matches across all pages
 *   (https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.total): more than were received is a
 *   cut answer.
 * - An OperationOutcome entry (search mode `outcome`,
 *   https://hl7.org/fhir/R4/search.html#errors) with an error, or with a warning that results
 *   were left out (too costly, suppressed by access rules, a timeout).
 */

import { isRecord } from './json-record.js';

/** Issue codes (https://hl7.org/fhir/R4/valueset-issue-type.html) that say results are missing. */
const MISSING_RESULTS: ReadonlySet<string> = new Set([
  'too-costly',
  'incomplete',
  'suppressed',
  'throttled',
  'timeout',
  'too-long',
]);

/** Whether an OperationOutcome of a search answer says results are missing. */
export function outcomeSaysIncomplete(resource: unknown): boolean {
  if (!isRecord(resource) || !Array.isArray(resource.issue)) return false;
  return resource.issue.some(
    (i) =>
      isRecord(i) &&
      (i.severity === 'fatal' ||
        i.severity === 'error' ||
        (i.severity === 'warning' && typeof i.code === 'string' && MISSING_RESULTS.has(i.code))),
  );
}

/** Whether a Bundle's `total` is more than the matches received (on every page so far). */
export function totalExceeds(bundle: Record<string, unknown>, matchesReceived: number): boolean {
  return typeof bundle.total === 'number' && bundle.total > matchesReceived;
}
