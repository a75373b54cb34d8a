import { summariseDosage } from './dosing-frequency.js';
import { asList, asObject } from './json-value.js';
import { readQuantity } from './quantity.js';

// Insulin units as EHRs write them: UCUM [iU] or U, "units", French "UI" and "unités".
const UNIT_RE = /^(?:\[iu\]|iu|u|ui|units?|unit(?:é|e)s?)$/i;

/** Units of one dosage entry's dose: a single doseQuantity in insulin units, else undefined. */
function entryUnits(entry: unknown): number | undefined {
  const doses = asList(asObject(entry)?.doseAndRate) ?? [];
  if (doses.length !== 1) return undefined;
  const q = readQuantity(asObject(doses[0])?.doseQuantity);
  if (typeof q === 'string' || q.comparator !== undefined || !UNIT_RE.test(q.unit)) return undefined;
  return q.value;
}

/**
 * Scheduled insulin units a day of one order or statement: for each dosage entry, its dose times
 * its injections a day. Undefined when any entry has no single dose in units, no readable
 * schedule, or is as needed: a dose that cannot be read is never compared.
 */
export function dailyInsulinUnits(resource: unknown, dosageField = 'dosageInstruction'): number | undefined {
  const entries = asList(asObject(resource)?.[dosageField]) ?? [];
  if (entries.length === 0) return undefined;
  let total = 0;
  for (const entry of entries) {
    const units = entryUnits(entry);
    const schedule = summariseDosage([entry]);
    if (units === undefined || schedule.asNeeded || schedule.injectionsPerDay === undefined) return undefined;
    total += units * schedule.injectionsPerDay;
  }
  return total;
}
