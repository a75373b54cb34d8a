import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { stopDatesInText } from './dosage-text.js';
import { boundsPeriodEnd, durationDays } from './dosing-frequency.js';
import type { Evidence } from './fact.js';
import { DAY_MS, lastInstant, readFhirDate, readPastDate, spanOf } from './fhir-date.js';
import { asList, asNumber, asObject } from './json-value.js';
import { INSULIN_SETS } from './insulin-roles.js';
import { matchDrug } from './medication-match.js';
import type { DoubtfulUse, MedicationUse } from './medication-uses.js';
import { drugSource } from './medication-source.js';
import { namesPumpSupply } from './pump-supply.js';
import { resourceId, resourceLabel } from './resource-label.js';
import { routeOf } from './route.js';

/**
 * Orders and statements of a drug that ran its course (completed, stopped, their period over),
 * for the value sets whose stop still matters: a drug that acts on after its last dose (a weekly
 * GLP-1 agonist), one given in courses (glucocorticoids), one whose dose must have stood still
 * for months (the steatogenic drugs). When the course ended decides: a known date, or the span
 * the stop lies in when no record dates it.
 */

// FHIR R4 MedicationRequest.intent: a proposal or an option orders nothing.
export const REQUEST_NOT_INTENTS: ReadonlySet<string> = new Set(['proposal', 'option']);

/** Statuses of an order or statement that was given and is over (not one never given or in error). */
const OVER = new Set(['completed', 'stopped']);

/**
 * A prescription marked completed with no supply to date it (Oracle Health marks it so once it is
 * sent or dispensed): taken at most this long after it was written, a month's supply.
 */
const UNDATED_SUPPLY_DAYS = 30;

/** Whether a period's end has passed. */
export function periodEnded(end: unknown, now: Date): boolean {
  const d = readFhirDate(end);
  return typeof d === 'object' && lastInstant(d) < now.getTime();
}

/**
 * The last instant a completed order's supply may last: authoredOn plus the expected supply
 * duration, once for the first fill and once per repeat allowed. Undefined when the order does
 * not say how long its supply lasts.
 */
export function supplyEnd(r: Record<string, unknown>): number | undefined {
  const dispense = asObject(r.dispenseRequest);
  const days = durationDays(dispense?.expectedSupplyDuration);
  const authored = readFhirDate(r.authoredOn);
  if (days === undefined || typeof authored !== 'object') return undefined;
  const repeats = asNumber(dispense?.numberOfRepeatsAllowed);
  const fills = 1 + (repeats !== undefined && repeats > 0 ? Math.floor(repeats) : 0);
  return lastInstant(authored) + fills * days * DAY_MS;
}

/** Whether an ignored order or statement was a real course that is over (so its date may still count). */
export function courseOver(r: Record<string, unknown>, type: string, now: Date): boolean {
  if (r.doNotPerform === true) return false;
  const { status } = r;
  if (type === 'MedicationRequest') {
    if (typeof r.intent === 'string' && REQUEST_NOT_INTENTS.has(r.intent)) return false;
    if (typeof status === 'string' && OVER.has(status)) return true;
    return status === 'active' && periodEnded(asObject(asObject(r.dispenseRequest)?.validityPeriod)?.end, now);
  }
  if (typeof status === 'string' && OVER.has(status)) return true;
  return status === 'active' && periodEnded(asObject(r.effectivePeriod)?.end, now);
}

/**
 * The latest end its dosage lines' bounds give (Timing.repeat.boundsPeriod.end), as Epic and French
 * prescribing systems write a stop: a GLP-1 agonist stopped 20 days ago with its stop there only
 * was dated by its order, written two years before, and its 35 days had run out (a review,
 * 2026-12-07).
 */
function dosageBoundsEnd(r: Record<string, unknown>): string | undefined {
  let latest: { text: string; at: number } | undefined;
  for (const d of asList(r.dosageInstruction ?? r.dosage) ?? []) {
    const end = boundsPeriodEnd(asObject(d)?.timing);
    const read = end === undefined ? undefined : readFhirDate(end);
    if (end !== undefined && typeof read === 'object' && (latest === undefined || spanOf(read).end > latest.at))
      latest = { text: end, at: spanOf(read).end };
  }
  return latest?.text;
}

