import { unknown, type Fact } from './fact.js';
import { lastInstant, readFhirDate } from './fhir-date.js';
import type { Finding } from './imaging.js';
import type { Candidate } from './latest.js';
import type { ConditionFinding } from './patient-facts.js';

/**
 * A steatosis (or NASH) on the problem list, checked against the liver studies on file. NCT04270656
 * asks for steatosis on ultrasound; the problem list stands in for it only while no later study
 * says otherwise. A study that shows no steatosis (an ultrasound "sans stéatose", a CAP under the
 * lower cut-off, an MRI "no hepatic steatosis") and is not surely older than every record of the
 * condition leaves it unknown: the entry may be out of date, or the study wrong, and a clinician
 * must say which. A record dated surely after that study keeps it; an undated study or record
 * might be the newer one, so it leaves the finding unknown too.
 */
export function checkedAgainstStudies(
  fact: Fact<ConditionFinding>,
  studies: readonly Candidate<Finding>[],
): Fact<ConditionFinding> {
  if (!fact.known || !fact.value.present) return fact;
  const normal = studies.filter((s) => s.reading.ok && !s.reading.value.steatosis);
  if (normal.length === 0) return fact;
  // The newest moment any normal study may have been made; undated, it may be the latest.
  const studyEnd = Math.max(...normal.map((s) => (s.date ? lastInstant(s.date) : Infinity)));
  const recordStarts = fact.evidence.map((e) => {
    const d = readFhirDate(e.date);
    return typeof d === 'object' ? d.ms : -Infinity;
  });
  if (recordStarts.some((ms) => ms > studyEnd)) return fact;
  const newest = [...normal].sort((a, b) => (b.date?.ms ?? Infinity) - (a.date?.ms ?? Infinity))[0]!;
  const when = newest.date ? ` (${newest.date.text})` : ' (undated)';
  return unknown(
    `a liver study as recent as the problem-list entry, ${newest.label}${when}, shows no steatosis: confirm it is still there`,
    [...fact.evidence],
  );
}
