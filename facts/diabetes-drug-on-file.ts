import { known, unknown, type Evidence, type Fact } from './fact.js';
import { daysSinceMs } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import { DIABETES_DRUG_SETS } from './diabetes-drug-sets.js';
import { INSULIN_SETS } from './insulin-roles.js';
import type { MedicationUses } from './medication-uses.js';

/** A record's start, or an undated order's validity start: the drug was prescribed by then. */
function orValidity(u: { start: DateBounds; validFrom?: DateBounds | undefined; evidence: Evidence }): {
  start: DateBounds;
  evidence: Evidence;
} {
  return { start: u.start.end === undefined && u.validFrom ? u.validFrom : u.start, evidence: u.evidence };
}

/**
 * How many days a drug of some value sets has been on file at least: since the earliest start date
 * among the current orders and statements, those in doubt (on hold, a status that says nothing, a
 * supply run out), and those given at home that ran their course (ended-diabetes-drug.ts), or 0
 * when none of them is dated (or there is none).
 * It is a proven minimum, never a guess: a record that says nothing of when it began adds
 * nothing. NCT05153070 asks for a type 1 diabetes diagnosed under 3 months ago; a review
 * (2026-12-07) found a type 1 code entered last month on a record whose insulin statement runs
 * since 2020, and the trial card shown; another, one beside gliclazide taken since 2021. Unknown
 * when the orders were not all read (not loaded, or cut at the page cap): an unseen page could
 * hold an older one.
 */
function onFileDays(uses: MedicationUses, now: Date, insulinOnly: boolean): Fact<number> {
  if (uses.unproven) return unknown(uses.unproven);
  let earliest: number | undefined;
  let evidence: Evidence[] = [];
  const sets = insulinOnly ? INSULIN_SETS : DIABETES_DRUG_SETS;
  const records = [
    ...uses.uses.filter((u) => u.ids.some((id) => sets.has(id))).map(orValidity),
    // A record in doubt (on hold, a status that says nothing, a supply run out) still shows the
    // drug prescribed by its start: a review of NCT05153070 (2026-12-07) found insulin on hold since
    // 2021 beside a type 1 code of last month, and the card shown. A single dose dates nothing.
    ...uses.doubtful.flatMap((u) =>
      (u.start ?? u.validFrom) && !u.oneDose && u.ids.some((id) => sets.has(id))
        ? [orValidity({ start: u.start ?? {}, validFrom: u.validFrom, evidence: u.evidence })]
        : [],
    ),
    // A drug given at home that ran its course shows the diabetes treated since it began.
    ...uses.endedDiabetesDrugs.filter((u) => !insulinOnly || u.insulin),
  ];
  for (const u of records) {
    // `end` is the latest the record can have begun: a date written to the month began by its last day.
    const began = u.start.end;
    if (began === undefined) continue;
    if (earliest === undefined || began < earliest) {
      earliest = began;
      evidence = [u.evidence];
    }
  }
  return known(earliest === undefined ? 0 : daysSinceMs(earliest, now), evidence);
}

/** How many days insulin has been on file at least. */
export function insulinOnFileDays(uses: MedicationUses, now: Date): Fact<number> {
  return onFileDays(uses, now, true);
}

/** How many days a drug for diabetes, insulin or any other, has been on file at least. */
export function diabetesDrugOnFileDays(uses: MedicationUses, now: Date): Fact<number> {
  return onFileDays(uses, now, false);
}
