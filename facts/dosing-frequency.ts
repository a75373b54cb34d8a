import { readConcept } from './coding.js';
import {
  capsDoseCount,
  dosageTextSchedule,
  isAsNeededText,
  isFeedingText,
  isHeldText,
  mentionsPump,
} from './dosage-text.js';
import { DAY_MS, lastInstant, readFhirDate, spanOf } from './fhir-date.js';
import { asList, asNumber, asObject, asString } from './json-value.js';
import { readQuantity } from './quantity.js';
import { isHourUnit, isInsulinRateUnit, isInsulinUnit } from './units.js';

/** What a dosage list says about injections: scheduled per day, as needed, or a rate (pump). */
export interface DosageSummary {
  /** Scheduled injections per day; undefined when some scheduled entry states no readable schedule. */
  readonly injectionsPerDay?: number;
  /**
   * The moments of the day the injections are given (breakfast, lunch, dinner, bedtime, or a
   * clock time), when every scheduled entry names them: two records of one drug then add up
   * only where their moments differ.
   */
  readonly moments?: ReadonlySet<string>;
  /** Every entry is as-needed (the asNeeded flag, a dose range from 0, or sliding-scale wording). */
  readonly asNeeded: boolean;
  /** Some entry gives the dose as a rate in insulin units per hour: a pump. */
  readonly dosedAsRate: boolean;
  /** Some entry's words say the insulin runs through a pump (a basal rate, "pompe", units per hour). */
  readonly mentionsPump?: boolean;
  /** The schedule was read from free text: lower-confidence evidence. */
  readonly fromText: boolean;
  /** Every entry's bounds (boundsPeriod, boundsDuration from the start) ended before now. */
  readonly ended: boolean;
  /**
   * Every entry's boundsPeriod starts more than a day after now (a planned start): the date the
   * first one starts, as written. The drug is not taken yet.
   */
  readonly startsOn?: string;
  /**
   * One step whose every entry's boundsPeriod began on a day now past: the last instant of that
   * day (epoch ms). The schedule runs since then, whenever the record itself was written.
   */
  readonly boundsSince?: number;
  /** Some entry's words say the dose is on hold or not to be taken ("DO NOT TAKE", "suspendu"). */
  readonly held?: boolean;
  /** The doses as written (amount, unit and schedule of every entry), to see a dose change; undefined when unreadable. */
  readonly doseSignature?: string;
  /**
   * Every entry's single dose quantity and doses a day (when its schedule is read), when each entry
   * gives one and the dose does not change in steps: what a daily amount is computed from
   * (facts/dose-comparison.ts).
   */
  readonly amounts?: readonly DoseAmount[];
  /**
   * The dosage holds successive steps (Dosage.sequence) whose dose or frequency differ (a loading
   * dose, a titration): the dose changed inside this one record. `lastStepStart` is when the last
   * step begins (epoch ms), when the record's start and the earlier steps' bounds give it.
   */
  readonly stepChange?: { readonly lastStepStart?: number; readonly lastStepSignature?: string };
  /** Why the schedule could not be read, for the data-quality log. */
  readonly problem?: string;
}

/**
 * One dosage entry's dose, given `perDay` times a day: an amount in a unit (the UCUM code, else
 * the unit as written) and the unit's words when they differ, both in lower case.
 */
