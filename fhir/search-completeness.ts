/*
 * Whether a search Bundle says results are missing even without a `next` link. A search that
 * lost results reads as truncated, so that no absence is taken from it (docs/clinical-rules.md,
 * "Unknown, never absent").
 * - `Bundle.total` counts the matches across all pages
 *   (https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.total): more than were received is a
 *   cut answer.
 * - An OperationOutcome entry (search mode `outcome`,
 *   https://hl7.org/fhir/R4/search.html#errors) with an error, or with a warning that results
 *   were left out (too costly, suppressed by access rules, a timeout), or any issue whose words
 *   say so.
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

// Words of an issue that say results were held back, whatever its code: EHRs send such notices
// as warnings or information under a generic code ("processing", "informational") with the
// meaning in the text ("Additional data may be present for patient", "Some results have been
// suppressed", "données masquées"). A review of prefetch shapes (2026-12-07) found four such
// answers read as whole, and the pump card shown.
const WITHHELD_WORDS =
  /\b(?:additional (?:data|results|records) may (?:be present|exist)|may not (?:be|include) (?:all|complete)|not all (?:data|results|records)|(?:data|results?|records?|entries) (?:(?:were|was|have been|has been|may be|may have been|are|is) )?(?:withheld|restricted|suppressed|hidden|filtered|omitted|excluded|truncated)|incomplete|partial results?|donn[ée]es (?:masqu[ée]es|restreintes|incompl[èe]tes|filtr[ée]es)|r[ée]sultats? (?:masqu[ée]s|incomplets|filtr[ée]s))\b/i;

/** The texts of an issue a person reads: its details' text and codings' displays, and its diagnostics. */
function issueTexts(issue: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof issue.diagnostics === 'string') out.push(issue.diagnostics);
  const details = issue.details;
  if (isRecord(details)) {
    if (typeof details.text === 'string') out.push(details.text);
    if (Array.isArray(details.coding))
      for (const c of details.coding) if (isRecord(c) && typeof c.display === 'string') out.push(c.display);
  }
  return out;
}

/** Whether an OperationOutcome of a search answer says results are missing. */
export function outcomeSaysIncomplete(resource: unknown): boolean {
  if (!isRecord(resource) || !Array.isArray(resource.issue)) return false;
  return resource.issue.some(
    (i) =>
      isRecord(i) &&
      (i.severity === 'fatal' ||
        i.severity === 'error' ||
        (i.severity === 'warning' && typeof i.code === 'string' && MISSING_RESULTS.has(i.code)) ||
        issueTexts(i).some((t) => WITHHELD_WORDS.test(t))),
  );
}

/** Whether a Bundle's `total` is more than the matches received (on every page so far). */
export function totalExceeds(bundle: Record<string, unknown>, matchesReceived: number): boolean {
  return typeof bundle.total === 'number' && bundle.total > matchesReceived;
}
