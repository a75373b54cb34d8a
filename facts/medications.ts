import type { RuleValue } from '../rules/condition-evaluator.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { known, unknown, type Fact } from './fact.js';
import { compareDoses } from './dose-comparison.js';
import { daysSinceMs } from './fhir-date.js';
import { FindingTally, type Tallied } from './finding-tally.js';
import type { MedicationUse, MedicationUses } from './medication-uses.js';
import type { MedicationFinding } from './patient-facts.js';

/** The medication tally over every value set, and the uses behind it, computed once per record. */
export interface MedicationTally {
  readonly tally: FindingTally;
  readonly uses: MedicationUses;
}

/**
 * Tallies the current uses per medication value set. A set that requires a systemic route (the
 * glucocorticoids) counts a use only when it is given systemically; a cream or an inhaler does
 * not count, and a use whose route cannot be told leaves the set unknown.
 */
export function tallyMedications(uses: MedicationUses, valueSets: ValueSetIndex, now: Date): MedicationTally {
  const tally = new FindingTally(now);
  for (const u of uses.uses) {
    for (const id of u.ids) {
      const evidence = u.byNameOnly.has(id) ? { ...u.evidence, confidence: 'low' as const } : u.evidence;
      if (valueSets.all.get(id)?.requiresRoute === 'systemic' && u.route !== 'systemic') {
        if (u.route === 'unknown')
          tally.doubt(id, `${u.evidence.resourceType}/${u.evidence.id} (route not stated)`, evidence);
        continue;
      }
      tally.count(id, evidence, u.start);
    }
  }
  for (const d of uses.doubtful) for (const id of d.ids) tally.doubt(id, d.label, d.evidence);
  for (const label of uses.unreadable) tally.doubtAll(label);
  return { tally, uses };
}

/**
 * Days the drugs of a set have been on an unchanged dose: since the start of the latest record
 * whose dose differs from the one before it (by start date), else since the earliest start; a
 * range when two records' doses cannot be compared (facts/dose-comparison.ts). A record whose successive dosage steps change the dose (a loading dose, a titration) changed it
 * itself: the dose stands at most since its last step began. Unknown when a current record has
 * no start date or no readable dose, or when a stepped record does not tell when its last step
 * began.
 */
function stableDays(uses: readonly MedicationUse[], id: string, now: Date): RuleValue | string {
  const records = uses.filter((u) => u.ids.includes(id));
  if (records.some((u) => u.start.end === undefined)) return 'a current record has no start date';
  if (records.some((u) => u.dosage.stepChange && u.dosage.stepChange.lastStepStart === undefined))
    return 'a current record changes the dose in steps whose dates cannot be told';
  // One record without steps cannot show a change: the dose has stood since it began.
  if (records.length > 1 && records.some((u) => u.dosage.doseSignature === undefined))
    return 'a current record states no dose, so a change cannot be ruled out';
  // The dose is the product's strength times the amount given: either changing changes it.
  // A stepped record's dose is its last step's, the dose taken once the steps have run.
  // `since` is the earliest record the dose may have stood since, `latest` the latest: they part
  // when two records' doses cannot be compared, and the days on the dose are then a range.
  const sorted = [...records].sort((a, b) => (a.start.end ?? 0) - (b.start.end ?? 0));
  let since = sorted[0];
  if (!since) return 'no current record';
  let latest = since;
  for (let i = 1; i < sorted.length; i++) {
    const change = compareDoses(sorted[i]!, sorted[i - 1]!);
    if (change === 'different') since = sorted[i]!;
    if (change !== 'same') latest = sorted[i]!;
  }
  let low = daysSinceMs(latest.start.end!, now);
  let high = since.start.start === undefined ? undefined : daysSinceMs(since.start.start, now);
  // A change inside a record, later than the last change between records, is the latest change.
  for (const u of records) {
    const at = u.dosage.stepChange?.lastStepStart;
    if (at === undefined) continue;
    const days = daysSinceMs(at, now);
    if (days < low) low = days;
    if (high === undefined || days < high) high = days;
  }
  // A change told in words on a record ("Augmenté à 1 cp matin, midi et soir depuis le 28/10") has
  // no record of its own to date it: it came after that record began, so the dose has stood at
  // most since then, and perhaps only since today (a review of French records, 2026-12-07, found
  // it read as a dose unchanged since the order).
  for (const u of records) {
    if (!u.doseChangedInWords) continue;
    const began = u.start.start === undefined ? undefined : daysSinceMs(u.start.start, now);
    low = 0;
    if (began !== undefined && (high === undefined || began < high)) high = began;
  }
  return high === undefined ? { low } : low === high ? low : { low, high };
}

/** The fact of one medication value set: active, since when, and on a stable dose since when. */
export function medicationFact(med: MedicationTally, id: string, now: Date): Fact<MedicationFinding> {
  const fact: Fact<Tallied> = med.tally.fact(id, med.uses.unproven);
  if (!fact.known) return fact;
  const { present, days } = fact.value;
  if (!present) return known({ active: false }, []);
  const stable = stableDays(med.uses.uses, id, now);
  return known(
    {
      active: true,
      ...(days !== undefined ? { startedDays: days } : {}),
      ...(typeof stable === 'string' ? { unstableReason: stable } : { stableDays: stable }),
    },
    fact.evidence,
  );
}

/** A medication fact when the tally could not be made. */
export const MEDICATIONS_NOT_READ: Fact<MedicationFinding> = unknown('medications were not read');
