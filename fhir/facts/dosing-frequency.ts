import { readConcept } from './coding.js';
import { asList, asNumber, asObject } from './json-value.js';
import { readQuantity } from './quantity.js';
import { isHourUnit, isInsulinRateUnit, isInsulinUnit } from './units.js';

/** What a dosage list says about injections: scheduled per day, as needed, or a rate (pump). */
export interface DosageSummary {
  /** Scheduled injections per day; undefined when some scheduled entry states no readable schedule. */
  readonly injectionsPerDay?: number;
  /** Every entry is as-needed (sliding scale). */
  readonly asNeeded: boolean;
  /** Some entry gives the dose as a rate in insulin units per hour: a pump (CLINICAL.md card A, 5). */
  readonly dosedAsRate: boolean;
  /** Why the schedule could not be read, for the data-quality log. */
  readonly problem?: string;
}

const GTS = 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation';

// HL7 v3 GTSAbbreviation codes of the FHIR TimingAbbreviation value set, as events per day.
const PER_DAY_BY_CODE: ReadonlyMap<string, number> = new Map([
  ['QD', 1],
  ['AM', 1],
  ['PM', 1],
  ['BED', 1],
  ['BID', 2],
  ['TID', 3],
  ['QID', 4],
  ['QOD', 0.5],
  ['Q1H', 24],
  ['Q2H', 12],
  ['Q3H', 8],
  ['Q4H', 6],
  ['Q6H', 4],
  ['Q8H', 3],
  ['WK', 1 / 7],
  ['MO', 1 / 30],
]);
const TIMING_CODES: ReadonlySet<string> = new Set(PER_DAY_BY_CODE.keys());

// Timing.repeat.periodUnit (UCUM) in days.
const UNIT_DAYS: ReadonlyMap<string, number> = new Map([
  ['s', 1 / 86_400],
  ['min', 1 / 1440],
  ['h', 1 / 24],
  ['d', 1],
  ['wk', 7],
  ['mo', 30],
  ['a', 365],
]);

// EventTiming codes naming one moment of the day. The generic meal codes AC, PC and C do not say
// how many meals, so they give a count only together with repeat.frequency.
const GENERIC_MEAL = new Set(['AC', 'PC', 'C']);

/** Events per day from Timing.repeat, or undefined when it does not say. */
function perDayFromRepeat(repeat: Record<string, unknown>): number | undefined {
  const frequency = asNumber(repeat.frequency);
  const period = asNumber(repeat.period);
  const unitDays = typeof repeat.periodUnit === 'string' ? UNIT_DAYS.get(repeat.periodUnit) : undefined;
  if ((frequency !== undefined && frequency <= 0) || (period !== undefined && period <= 0)) return undefined;
  const moments = new Set<string>();
  for (const w of asList(repeat.when) ?? []) if (typeof w === 'string' && !GENERIC_MEAL.has(w)) moments.add(w);
  for (const t of asList(repeat.timeOfDay) ?? []) if (typeof t === 'string') moments.add(`@${t}`);
  // Without a period, `when` / `timeOfDay` moments are daily; a frequency alone says nothing.
  const periodDays =
    period !== undefined && unitDays !== undefined ? period * unitDays : moments.size > 0 ? 1 : undefined;
  if (periodDays === undefined) return undefined;
  // Writers put when [ACM, ACD, ACV] with frequency 1 or 3 per day and mean 3 either way.
  const events = Math.max(moments.size, frequency ?? 0);
  return events > 0 ? events / periodDays : undefined;
}

/** Events per day from a Timing: repeat first, else its abbreviation code (FHIR: either may be used). */
export function timingPerDay(timing: unknown): number | undefined {
  const t = asObject(timing);
  if (!t) return undefined;
  const repeat = asObject(t.repeat);
  const fromRepeat = repeat ? perDayFromRepeat(repeat) : undefined;
  if (fromRepeat !== undefined) return fromRepeat;
  const code = readConcept(t.code);
  const hit = code.codings.find(
    (c) => c.code !== undefined && TIMING_CODES.has(c.code) && (!c.system || c.system === GTS),
  );
  return hit?.code !== undefined ? PER_DAY_BY_CODE.get(hit.code) : undefined;
}

/** Whether a Dosage.doseAndRate gives the dose as units per hour. */
function isRate(doseAndRate: unknown): boolean {
  for (const item of asList(doseAndRate) ?? []) {
    const dr = asObject(item);
    if (!dr) continue;
    const q = readQuantity(dr.rateQuantity);
    if (typeof q !== 'string' && isInsulinRateUnit(q.unit)) return true;
    const ratio = asObject(dr.rateRatio);
    const num = readQuantity(ratio?.numerator);
    const den = readQuantity(ratio?.denominator);
    if (typeof num !== 'string' && typeof den !== 'string' && isInsulinUnit(num.unit) && isHourUnit(den.unit))
      return true;
    const range = asObject(dr.rateRange);
    const low = readQuantity(range?.low);
    if (typeof low !== 'string' && isInsulinRateUnit(low.unit)) return true;
  }
  return false;
}

interface EntryReading {
  readonly sequence: string;
  readonly asNeeded: boolean;
  readonly rate: boolean;
  readonly perDay?: number;
}

function readEntry(item: unknown): EntryReading | undefined {
  const d = asObject(item);
  if (!d) return undefined;
  const sequence = typeof d.sequence === 'number' ? String(d.sequence) : '';
  // Dosage.asNeeded[x]: a true boolean or any coded reason means "only when needed".
  const asNeeded = d.asNeededBoolean === true || d.asNeededCodeableConcept !== undefined;
  return { sequence, asNeeded, rate: isRate(d.doseAndRate), perDay: timingPerDay(d.timing) };
}

/**
 * Injections per day from a Dosage list (MedicationRequest.dosageInstruction or
 * MedicationStatement.dosage). Concurrent entries add up (one per meal, ACM/ACD/ACV). Entries
 * with different `sequence` numbers are successive steps (FHIR Dosage.sequence), so the count is
 * the smallest step's, which never overstates the regimen. As-needed and rate entries schedule
 * no injections.
 */
export function summariseDosage(dosages: unknown): DosageSummary {
  const list = asList(dosages);
  if (list === null) return { asNeeded: false, dosedAsRate: false, problem: 'dosage is not a list' };
  const entries: EntryReading[] = [];
  for (const item of list) {
    const e = readEntry(item);
    if (!e) return { asNeeded: false, dosedAsRate: false, problem: 'dosage entry is not an object' };
    entries.push(e);
  }
  const dosedAsRate = entries.some((e) => e.rate);
  if (entries.length === 0) return { asNeeded: false, dosedAsRate, problem: 'no dosage instructions' };
  const asNeeded = entries.every((e) => e.asNeeded);
  const steps = new Map<string, number | undefined>();
  for (const e of entries) {
    const before = steps.has(e.sequence) ? steps.get(e.sequence) : 0;
    const add = e.asNeeded || e.rate ? 0 : e.perDay;
    steps.set(e.sequence, before === undefined || add === undefined ? undefined : before + add);
  }
  const counts = [...steps.values()];
  if (counts.some((c) => c === undefined)) {
    return { asNeeded, dosedAsRate, problem: 'a scheduled dosage entry has no readable timing' };
  }
  const injectionsPerDay = Math.min(...(counts as number[]));
  return { injectionsPerDay: Math.round(injectionsPerDay * 1000) / 1000, asNeeded, dosedAsRate };
}