/** The last instant of a past (or present) date field, capped at now; undefined when absent or unreadable. */
function lastOf(value: unknown, now: Date): number | undefined {
  if (value === undefined || value === null) return undefined;
  const d = readPastDate(value, now);
  return typeof d === 'object' ? Math.min(spanOf(d).end, now.getTime()) : undefined;
}

/** The first instant of a date field; undefined when absent or unreadable. */
function firstOf(value: unknown, now: Date): number | undefined {
  if (value === undefined || value === null) return undefined;
  const d = readPastDate(value, now);
  return typeof d === 'object' ? spanOf(d).start : undefined;
}

/**
 * When a course ended: between `from` and `to` (epoch ms; `from` undefined when nothing dates its
 * start). The two are one instant when a record dates the end: its dosage bounds, its period, its
 * prescription's validity; a stop written in its status reason or notes gives the days it may fall
 * on; a statement's effective instant begins the span that its assertion ends. Otherwise the stop came after the course began and before the record last
 * said so: when it was last updated, a statement's assertion, or a completed prescription's
 * supply; a stopped order with none of these may have stopped today. A statement with no
 * effective[x] is dated by its assertion alone, as its end.
 */
export function courseEnd(
  r: Record<string, unknown>,
  type: string,
  notes: readonly string[],
  now: Date,
): { readonly from?: number; readonly to: number } {
  for (const v of [
    dosageBoundsEnd(r),
    asObject(r.effectivePeriod)?.end,
    asObject(asObject(r.dispenseRequest)?.validityPeriod)?.end,
  ]) {
    const at = lastOf(v, now);
    if (at !== undefined) return { from: at, to: at };
  }
  // A statement's instant says when the drug was taken, not that it stopped then: the stop lies
  // between it and the day the statement was made (a regression review, 2026-12-07, found a
  // completed statement "taken" two years ago, asserted last week, read as stopped two years ago).
  const instant = type === 'MedicationStatement' ? lastOf(r.effectiveDateTime, now) : undefined;
  if (instant !== undefined) {
    const said = [lastOf(r.dateAsserted, now), lastOf(asObject(r.meta)?.lastUpdated, now)].filter(
      (t): t is number => t !== undefined && t > instant,
    );
    return { from: instant, to: Math.min(now.getTime(), Math.max(instant, ...said)) };
  }
  const stops = notes.flatMap(stopDatesInText).filter((at) => at <= now.getTime());
  if (stops.length > 0) return { from: Math.min(...stops), to: Math.max(...stops) + DAY_MS - 1 };
  const from =
    type === 'MedicationRequest'
      ? firstOf(r.authoredOn, now)
      : (firstOf(asObject(r.effectivePeriod)?.start, now) ?? lastOf(r.dateAsserted, now));
  const saidBy = [lastOf(asObject(r.meta)?.lastUpdated, now)];
  if (type === 'MedicationStatement') saidBy.push(lastOf(r.dateAsserted, now));
  else if (r.status === 'completed')
    saidBy.push(supplyEnd(r) ?? (from === undefined ? undefined : from + UNDATED_SUPPLY_DAYS * DAY_MS));
  const to = Math.min(now.getTime(), ...saidBy.filter((t): t is number => t !== undefined));
  return from === undefined || from <= to ? { ...(from !== undefined ? { from } : {}), to } : { from: to, to };
}

/**
 * How long pump supplies (pods, reservoirs, infusion sets) ordered or dispensed keep a pump in
 * doubt once their order is over: EHRs complete a supply order once it is sent or dispensed, and
 * pods dispensed last month show a pump in use (a review of pump records, 2026-12-07).
 */
const PUMP_SUPPLY_RECENT_DAYS = 180;

