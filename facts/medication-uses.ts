import { annotationTexts } from './annotation-text.js';
import { normaliseText, type ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import type { Standing } from './clinical-status.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { readConcept } from './coding.js';
import {
  isHeldText,
  mentionsPump,
  notePlansPump,
  notePutsOnPump,
  saysDoseChanged,
  oneMealInstructedText,
  skipsDosesText,
  endedUntilInText,
  startsLaterInText,
} from './dosage-text.js';
import { summariseDosage, type DosageSummary } from './dosing-frequency.js';
import type { Evidence } from './fact.js';
import { DAY_MS, readFhirDate, readPastDate, spanOf } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import { asList, asObject, asString } from './json-value.js';
import { matchDrug, setTitles, strengthMilligrams } from './medication-match.js';
import { drugSource } from './medication-source.js';
import { resourceId, resourceLabel } from './resource-label.js';
import { INSULIN_SETS } from './insulin-roles.js';
import { namesPumpSupply } from './pump-supply.js';
import { isIntravenous, routeOf, type Route } from './route.js';
import { courseLengthDays, tiedToSteroidCourse } from './course-length.js';
import { drugsInProblemWords } from './drugs-in-problem-words.js';
import { endedDiabetesDrug, type EndedDiabetesDrug } from './ended-diabetes-drug.js';
import {
  courseOver,
  endedCourse,
  periodEnded,
  REQUEST_NOT_INTENTS,
  supplyEnd,
  type EndedCourse,
} from './ended-course.js';
import { forTheStay, shortCourse } from './inpatient-order.js';
import { stayEncounters, tiedToStay } from './stay-encounter.js';
import { oneTimeOrder } from './one-time-order.js';
import { scheduleSince } from './schedule-change.js';
import { hasModifierExtension, MODIFIED } from './modifier-extension.js';
import { laterStop, readStopRecord, type StopRecord } from './stop-records.js';

/** One current order or statement of a drug in some medication value sets. */
export interface MedicationUse {
  readonly evidence: Evidence;
  /** Medication value set ids the drug matched. */
  readonly ids: readonly string[];
  /** Ids matched only by words, for lower-confidence evidence. */
  readonly byNameOnly: ReadonlySet<string>;
  /** When it started: authoredOn, or the statement's effective start (bounds of the date). */
  readonly start: DateBounds;
  /**
   * An order with no authoredOn whose prescription's validity began on a date: prescribed by then.
   * It dates the drug on file only (diabetes-drug-on-file.ts), never a regimen's start: it would
   * start run-in clocks on a date the order may not have been written.
   */
  readonly validFrom?: DateBounds;
  /**
   * When its words say its number of injections last changed ("from daily to TID AC on
   * 10/30/2026"): the schedule stands since then, not since `start` (schedule-change.ts). Empty
   * bounds when the change is not dated. Insulin only.
   */
  readonly scheduleSince?: DateBounds;
  /** What the dosage says: injections per day, moments, as-needed, rate, dose. */
  readonly dosage: DosageSummary;
  /**
   * How it is given: systemic (oral, IV, IM...), local (cream, inhaler...) or unknown. Read only
   * for insulin and for the value sets that require a route; `unknown` for every other drug.
   */
  readonly route: Route;
  /**
   * The product as written (its codes, else its name): a dose is the product's strength times the
   * amount given, so a switch from a 500 mg to a 1000 mg tablet changes the dose.
   */
  readonly product: string;
  /** The product's one strength in milligrams, when its words write exactly one mass ("200 MG Oral Tablet"). */
  readonly strengthMg?: number;
  /** The drug's own name says it is for a pump (a pump cartridge). */
  readonly pumpWords: boolean;
  /** Given intravenously (a hospital insulin drip): neither an injection regimen nor a pump. */
  readonly intravenous?: boolean;
  /** Its notes or dosing text say its dose was changed ("Augmenté à 1 cp matin, midi et soir"). */
  readonly doseChangedInWords?: boolean;
}

/** A record matching some value sets whose status does not say whether it is current. */
export interface DoubtfulUse {
  readonly ids: readonly string[];
  readonly label: string;
  readonly evidence: Evidence;
  readonly why: string;
  /** When the doubt was said, if later than the record's start: a statement's dateAsserted. */
  readonly saidOn?: string;
  /** When the record began, if it says: a held drug was still prescribed by then. */
  readonly start?: DateBounds;
  /** An undated order's validity start (MedicationUse.validFrom). */
  readonly validFrom?: DateBounds;
  /** Its doubt says it is no treatment of the patient at home (one dose given): it dates nothing. */
  readonly oneDose?: true;
}

/** All current medication uses, with what keeps absence from being proven. */
export interface MedicationUses {
  readonly uses: readonly MedicationUse[];
  readonly doubtful: readonly DoubtfulUse[];
  /** Possibly current records whose drug could not be read, resolved or classified: any drug. */
  readonly unreadable: readonly string[];
  /** Why no medication absence can be trusted (not loaded, truncated), if so. */
  readonly unproven?: string;
  /** Possibly current orders or statements of insulin-pump supplies (reservoirs, infusion sets): a pump may be in use. */
  readonly pumpSupplies: readonly string[];
  /** Current insulin orders or statements whose words fix a pump start ("Relais pompe prévu le 12/12"). */
  readonly pumpPlans: readonly string[];
  /** Orders and statements of diabetes drugs given at home that ran their course (ended-diabetes-drug.ts). */
  readonly endedDiabetesDrugs: readonly EndedDiabetesDrug[];
}

// FHIR R4 MedicationRequest: status active, and an intent that is an actual order or plan.
const REQUEST_INTENTS = new Set(['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'plan']);
const REQUEST_NOT_STATUS = new Set(['cancelled', 'completed', 'entered-in-error', 'stopped', 'draft']);
const STATEMENT_NOT_STATUS = new Set(['completed', 'entered-in-error', 'intended', 'stopped', 'not-taken']);

/** Whether an order's or a statement's status says it orders or says nothing now (either list above). */
export function statusOrdersNothing(status: unknown): boolean {
  return typeof status === 'string' && (REQUEST_NOT_STATUS.has(status) || STATEMENT_NOT_STATUS.has(status));
}
/**
 * On hold is paused, not stopped: the drug may resume at any time. It is not counted as taken,
 * and its absence is not proven either (an exclusion on it is to confirm).
 */
const ON_HOLD = { standing: 'uncertain', why: 'on hold: may resume' } as const;

/** Why a record is in doubt when its words put it on hold or say it is not taken. */
const HELD_IN_WORDS = 'its dosage or a note says on hold or not to be taken';

/** Why an insulin record is in doubt when its words say some ordered doses are not given. */
const SKIPS_DOSES = 'its dosage or a note says some doses are not given';

/**
 * The doubts that say the drug itself, or some of its doses, is not being taken (held, on hold,
 * not taken, "only uses her Humalog at supper"), as against doubts about which record is current
 * (a start to come, an inpatient order, a supply run out). A statement that the patient gives one
 * dose of three contests the order's three a day: not even a floor (a review, 2026-12-07).
 */
export const NOT_TAKEN_DOUBTS: ReadonlySet<string> = new Set([ON_HOLD.why, HELD_IN_WORDS, SKIPS_DOSES]);

/**
 * A statement dated by a single instant says the drug was taken then. Recent, it is read as
 * current; older than this, an "active" status alone does not show the drug is still taken.
 */
const POINT_STATEMENT_MAX_AGE_DAYS = 365;

/** Why an order of one dose (a suppression test, a one-time order) leaves its drug in doubt (facts/one-time-order.ts). */
const ONE_DOSE = 'one dose (a test, a one-time order): not shown to be a treatment';

/** How long after its prescription lapsed an order still "active" leaves its drug in doubt. */
const LAPSED_DOUBT_DAYS = 365;

/** The standing of an order: its status and intent, and whether its validity period has run out. */
function requestStanding(r: Record<string, unknown>, now: Date): { standing: Standing; why?: string } {
  const { status, intent } = r;
  // doNotPerform: an order NOT to give the drug.
  if (r.doNotPerform === true) return { standing: 'ignored' };
  // EHRs (Oracle Health among them) mark a prescription completed once it is sent or dispensed,
  // not when the drug is stopped: while the supply it gave still lasts, the drug may be taken.
  if (status === 'completed' && r.intent !== 'proposal' && r.intent !== 'option') {
    const end = supplyEnd(r);
    if (end !== undefined && end >= now.getTime())
      return { standing: 'uncertain', why: 'completed, but the supply it gave may last until now' };
  }
  if (typeof status === 'string' && REQUEST_NOT_STATUS.has(status)) return { standing: 'ignored' };
  if (typeof intent === 'string' && REQUEST_NOT_INTENTS.has(intent)) return { standing: 'ignored' };
  const validityEnd = asObject(asObject(r.dispenseRequest)?.validityPeriod)?.end;
  if (periodEnded(validityEnd, now)) {
    // Epic keeps a long-term drug active on the list after its prescription lapses, until it is
    // renewed or stopped: a lapse within the year shows neither that the drug is taken nor that it
    // was stopped. One that lapsed longer ago is a list never tidied.
    return status === 'active' && !periodEnded(validityEnd, new Date(now.getTime() - LAPSED_DOUBT_DAYS * DAY_MS))
      ? { standing: 'uncertain', why: 'active, but its prescription lapsed within the year' }
      : { standing: 'ignored' };
  }
  if (status === 'on-hold') return ON_HOLD;
  // An order for the hospital stay (category inpatient) is not shown to be the regimen at home,
  // nor is a short course (courseOfTherapyType acute, as EHRs mark orders of a stay).
  if (forTheStay(r)) return { standing: 'uncertain', why: 'an inpatient order: not shown to be the regimen at home' };
  if (shortCourse(r))
    return { standing: 'uncertain', why: 'a short course (acute): not shown to be the regimen at home' };
  // An order signed more than a day ahead (a pre-written order, a clock gone wrong) is not in force.
  const authored = readFhirDate(r.authoredOn);
  if (typeof authored === 'object' && spanOf(authored).start > now.getTime() + DAY_MS)
    return { standing: 'uncertain', why: `authored on ${authored.text}, in the future` };
  if (status === 'active' && typeof intent === 'string' && REQUEST_INTENTS.has(intent)) return { standing: 'counts' };
  return { standing: 'uncertain', why: 'status or intent unreadable' };
}

/**
 * A record that would count, tied to a hospital stay by its Encounter (stay-encounter.ts): not
 * shown to be the regimen at home, as an inpatient category is not.
 */
function stayStanding(
  read: { standing: Standing; why?: string },
  r: Record<string, unknown>,
  stays: ReadonlySet<string>,
): { standing: Standing; why?: string } {
  if (read.standing !== 'counts' || !tiedToStay(r, stays)) return read;
  return { standing: 'uncertain', why: 'its Encounter is a hospital stay: not shown to be the regimen at home' };
}

/** The standing of a statement: its status, and whether its effective period or instant says it ended. */
function statementStanding(r: Record<string, unknown>, now: Date): { standing: Standing; why?: string } {
  const { status } = r;
  if (typeof status === 'string' && STATEMENT_NOT_STATUS.has(status)) return { standing: 'ignored' };
  // STU3's MedicationStatement.taken (y | n | unk | na), which EHRs still send beside an R4 status:
  // "n", the drug is not taken ("Patient not taking"); "unk", not known to be.
  // https://hl7.org/fhir/STU3/medicationstatement-definitions.html#MedicationStatement.taken
  if (r.taken === 'n') return { standing: 'ignored' };
  if (r.taken === 'unk') return { standing: 'uncertain', why: 'not known to be taken (taken: unk)' };
  if (periodEnded(asObject(r.effectivePeriod)?.end, now)) return { standing: 'ignored' };
  if (status === 'on-hold') return ON_HOLD;
  if (status !== 'active') return { standing: 'uncertain', why: 'status or intent unreadable' };
  // A period or instant starting more than a day ahead is a plan: the drug is not taken yet.
  for (const value of [asObject(r.effectivePeriod)?.start, r.effectiveDateTime]) {
    const d = readFhirDate(value);
    if (typeof d === 'object' && spanOf(d).start > now.getTime() + DAY_MS)
      return { standing: 'uncertain', why: `starts on ${d.text}` };
  }
  const point = readFhirDate(r.effectiveDateTime);
  if (typeof point === 'object' && now.getTime() - spanOf(point).end > POINT_STATEMENT_MAX_AGE_DAYS * DAY_MS) {
    return { standing: 'uncertain', why: `taken on ${point.text}: not shown to be current` };
  }
  // With no effective[x] at all, the day the patient said it is all that dates the statement: a
  // reconciliation years old shows no more than an instant that old (a review of records,
  // 2026-12-07: lispro "with meals" asserted in January 2024 made MDI and the card).
  if (r.effectiveDateTime === undefined && r.effectivePeriod === undefined) {
    const said = readFhirDate(r.dateAsserted);
    if (typeof said === 'object' && now.getTime() - spanOf(said).end > POINT_STATEMENT_MAX_AGE_DAYS * DAY_MS)
      return { standing: 'uncertain', why: `asserted on ${said.text}: not shown to be current` };
  }
  return { standing: 'counts' };
}

/** The bounds of a present date field, or `invalid`. */
function bounds(value: unknown, now: Date, upperOnly = false): DateBounds | 'invalid' | undefined {
  if (value === undefined || value === null) return undefined;
  const d = readPastDate(value, now);
  if (typeof d !== 'object') return d === 'absent' ? undefined : 'invalid';
  const span = spanOf(d);
  return upperOnly ? { end: span.end, text: d.text } : { start: span.start, end: span.end, text: d.text };
}

/**
 * An order with no authoredOn: the start of its prescription's validity, when readable. A review
 * (2026-12-07) found insulin ordered with only `dispenseRequest.validityPeriod.start` 150 days ago
 * beside a type 1 code of last month, and NCT05153070 counted the diabetes as recent.
 */
function validFromOf(r: Record<string, unknown>, type: string, now: Date): DateBounds | undefined {
  if (type !== 'MedicationRequest' || r.authoredOn !== undefined) return undefined;
  const from = bounds(asObject(asObject(r.dispenseRequest)?.validityPeriod)?.start, now);
  return typeof from === 'object' && from.end !== undefined ? from : undefined;
}

function validFromPart(u: MedicationUse): { validFrom?: DateBounds } {
  return u.validFrom ? { validFrom: u.validFrom } : {};
}

/** When a statement's drug started: the period's start; a single instant or the assertion date only bound it. */
function statementStart(r: Record<string, unknown>, now: Date): DateBounds | 'invalid' | undefined {
  return (
    bounds(asObject(r.effectivePeriod)?.start, now) ??
    bounds(r.effectiveDateTime, now, true) ??
    bounds(r.dateAsserted, now, true)
  );
}

const KINDS = [
  {
    type: 'MedicationRequest',
    standing: requestStanding,
    start: (r: Record<string, unknown>, now: Date) => bounds(r.authoredOn, now),
    startText: (r: Record<string, unknown>) => asString(r.authoredOn),
    dosage: 'dosageInstruction',
  },
  {
    type: 'MedicationStatement',
    standing: statementStanding,
    start: statementStart,
    startText: (r: Record<string, unknown>) =>
      asString(asObject(r.effectivePeriod)?.start) ?? asString(r.effectiveDateTime),
    dosage: 'dosage',
  },
] as const;

// The scale words a product name or a note may hold ("insulin lispro CORRECTION scale injection").
// Other as-needed cues ("protocol", "coverage") name pharmacy and insurance matters there.
const SCALE =
  '(?:sliding scale|correction scale|correctional scale|correction|iss|ssi|riss|echelle|schema de correction)';
const SCALE_NAME = new RegExp(` ${SCALE} `);
// A note that says the scale is the only dosing ("Sliding scale only", "correction uniquement"),
// not one that adds it to fixed doses or rules it out ("Fixed doses only - no sliding scale").
const SCALE_ONLY = new RegExp(
  ` ${SCALE} (?:only|uniquement|seulement|seule)(?: |$)| (?:only|uniquement|seulement) (?:per |selon |en |par )?${SCALE} `,
);
const SCALE_NOT_ALONE = new RegExp(
  ` (?:no|not|pas de|pas d|sans|without|never) (?:[a-z]+ )?${SCALE} | (?:in addition|en plus|en complement|added to|on top of|as well as) `,
);

function namesScale(word: string): boolean {
  return SCALE_NAME.test(normaliseText(word));
}

function isScaleOnlyNote(text: string): boolean {
  const t = normaliseText(text);
  return SCALE_ONLY.test(t) && !SCALE_NOT_ALONE.test(t);
}

/**
 * The texts of an order's or statement's notes (Annotation.text), and of its status reasons: an
 * active order whose statusReason says "Discontinued - not taking" is not shown to be taken. An
 * order has one reason (MedicationRequest.statusReason), a statement a list of them
 * (MedicationStatement.statusReason, 0..*).
 */
function noteTexts(r: Record<string, unknown>): string[] {
  const reasons = (asList(r.statusReason) ?? [r.statusReason])
    .map(readConcept)
    .flatMap((reason) => [reason.text, ...reason.codings.map((c) => c.display)]);
  return [...annotationTexts(r.note), ...reasons.filter((t): t is string => t !== undefined)];
}

/**
 * Why a record whose status says current does not show the drug is taken now (`notes`: its
 * noteTexts): its dosage or a note puts it on hold ("DO NOT TAKE", "suspendu"), or its schedule starts later. For an insulin
 * alone, words that some ordered doses are not given leave its injections uncounted too; for any
 * other drug (a GLP-1 agonist, a sulfonylurea) a skipped dose does not make it any less taken.
 */
function currentDoubt(
  notes: readonly string[],
  dosage: DosageSummary,
  texts: readonly string[],
  now: Date,
  insulinOnly: boolean,
  startedAt: number | undefined,
): string | undefined {
  if (dosage.held || notes.some(isHeldText)) return HELD_IN_WORDS;
  if (insulinOnly && [...texts, ...notes].some(skipsDosesText)) return SKIPS_DOSES;
  // Words that give one meal's dose only beside a schedule of several (a review, 2026-12-07):
  // "Inject 30 units at bedtime only" on a once-daily order agrees with its schedule.
  if (insulinOnly && dosage.injectionsPerDay !== 1 && [...texts, ...notes].some(oneMealInstructedText))
    return SKIPS_DOSES;
  // Insulin only: an exclusion drug in doubt would turn a met exclusion into one to confirm.
  if (insulinOnly && startedAt !== undefined) {
    const days = Math.max(0, ...texts.map((t) => courseLengthDays(t) ?? 0));
    if (days > 0 && startedAt + (days + 1) * DAY_MS < now.getTime())
      return `its dosage gives a course of ${days} days, over since ${new Date(startedAt + days * DAY_MS).toISOString().slice(0, 10)}`;
  }
  if (insulinOnly && texts.some((t) => endedUntilInText(t, now))) return 'its dosage gives an end date that has passed';
  if (insulinOnly && [...texts, ...notes].some(tiedToSteroidCourse))
    return 'its dosage follows a course of glucocorticoids: not shown to be the regimen now';
  if (dosage.startsOn !== undefined) return `starts on ${dosage.startsOn}`;
  if ([...texts, ...notes].some((t) => startsLaterInText(t, now))) return 'its dosage or a note says it starts later';
  return undefined;
}

/** The free text of a record's dosage entries (text and patient instruction). */
function dosageTexts(dosages: unknown): string[] {
  return (asList(dosages) ?? []).flatMap((d) => {
    const o = asObject(d);
    return [asString(o?.text), asString(o?.patientInstruction)].filter((t): t is string => t !== undefined);
  });
}

/**
 * When an active order's supply ran out longer ago than the grace period its value sets give
 * (insulin: supplyGraceDays): the end of that supply, else undefined.
 */
function supplyRunOut(
  r: Record<string, unknown>,
  type: string,
  ids: readonly string[],
  valueSets: ValueSetIndex,
  now: Date,
): number | undefined {
  if (type !== 'MedicationRequest') return undefined;
  const graces = ids.map((id) => valueSets.all.get(id)?.supplyGraceDays).filter((d): d is number => d !== undefined);
  const end = supplyEnd(r);
  if (graces.length === 0 || end === undefined || end + Math.min(...graces) * DAY_MS >= now.getTime()) return undefined;
  return end;
}

/**
 * Whether a counted use of the same value set (one with a supply grace) began after an old
 * order's supply ran out: the order was renewed, and the old one shows since when the drug is taken.
 */
function renewedAfter(
  old: MedicationUse,
  end: number,
  uses: readonly MedicationUse[],
  valueSets: ValueSetIndex,
): boolean {
  const graced = old.ids.filter((id) => valueSets.all.get(id)?.supplyGraceDays !== undefined);
  return uses.some((u) => {
    const began = u.start.start ?? u.start.end;
    return began !== undefined && began > end && u.ids.some((id) => graced.includes(id));
  });
}

/**
 * One pass over MedicationRequest and MedicationStatement: each possibly current record's drug
 * is resolved and matched against every medication value set. An active statement counts like
 * an active order; a statement or order that ended (effective period, validity period, dosage
 * bounds) does not count at all.
 */
export function readMedicationUses(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): MedicationUses {
  const uses: MedicationUse[] = [];
  const doubtful: DoubtfulUse[] = [];
  const unreadable: string[] = [];
  const pumpSupplies: string[] = [];
  const pumpPlans: string[] = [];
  const endedDrugRecords: EndedDiabetesDrug[] = [];
  const stops: StopRecord[] = [];
  // Active orders whose supply ran out long ago: doubtful unless renewed (decided once all are read).
  const supplyDoubts: {
    use: MedicationUse;
    end: number;
    r: Record<string, unknown>;
    type: string;
    label: string;
    /** Where it would stand among the uses, so that a renewed order keeps its place. */
    at: number;
  }[] = [];
  const courseSets = [...valueSets.all.values()].filter(
    (v) => v.endedCountsForDays !== undefined || v.endedDoubtForDays !== undefined,
  );
  const addCourse = (course: EndedCourse | undefined) => {
    if (course?.use) uses.push({ ...course.use, dosage: summariseDosage(undefined, undefined, now) });
    if (course?.doubt) doubtful.push(course.doubt);
    if (course?.pumpSupply) pumpSupplies.push(course.pumpSupply);
  };
  const stays = stayEncounters(record);
  for (const kind of KINDS) {
    for (const raw of untrustedResources(record, kind.type)) {
      const label = resourceLabel(raw, kind.type);
      const r = asObject(raw);
      if (!r) {
        dq.add(raw, kind.type, 'not a JSON object');
        unreadable.push(`unreadable record ${label}`);
        continue;
      }
      const { standing, why } = hasModifierExtension(r)
        ? { standing: 'uncertain' as const, why: MODIFIED }
        : stayStanding(kind.standing(r, now), r, stays);
      if (standing === 'ignored') {
        const ended = endedDiabetesDrug(r, kind.type, () => kind.start(r, now), record, valueSets);
        if (ended) endedDrugRecords.push(ended);
        if (courseSets.length > 0 && courseOver(r, kind.type, now))
          addCourse(endedCourse(r, kind.type, kind.dosage, noteTexts(r), record, valueSets, courseSets, now));
        const stop = readStopRecord(r, kind.type, record, valueSets, now);
        if (stop) stops.push(stop);
        continue;
      }
      const source = drugSource(r, record);
      if (source.kind !== 'drug') {
        const problem = source.kind === 'unresolved' ? 'medication reference could not be resolved' : source.problem;
        dq.add(r, kind.type, problem);
        unreadable.push(`${label}: ${problem}`);
        continue;
      }
      const match = matchDrug(valueSets, source);
      // A pump supply is no insulin; an insulin whose name says pump is read as a pump elsewhere.
      if (!match.ids.some((id) => INSULIN_SETS.has(id)) && match.words.some(namesPumpSupply)) {
        pumpSupplies.push(`${label} (${match.label})`);
      }
      if (match.unclassified) {
        dq.add(r, kind.type, `medication ${match.unclassified}`);
        unreadable.push(`medication ${match.unclassified} (${label})`);
        continue;
      }
      if (match.ids.length === 0) continue;
      const read = summariseDosage(r[kind.dosage], kind.startText(r), now);
      const notes = noteTexts(r);
      const dosingWords = dosageTexts(r[kind.dosage]);
      // A correction scale said outside the dosage, in a note ("Sliding scale only") or in the
      // product's own name ("insulin lispro CORRECTION scale injection"), schedules no dose either.
      // A note may describe a correction added to fixed doses ("Threshold for correction: 150"),
      // so there it takes "only" beside the scale.
      const scale = !read.asNeeded && (notes.some(isScaleOnlyNote) || match.words.some(namesScale));
      const dosage = scale ? { ...read, asNeeded: true } : read;
      // Every dosage entry's bounds ran out: the order or statement is over, a course of a drug
      // that acts on after it (a weekly GLP-1 agonist) still counts for a while.
      if (dosage.ended) {
        if (courseSets.length > 0)
          addCourse(endedCourse(r, kind.type, kind.dosage, notes, record, valueSets, courseSets, now));
        continue;
      }
      // A current insulin whose words fix a pump start: the pump is coming (pump-status.ts).
      if (
        standing === 'counts' &&
        match.ids.some((id) => INSULIN_SETS.has(id)) &&
        [...notes, ...dosingWords].some(notePlansPump)
      )
        pumpPlans.push(label);
      const start = kind.start(r, now);
      if (start === 'invalid') dq.add(r, kind.type, 'unreadable start date');
      const startBounds = start === 'invalid' || start === undefined ? {} : start;
      const validFrom = validFromOf(r, kind.type, now);
      const titles = setTitles(valueSets, match.ids);
      const evidence: Evidence = {
        resourceType: kind.type,
        id: resourceId(r),
        ...(startBounds.text ? { date: startBounds.text } : {}),
        display: `${match.label} (${titles})`,
        confidence: match.confidence,
      };
      const doubt =
        standing === 'counts'
          ? (currentDoubt(
              notes,
              dosage,
              dosingWords,
              now,
              match.ids.length > 0 && match.ids.every((id) => INSULIN_SETS.has(id)),
              startBounds.end,
            ) ?? (kind.type === 'MedicationRequest' && oneTimeOrder(r) ? ONE_DOSE : undefined))
          : (why ?? 'status unreadable');
      if (doubt === undefined) {
        // The route matters for the sets that require one and for insulin (inhaled is no injection).
        const needsRoute = match.ids.some((id) => INSULIN_SETS.has(id) || valueSets.all.get(id)?.requiresRoute);
        const route = needsRoute ? routeOf(valueSets, match, r[kind.dosage]) : 'unknown';
        const codes = match.codings.filter((c) => c.code).map((c) => `${c.system ?? ''}|${c.code ?? ''}`);
        // The strength in the words joins the codes: an ATC or ingredient code does not name it.
        const strengths = match.strengths.length > 0 ? ` @ ${match.strengths.join(' + ')}` : '';
        const product = (codes.length > 0 ? codes.sort().join(' ') : match.label.toLowerCase()) + strengths;
        const strengthMg = match.strengths.length === 1 ? strengthMilligrams(match.strengths[0]!) : undefined;
        const since = match.ids.some((id) => INSULIN_SETS.has(id))
          ? scheduleSince([...notes, ...dosingWords], startBounds, now, dosage.boundsSince)
          : undefined;
        const use: MedicationUse = {
          evidence,
          ids: match.ids,
          byNameOnly: match.byNameOnly,
          start: startBounds,
          ...(validFrom ? { validFrom } : {}),
          ...(since ? { scheduleSince: since } : {}),
          dosage,
          route,
          product,
          ...(strengthMg !== undefined ? { strengthMg } : {}),
          pumpWords: match.words.some(mentionsPump) || notes.some(notePutsOnPump),
          ...([...notes, ...dosingWords].some(saysDoseChanged) ? { doseChangedInWords: true } : {}),
          ...(needsRoute && isIntravenous(r[kind.dosage]) ? { intravenous: true } : {}),
        };
        const runOut = supplyRunOut(r, kind.type, match.ids, valueSets, now);
        if (runOut === undefined) uses.push(use);
        else supplyDoubts.push({ use, end: runOut, r, type: kind.type, label, at: uses.length });
      } else {
        dq.add(r, kind.type, doubt);
        const saidOn = asString(r.dateAsserted);
        // One dose of a set its route rules out (an intra-articular infiltration) is none at all.
        const ids =
          doubt === ONE_DOSE
            ? match.ids.filter(
                (id) =>
                  valueSets.all.get(id)?.requiresRoute !== 'systemic' ||
                  routeOf(valueSets, match, r[kind.dosage]) !== 'local',
              )
            : match.ids;
        if (ids.length > 0)
          doubtful.push({
            ids,
            label,
            evidence,
            why: doubt,
            ...(saidOn ? { saidOn } : {}),
            ...(startBounds.end !== undefined ? { start: startBounds } : {}),
            ...(validFrom ? { validFrom } : {}),
            ...(doubt === ONE_DOSE ? { oneDose: true as const } : {}),
          });
      }
    }
  }
  // A supply long run out is doubtful, unless a counted order or statement of the same insulin
  // began after it ran out: the prescription was renewed, and the old order counts as before.
  const counted = [...uses];
  const renewed = supplyDoubts.filter((d) => renewedAfter(d.use, d.end, counted, valueSets));
  for (const { use, at } of [...renewed].reverse()) uses.splice(at, 0, use);
  for (const { use, end, r, type, label } of supplyDoubts) {
    if (renewed.some((d) => d.use === use)) continue;
    const why = `supply ran out on ${new Date(end).toISOString().slice(0, 10)}, not renewed`;
    dq.add(r, type, why);
    doubtful.push({ ids: use.ids, label, evidence: use.evidence, why, start: use.start, ...validFromPart(use) });
  }
  const current = uses.filter((u) => {
    const stop = u.ids.some((id) => INSULIN_SETS.has(id)) ? laterStop(u, stops) : undefined;
    if (!stop) return true;
    const label = `${u.evidence.resourceType}/${u.evidence.id}`;
    const why = `a later record says it was stopped on ${stop.text} (${stop.label})`;
    dq.addLine(`${label}: ${why}`);
    doubtful.push({ ids: u.ids, label, evidence: u.evidence, why, start: u.start, ...validFromPart(u) });
    return false;
  });
  doubtful.push(...drugsInProblemWords(record, valueSets));
  const unproven = absenceUnproven(record, ['MedicationRequest', 'MedicationStatement']);
  const result = { uses: current, doubtful, unreadable, pumpSupplies, pumpPlans, endedDiabetesDrugs: endedDrugRecords };
  return unproven === undefined ? result : { ...result, unproven };
}