export interface DoseAmount {
  readonly value: number;
  readonly unit: string;
  readonly unitText?: string;
  /** Undefined when the entry's schedule cannot be read. */
  readonly perDay?: number;
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
// A dose more often than every 12 hours, day and night, is not timed by meals (see readRepeat).
const AROUND_THE_CLOCK_CODES: ReadonlySet<string> = new Set(['Q1H', 'Q2H', 'Q3H', 'Q4H', 'Q6H', 'Q8H']);
const AROUND_THE_CLOCK_DAYS = 0.5;

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

// EventTiming codes naming one moment of the day, grouped by the meal or moment they belong to
// (before, with and after breakfast are one injection moment). The generic meal codes AC, PC and C
// do not say how many meals, so they give a count only together with repeat.frequency.
const MOMENT_OF_WHEN: ReadonlyMap<string, string> = new Map([
  ['ACM', 'breakfast'],
  ['CM', 'breakfast'],
  ['PCM', 'breakfast'],
  ['ACD', 'lunch'],
  ['CD', 'lunch'],
  ['PCD', 'lunch'],
  ['ACV', 'dinner'],
  ['CV', 'dinner'],
  ['PCV', 'dinner'],
  ['HS', 'bedtime'],
  ['MORN', 'morning'],
  ['MORN.early', 'morning'],
  ['MORN.late', 'morning'],
  ['NOON', 'lunch'],
  ['AFT', 'afternoon'],
  ['AFT.early', 'afternoon'],
  ['AFT.late', 'afternoon'],
  ['EVE', 'evening'],
  ['EVE.early', 'evening'],
  ['EVE.late', 'evening'],
  ['NIGHT', 'night'],
  ['PHS', 'bedtime'],
  ['WAKE', 'morning'],
]);
const GENERIC_MEAL = new Set(['AC', 'PC', 'C']);

/** Events per day and moments from Timing.repeat, or undefined when it does not say. */
function readRepeat(repeat: Record<string, unknown>): { perDay?: number; moments?: Set<string> } {
  const frequency = asNumber(repeat.frequency);
  const period = asNumber(repeat.period);
  const unitDays = typeof repeat.periodUnit === 'string' ? UNIT_DAYS.get(repeat.periodUnit) : undefined;
  if ((frequency !== undefined && frequency <= 0) || (period !== undefined && period <= 0)) return {};
  // "1 to 3 times a day" (frequency 1, frequencyMax 3) or "every 4 to 6 hours" (periodMax) says no
  // one count: read as unreadable rather than as its lower end, which could decide a threshold.
  const frequencyMax = asNumber(repeat.frequencyMax);
  const periodMax = asNumber(repeat.periodMax);
  if (frequencyMax !== undefined && frequencyMax !== frequency) return {};
  if (periodMax !== undefined && periodMax !== period) return {};
  const moments = new Set<string>();
  for (const w of asList(repeat.when) ?? []) {
    if (typeof w !== 'string' || GENERIC_MEAL.has(w)) continue;
    moments.add(MOMENT_OF_WHEN.get(w) ?? w);
  }
  for (const t of asList(repeat.timeOfDay) ?? []) if (typeof t === 'string') moments.add(`@${t.slice(0, 5)}`);
  // Without a period, `when` / `timeOfDay` moments are daily; a frequency alone says nothing.
  const periodDays =
    period !== undefined && unitDays !== undefined ? period * unitDays : moments.size > 0 ? 1 : undefined;
  if (periodDays === undefined) return {};
  // Every few hours around the clock (q4h, q6h, q8h: insulin with continuous tube feeds or a
  // correction every 4 hours) is no meal-timed schedule: its count says nothing of MDI.
  if (moments.size === 0 && periodDays < AROUND_THE_CLOCK_DAYS) return {};
  // Writers put when [ACM, ACD, ACV] with frequency 1 or 3 per day and mean 3 either way.
  const events = Math.max(moments.size, frequency ?? 0);
  if (events <= 0) return {};
  // Only some days of the week (dayOfWeek ["sun"]): the injections of those days, spread over the week.
  const days = new Set((asList(repeat.dayOfWeek) ?? []).filter((d) => typeof d === 'string'));
  const weekShare = days.size > 0 && days.size < 7 ? days.size / 7 : 1;
  const perDay = (events / periodDays) * weekShare;
  if (weekShare < 1) return { perDay };
  // Moments name daily injections only when they account for all of them.
  return moments.size > 0 && moments.size === events && periodDays === 1 ? { perDay, moments } : { perDay };
}

/** Events per day from a Timing: repeat first, else its abbreviation code (FHIR: either may be used). */
export function timingPerDay(timing: unknown): number | undefined {
  return readTiming(timing).perDay;
}

function readTiming(timing: unknown): { perDay?: number; moments?: Set<string> } {
  const t = asObject(timing);
  if (!t) return {};
  const repeat = asObject(t.repeat);
  const fromRepeat = repeat ? readRepeat(repeat) : {};
  if (fromRepeat.perDay !== undefined) return fromRepeat;
  const code = readConcept(t.code);
  const hit = code.codings.find(
    (c) => c.code !== undefined && TIMING_CODES.has(c.code) && (!c.system || c.system === GTS),
  );
  if (hit?.code === undefined || AROUND_THE_CLOCK_CODES.has(hit.code)) return {};
  return { perDay: PER_DAY_BY_CODE.get(hit.code) };
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

/** A dose range starting at 0 ("0 to 10 units") is a correction scale, whatever the flag says. */
function startsAtZero(doseAndRate: unknown): boolean {
  return (asList(doseAndRate) ?? []).some((item) => {
    const low = asObject(asObject(asObject(item)?.doseRange)?.low);
    return low !== undefined && low.value === 0;
  });
}

/** The dose of one entry as written, e.g. "10 [iU]" or "4-10 [iU]"; undefined when it gives none. */
function doseText(doseAndRate: unknown): string | undefined {
  const parts: string[] = [];
  for (const item of asList(doseAndRate) ?? []) {
    const dr = asObject(item);
    const q = readQuantity(dr?.doseQuantity);
    if (typeof q !== 'string') parts.push(`${q.value} ${q.unit}`);
    const range = asObject(dr?.doseRange);
    const low = readQuantity(range?.low);
    const high = readQuantity(range?.high);
    if (typeof low !== 'string' || typeof high !== 'string')
      parts.push(`${typeof low === 'string' ? '' : low.value}-${typeof high === 'string' ? '' : high.value}`);
  }
  return parts.length > 0 ? parts.join('+') : undefined;
}

/** The dose of an entry holding one exact doseQuantity (no range, no comparator), else undefined. */
function singleDose(doseAndRate: unknown): Omit<DoseAmount, 'perDay'> | undefined {
  const list = asList(doseAndRate);
  if (list?.length !== 1) return undefined;
  const q = readQuantity(asObject(list[0])?.doseQuantity);
  if (typeof q === 'string' || q.comparator !== undefined) return undefined;
  const unitText = q.unitText?.trim().toLowerCase();
  return { value: q.value, unit: q.unit.toLowerCase(), ...(unitText ? { unitText } : {}) };
}

// Duration units as EHRs write them beside the UCUM code: "days", "jours", "weeks".
const UNIT_WORDS: ReadonlyMap<string, number> = new Map([
  ['day', 1],
  ['days', 1],
  ['jour', 1],
  ['jours', 1],
  ['j', 1],
  ['week', 7],
  ['weeks', 7],
  ['semaine', 7],
  ['semaines', 7],
  ['month', 30],
  ['months', 30],
  ['mois', 30],
  ['hour', 1 / 24],
  ['hours', 1 / 24],
  ['heure', 1 / 24],
  ['heures', 1 / 24],
]);

/** Days in a Duration (boundsDuration, the high end of boundsRange), from its UCUM code or unit words. */
export function durationDays(q: unknown): number | undefined {
  const d = asObject(q);
  const value = asNumber(d?.value);
  if (value === undefined || value < 0) return undefined;
  const code = asString(d?.code);
  const unit = asString(d?.unit)?.trim().toLowerCase();
  const perUnit =
    (code !== undefined ? UNIT_DAYS.get(code) : undefined) ??
    (unit !== undefined ? (UNIT_DAYS.get(unit) ?? UNIT_WORDS.get(unit)) : undefined);
  return perUnit === undefined ? undefined : value * perUnit;
}

/** The end a Timing's bounds give (Timing.repeat.boundsPeriod.end), as written. */
export function boundsPeriodEnd(timing: unknown): string | undefined {
  return asString(asObject(asObject(asObject(timing)?.repeat)?.boundsPeriod)?.end);
}

/**
 * Whether a Timing's bounds ended before now: boundsPeriod.end; or, from the start, boundsDuration,
 * the high end of boundsRange, or `count` occurrences at the stated frequency (3 doses once a day
 * last 3 days).
 */
function boundsEnded(timing: unknown, start: string | undefined, now: Date): boolean {
  const repeat = asObject(asObject(timing)?.repeat);
  if (!repeat) return false;
  const end = readFhirDate(boundsPeriodEnd(timing));
  if (typeof end === 'object') return lastInstant(end) < now.getTime();
  const from = readFhirDate(start);
  if (typeof from !== 'object') return false;
  const count = asNumber(repeat.count);
  const perDay = readRepeat(repeat).perDay;
  const days =
    durationDays(repeat.boundsDuration) ??
    durationDays(asObject(repeat.boundsRange)?.high) ??
    (count !== undefined && count > 0 && perDay !== undefined && perDay > 0 ? count / perDay : undefined);
  if (days === undefined) return false;
  return lastInstant(from) + days * 86_400_000 < now.getTime();
}

/** How long one step lasts and when it begins or ends, from its Timing.repeat bounds. */
function stepBounds(timing: unknown): { lastsDays?: number; boundsStart?: number; boundsEnd?: number } {
  const repeat = asObject(asObject(timing)?.repeat);
  if (!repeat) return {};
  const period = asObject(repeat.boundsPeriod);
  const start = readFhirDate(period?.start);
  const end = readFhirDate(period?.end);
  const count = asNumber(repeat.count);
  const perDay = readRepeat(repeat).perDay;
  const lastsDays =
    durationDays(repeat.boundsDuration) ??
    (count !== undefined && count > 0 && perDay !== undefined && perDay > 0 ? count / perDay : undefined);
  return {
    ...(lastsDays !== undefined ? { lastsDays } : {}),
    ...(typeof start === 'object' ? { boundsStart: spanOf(start).end } : {}),
    ...(typeof end === 'object' ? { boundsEnd: lastInstant(end) } : {}),
  };
}

/**
 * When a one-step dosage began by its own bounds: every entry's boundsPeriod.start, one day, past.
 * Steps are left out: a later step may only change the dose (a titration), not the schedule.
 */
function boundsSinceOf(
  entries: readonly EntryReading[],
  stepChange: DosageSummary['stepChange'],
  now: Date,
): { boundsSince?: number } {
  if (stepChange !== undefined || entries.length === 0) return {};
  const starts = entries.map((e) => e.boundsStart);
  const first = starts[0];
  if (first === undefined || starts.some((s) => s !== first) || first > now.getTime()) return {};
  return { boundsSince: first };
}

/**
 * Whether successive steps (entries with different `sequence`) change the dose or frequency, and
 * when the last step begins: its boundsPeriod.start, the previous step's boundsPeriod.end, or the
 * record's start plus every earlier step's duration. Undefined when there is one step, or when
 * every step gives the same dose at the same frequency.
 */
function readStepChange(entries: readonly EntryReading[], start: string | undefined): DosageSummary['stepChange'] {
  const bySeq = new Map<string, EntryReading[]>();
  for (const e of entries) bySeq.set(e.sequence, [...(bySeq.get(e.sequence) ?? []), e]);
  if (bySeq.size <= 1) return undefined;
  const order = [...bySeq.keys()].sort((a, b) => Number(a) - Number(b));
  const signature = (seq: string) => {
    const list = bySeq.get(seq) ?? [];
    if (list.some((e) => e.dose === undefined || e.perDay === undefined)) return undefined;
    return list
      .map((e) => e.dose)
      .sort()
      .join(' | ');
  };
  const sigs = order.map(signature);
  // A step whose dose or frequency cannot be read may differ from the others: a change.
  if (sigs.every((x) => x !== undefined) && new Set(sigs).size === 1) return undefined;
  const last = bySeq.get(order[order.length - 1]!)!;
  const lastSig = sigs[sigs.length - 1];
  const current = lastSig !== undefined ? { lastStepSignature: lastSig } : {};
  const one = (xs: (number | undefined)[]) =>
    xs.every((x) => x !== undefined) && new Set(xs).size === 1 ? xs[0] : undefined;
  const explicit = one(last.map((e) => e.boundsStart));
  if (explicit !== undefined) return { lastStepStart: explicit, ...current };
  const previous = bySeq.get(order[order.length - 2]!)!;
  const previousEnd = one(previous.map((e) => e.boundsEnd));
  if (previousEnd !== undefined) return { lastStepStart: previousEnd, ...current };
  const from = readFhirDate(start);
  if (typeof from !== 'object') return current;
  // The latest instant the record's start may denote: never a longer stability than shown.
  let at = spanOf(from).end;
  for (const seq of order.slice(0, -1)) {
    const days = one((bySeq.get(seq) ?? []).map((e) => e.lastsDays));
    if (days === undefined) return current;
    at += days * 86_400_000;
  }
  return { lastStepStart: at, ...current };
}

interface EntryReading {
  readonly sequence: string;
  /** Days the entry lasts (boundsDuration, or `count` doses at its frequency), when it says. */
  readonly lastsDays?: number;
  /** boundsPeriod.start and .end as epoch ms (first and last instant), when readable. */
  readonly boundsStart?: number;
  readonly boundsEnd?: number;
  readonly asNeeded: boolean;
  readonly rate: boolean;
  readonly perDay?: number;
  readonly moments?: ReadonlySet<string>;
  readonly fromText: boolean;
  readonly ended: boolean;
  readonly dose?: string;
  readonly amount?: Omit<DoseAmount, 'perDay'>;
  readonly mentionsPump: boolean;
  readonly held: boolean;
  /** boundsPeriod.start, when it lies more than a day after now: its earliest instant and text. */
  readonly startsLater?: { readonly at: number; readonly text: string };
}

/**
 * A boundsPeriod.start more than a day after now (a day for clock and time-zone skew): the
 * schedule is planned, not begun.
 */
function laterStart(timing: unknown, now: Date): EntryReading['startsLater'] {
  const start = readFhirDate(asObject(asObject(asObject(timing)?.repeat)?.boundsPeriod)?.start);
  if (typeof start !== 'object') return undefined;
  const at = spanOf(start).start;
  return at > now.getTime() + DAY_MS ? { at, text: start.text } : undefined;
}

/**
 * The words of a dose's route and method ("Subcutaneous infusion (pump)", "Continuous subcutaneous
 * insulin infusion (CSII)"): read only for a pump, which a review (2026-12-07) found named there and
 * nowhere else in the order, and the boluses counted as injections.
 */
function deliveryWords(d: Record<string, unknown>): string[] {
  return [d.route, d.method]
    .map((c) => readConcept(c))
    .flatMap((c) => [c.text, ...c.codings.map((x) => x.display)])
    .filter((t): t is string => t !== undefined);
}

function readEntry(item: unknown, start: string | undefined, now: Date): EntryReading | undefined {
  const d = asObject(item);
  if (!d) return undefined;
  const sequence = typeof d.sequence === 'number' ? String(d.sequence) : '';
  const texts = [
    asString(d.text),
    asString(d.patientInstruction),
    ...(asList(d.additionalInstruction) ?? [])
      .map((c) => readConcept(c))
      .flatMap((c) => [c.text, ...c.codings.map((x) => x.display)]),
    // doseAndRate.type says how the dose was chosen: "calculated", or a sliding scale by name.
    ...(asList(d.doseAndRate) ?? []).flatMap((dr) => {
      const type = readConcept(asObject(dr)?.type);
      return [type.text, ...type.codings.map((x) => x.display ?? x.code)];
    }),
  ].filter((t): t is string => t !== undefined);
  // Dosage.asNeeded[x]: a true boolean or any coded reason means "only when needed"; so do a dose
  // range from 0 and correction-scale wording, which EHRs often send without the flag.
  const asNeeded =
    d.asNeededBoolean === true ||
    d.asNeededCodeableConcept !== undefined ||
    startsAtZero(d.doseAndRate) ||
    texts.some(isAsNeededText);
  const timing = readTiming(d.timing);
  let { perDay, moments } = timing;
  let fromText = false;
  if (perDay === undefined && d.timing === undefined) {
    // Free text ("8 UI matin, midi et soir", "3 fois par jour", "TID") is read for a schedule, as
    // lower-confidence evidence; text that says nothing readable leaves the schedule unknown. A
    // structured timing that cannot be read is a defect the text does not repair.
    for (const t of texts) {
      const parsed = dosageTextSchedule(t);
      if (parsed) {
        ({ perDay, moments } = parsed);
        fromText = true;
        break;
      }
    }
  }
  // Insulin given with tube feeds or parenteral nutrition follows the feed, not meals, and a dose
  // count capped rather than scheduled ("up to 3 times daily") follows the meals eaten: no count.
  if (texts.some(isFeedingText) || texts.some(capsDoseCount)) {
    perDay = undefined;
    moments = undefined;
  }
  const dose = doseText(d.doseAndRate);
  const amount = singleDose(d.doseAndRate);
  const bounds = stepBounds(d.timing);
  const startsLater = laterStart(d.timing, now);
  return {
    sequence,
    ...bounds,
    asNeeded,
    rate: isRate(d.doseAndRate),
    ...(perDay !== undefined ? { perDay } : {}),
    ...(moments ? { moments } : {}),
    fromText,
    ended: boundsEnded(d.timing, start, now),
    mentionsPump: texts.some(mentionsPump) || deliveryWords(d).some(mentionsPump),
    held: texts.some(isHeldText),
    ...(startsLater ? { startsLater } : {}),
    ...(dose !== undefined ? { dose: `${dose}×${perDay ?? '?'}` } : {}),
    ...(amount !== undefined ? { amount } : {}),
  };
}

/** Each entry's dose and doses a day, when every entry gives a dose and none is as-needed or a rate. */
function entryAmounts(entries: readonly EntryReading[]): DoseAmount[] | undefined {
  const out: DoseAmount[] = [];
  for (const e of entries) {
    if (e.amount === undefined || e.asNeeded || e.rate) return undefined;
    out.push(e.perDay === undefined ? e.amount : { ...e.amount, perDay: e.perDay });
  }
  return out;
}

/**
 * Injections per day from a Dosage list (MedicationRequest.dosageInstruction or
 * MedicationStatement.dosage). Concurrent entries add up (one per meal, ACM/ACD/ACV). Entries
 * with different `sequence` numbers are successive steps (FHIR Dosage.sequence), so the count is
 * the smallest step's, which never overstates the regimen. As-needed and rate entries schedule
 * no injections. `start` is when the order began, for bounds given as a duration.
 */
export function summariseDosage(dosages: unknown, start?: string, now: Date = new Date()): DosageSummary {
  const none = { asNeeded: false, dosedAsRate: false, fromText: false, ended: false };
  const list = asList(dosages);
  if (list === null) return { ...none, problem: 'dosage is not a list' };
  const entries: EntryReading[] = [];
  for (const item of list) {
    const e = readEntry(item, start, now);
    if (!e) return { ...none, problem: 'dosage entry is not an object' };
    entries.push(e);
  }
  const dosedAsRate = entries.some((e) => e.rate);
  const pumpWords = entries.some((e) => e.mentionsPump);
  if (entries.length === 0) return { ...none, dosedAsRate, problem: 'no dosage instructions' };
  const asNeeded = entries.every((e) => e.asNeeded);
  const ended = entries.every((e) => e.ended);
  const fromText = entries.some((e) => e.fromText && !e.asNeeded);
  const signatures = entries.map((e) => e.dose);
  const doseSignature = signatures.every((s) => s !== undefined) ? signatures.sort().join(' | ') : undefined;
  const stepChange = readStepChange(entries, start);
  const amounts = stepChange === undefined ? entryAmounts(entries) : undefined;
  const later = entries.map((e) => e.startsLater);
  const startsOn = later.every((l) => l !== undefined) ? later.reduce((a, b) => (b.at < a.at ? b : a)).text : undefined;
  const common = {
    ...(stepChange ? { stepChange } : {}),
    asNeeded,
    dosedAsRate,
    fromText,
    ended,
    ...(doseSignature ? { doseSignature } : {}),
    ...(amounts ? { amounts } : {}),
    ...(pumpWords ? { mentionsPump: true } : {}),
    ...(entries.some((e) => e.held) ? { held: true } : {}),
    ...(startsOn !== undefined ? { startsOn } : {}),
    ...boundsSinceOf(entries, stepChange, now),
  };
  const steps = new Map<string, number | undefined>();
  const moments = new Set<string>();
  let allMoments = true;
  // An entry whose own bounds have ended, or that starts later while others run now, gives no
  // injection today (a per-meal line stopped in June; a lunch dose to start next month). When all
  // have ended or all start later, the record as a whole says so (`ended`, `startsOn`).
  const allLater = later.every((l) => l !== undefined);
  for (const e of entries) {
    if (e.asNeeded || e.rate) continue;
    if ((e.ended && !ended) || (e.startsLater !== undefined && !allLater)) continue;
    const before = steps.has(e.sequence) ? steps.get(e.sequence) : 0;
    steps.set(e.sequence, before === undefined || e.perDay === undefined ? undefined : before + e.perDay);
    if (e.moments) for (const m of e.moments) moments.add(m);
    else allMoments = false;
  }
  const counts = [...steps.values()];
  if (counts.some((c) => c === undefined)) {
    return { ...common, problem: 'a scheduled dosage entry has no readable timing' };
  }
  const injectionsPerDay = counts.length === 0 ? 0 : Math.min(...(counts as number[]));
  const single = steps.size <= 1 && allMoments && moments.size > 0 && moments.size === injectionsPerDay;
  return {
    ...common,
    injectionsPerDay: Math.round(injectionsPerDay * 1000) / 1000,
    ...(single ? { moments } : {}),
  };
}