/** A value set whose ended courses still count, or leave it in doubt, for some days. */
export interface CourseSet {
  readonly id: string;
  readonly endedCountsForDays?: number;
  readonly endedDoubtForDays?: number;
}

/** What an ended course says of its drug's value sets: a use to count, sets left in doubt, or both. */
export interface EndedCourse {
  readonly use?: Omit<MedicationUse, 'dosage'>;
  readonly doubt?: DoubtfulUse;
  /** Pump supplies whose order ended recently: a pump may be in use (facts/pump-supply.ts). */
  readonly pumpSupply?: string;
}

/**
 * An ended order or statement of a drug in some course sets. A set with `endedCountsForDays`
 * counts the course as a use when it surely ended within that many days, and is in doubt when it
 * may have (a stop the record does not date). A set with `endedDoubtForDays` is in doubt when the
 * course may have ended within that many days: a steatogenic drug stopped last month was not on
 * an unchanged dose for the last 3 months. The route is read like a current use's, so a finished
 * course of cream still does not count.
 */
export function endedCourse(
  r: Record<string, unknown>,
  type: string,
  dosageKey: string,
  notes: readonly string[],
  record: PatientRecord,
  valueSets: ValueSetIndex,
  courseSets: readonly CourseSet[],
  now: Date,
): EndedCourse | undefined {
  const source = drugSource(r, record);
  if (source.kind !== 'drug') return undefined;
  const match = matchDrug(valueSets, source);
  const sets = courseSets.filter((v) => match.ids.includes(v.id));
  const supply = !match.ids.some((id) => INSULIN_SETS.has(id)) && match.words.some(namesPumpSupply);
  if (sets.length === 0 && !supply) return undefined;
  const { from, to } = courseEnd(r, type, notes, now);
  const daysAgo = (at: number) => (now.getTime() - at) / DAY_MS;
  if (supply)
    return daysAgo(to) <= PUMP_SUPPLY_RECENT_DAYS
      ? { pumpSupply: `${resourceLabel(r, type)} (${match.label}, ended within ${PUMP_SUPPLY_RECENT_DAYS} days)` }
      : undefined;
  const counted: string[] = [];
  const doubted: string[] = [];
  for (const v of sets) {
    if (v.endedCountsForDays !== undefined && daysAgo(to) <= v.endedCountsForDays) {
      if (from !== undefined && daysAgo(from) <= v.endedCountsForDays) counted.push(v.id);
      else doubted.push(v.id);
    } else if (v.endedDoubtForDays !== undefined && daysAgo(to) <= v.endedDoubtForDays) doubted.push(v.id);
  }
  const route = routeOf(valueSets, match, r[dosageKey]);
  const needsSystemic = (id: string) => valueSets.all.get(id)?.requiresRoute === 'systemic';
  // A course its route rules out (a cream) is none at all, however it ended.
  const doubtIds = doubted.filter((id) => !(needsSystemic(id) && route === 'local'));
  const last = from ?? to;
  const date = new Date(last).toISOString().slice(0, 10);
  const evidence = (ids: readonly string[]): Evidence => ({
    resourceType: type,
    id: resourceId(r),
    date,
    display: `${match.label} (course ended, counted for ${ids.join(', ')})`,
    confidence: match.confidence,
  });
  const stopText = from === to ? `ended on ${date}` : 'stopped on a date the record does not give';
  return {
    ...(counted.length > 0
      ? {
          use: {
            evidence: evidence(counted),
            ids: counted,
            byNameOnly: new Set(counted.filter((id) => match.byNameOnly.has(id))),
            start: { start: last, end: last, text: date },
            route,
            product: `${match.label.toLowerCase()} (ended course)`,
            pumpWords: false,
          },
        }
      : {}),
    ...(doubtIds.length > 0
      ? {
          doubt: {
            ids: doubtIds,
            label: resourceLabel(r, type),
            evidence: { ...evidence(doubtIds), display: `${match.label} (course ${stopText})` },
            why: `${stopText}: it may have been taken within the days that still count`,
          },
        }
      : {}),
  };
}
