import { foldAccents } from '../rules/value-sets.js';
import { memoiseText } from './text-memo.js';

/** A FHIR date or dateTime that names a real calendar day. */
export interface FhirDate {
  /** The text as written in the resource. */
  readonly text: string;
  /** Start of the period it denotes, in epoch ms (UTC when no offset is given). */
  readonly ms: number;
  readonly precision: 'year' | 'month' | 'day' | 'time';
}

/** A date field: absent, present but not a real date, or a date. */
export type DateReading = FhirDate | 'absent' | 'invalid';

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

// FHIR date / dateTime (https://hl7.org/fhir/R4/datatypes.html#dateTime); seconds and offset
// are accepted as optional because real EHR feeds drop them.
const DATE_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/** Parses a FHIR date or dateTime, rejecting impossible calendar dates such as 2024-13-45. */
export function readFhirDate(value: unknown): DateReading {
  if (value === undefined || value === null) return 'absent';
  if (typeof value !== 'string') return 'invalid';
  return parseDate(value);
}

// Dates repeat across requests (the same orders, the same results): parse each once.
const parseDate = memoiseText((value: string): DateReading => {
  const m = DATE_RE.exec(value);
  if (!m) return 'invalid';
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (year < 1800 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'invalid';
  if (m[4] === undefined) {
    const precision = m[3] !== undefined ? 'day' : m[2] !== undefined ? 'month' : 'year';
    return { text: value, ms: Date.UTC(year, month - 1, day), precision };
  }
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return 'invalid';
  let offsetMin = 0;
  const tz = m[7];
  if (tz && tz !== 'Z') {
    const oh = Number(tz.slice(1, 3));
    const om = Number(tz.slice(4, 6));
    if (oh > 14 || om > 59) return 'invalid';
    offsetMin = (tz.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMin * 60_000;
  return { text: value, ms, precision: 'time' };
});

/**
 * A date that must lie in the past (a measurement, an onset, an order): future dates beyond a
 * day of clock skew are treated as invalid, because they would otherwise always be "the latest".
 */
export function readPastDate(value: unknown, now: Date): DateReading {
  const d = readFhirDate(value);
  return typeof d === 'object' && d.ms > now.getTime() + DAY_MS ? 'invalid' : d;
}

/** Whole days from the date to now (0 for today or a date within the skew allowance). */
export function daysSince(date: FhirDate, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - date.ms) / DAY_MS));
}

/** The instants a date may denote: a day, a month or a year is a span, a time an instant. */
export interface DateSpan {
  /** First instant (epoch ms). */
  readonly start: number;
  /** Last instant (epoch ms), inclusive. */
  readonly end: number;
  /** The text it was read from, for evidence. */
  readonly text: string;
}

/**
 * The span of a FHIR date, counted in days: 2019 runs from its first to its last day, 2019-03
 * from the 1st to the 31st; a day is one day and a time one instant. Days are what rules count,
 * so a date of one day is exactly so many days ago, not a range within it.
 */
export function spanOf(date: FhirDate): DateSpan {
  const d = new Date(date.ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const lastDay =
    date.precision === 'year'
      ? Date.UTC(y + 1, 0, 1) - DAY_MS
      : date.precision === 'month'
        ? Date.UTC(y, m + 1, 1) - DAY_MS
        : date.ms;
  return { start: date.ms, end: lastDay, text: date.text };
}

/** The last instant a date may denote: the end of its day, month or year, or the instant itself. */
export function lastInstant(date: FhirDate): number {
  return date.precision === 'time' ? date.ms : spanOf(date).end + DAY_MS - 1;
}

/** Whole days from an instant to now (never negative). */
export function daysSinceMs(ms: number, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - ms) / DAY_MS));
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['janvier', 1],
  ['january', 1],
  ['jan', 1],
  ['fevrier', 2],
  ['february', 2],
  ['feb', 2],
  ['fev', 2],
  ['mars', 3],
  ['march', 3],
  ['mar', 3],
  ['avril', 4],
  ['april', 4],
  ['apr', 4],
  ['avr', 4],
  ['mai', 5],
  ['may', 5],
  ['juin', 6],
  ['june', 6],
  ['jun', 6],
  ['juillet', 7],
  ['july', 7],
  ['jul', 7],
  ['juil', 7],
  ['aout', 8],
  ['august', 8],
  ['aug', 8],
  ['septembre', 9],
  ['september', 9],
  ['sep', 9],
  ['sept', 9],
  ['octobre', 10],
  ['october', 10],
  ['oct', 10],
  ['novembre', 11],
  ['november', 11],
  ['nov', 11],
  ['decembre', 12],
  ['december', 12],
  ['dec', 12],
]);

const pad = (n: number) => String(n).padStart(2, '0');

/** A date found in text: what it reads as, and where it was written. */
interface TextDate {
  readonly date: string;
  readonly index: number;
  readonly length: number;
}

// What is left beside the date shows it dates something else too ("DT1 depuis l'âge de 8 ans,
// pompe depuis octobre 2026"): another number, an age, or a second "since".
const OTHER_NUMBER = /\d/;
const AGE_WORD = /\b(?:age|ans|years?|yrs?|old)\b/;
const SINCE_WORD = /\b(?:depuis|since|from)\b/g;

/** A day/month date in the European order; both readings when day and month could swap (03/10). */
function dayMonthYear(m: RegExpMatchArray): string {
  const day = Number(m[1]);
  const month = Number(m[2]);
  // 03/10/2026 is 3 October in France and March 10 in the US: only the year is certain.
  if (day <= 12 && month <= 12 && day !== month) return m[3]!;
  // 07/15/2026 can only be the US order, month first: 15 July.
  if (month > 12 && day <= 12) return `${m[3]}-${pad(day)}-${pad(month)}`;
  return `${m[3]}-${pad(month)}-${pad(day)}`;
}

/** Every date the folded text may hold, in order of preference (most precise first). */
function textDates(folded: string): TextDate[] {
  const out: TextDate[] = [];
  const add = (m: RegExpMatchArray, date: string) => out.push({ date, index: m.index ?? 0, length: m[0].length });
  const iso = /\b(\d{4}-\d{2}(?:-\d{2})?)\b/.exec(folded);
  if (iso?.[1]) add(iso, iso[1]);
  for (const m of folded.matchAll(/\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g)) add(m, dayMonthYear(m));
  for (const m of folded.matchAll(/\b(\d{1,2})[/.](\d{4})\b/g)) add(m, `${m[2]}-${pad(Number(m[1]))}`);
  for (const m of folded.matchAll(/\b([a-z]{3,9})\.?\s+(\d{4})\b/g)) {
    const month = MONTHS.get(m[1] ?? '');
    if (month) add(m, `${m[2]}-${pad(month)}`);
  }
  for (const m of folded.matchAll(/\b(1[89]\d{2}|2\d{3})\b/g)) add(m, m[1]!);
  return out;
}

/**
 * The latest date written in a short text (a dose change's clause: "passage à 3 injections le
 * 02/11/2026", "to TID AC on 10/30/2026"), at the precision the text allows: a day and a month that
 * could swap give the year alone. The latest beginning, since a clause that dates two things dates
 * the change last.
 */
export function latestDateInText(text: string): FhirDate | undefined {
  let latest: FhirDate | undefined;
  const found = textDates(foldAccents(text));
  // A date written inside a longer one is part of it: "03/10/2026" holds "10/2026" and "2026".
  const inside = (a: TextDate, b: TextDate) =>
    b !== a && b.index <= a.index && a.index + a.length <= b.index + b.length && b.length > a.length;
  for (const candidate of found) {
    if (found.some((other) => inside(candidate, other))) continue;
    const read = readFhirDate(candidate.date);
    // By its beginning: the latest day the text names is the change's.
    if (typeof read === 'object' && (latest === undefined || read.ms > latest.ms)) latest = read;
  }
  return latest;
}

// The number in a diabetes type ("DT2", "type 1", "T2DM") names the disease, not another date.
const DIABETES_TYPE = /\b(?:dt|t)[12](?:dm?)?\b|\btype\s*(?:[12]|ii?)\b/g;

/** Whether the text, once the date read is taken out, still dates something else. */
function datesSomethingElse(folded: string, read: TextDate): boolean {
  const rest = (folded.slice(0, read.index) + ' ' + folded.slice(read.index + read.length)).replace(DIABETES_TYPE, ' ');
  return OTHER_NUMBER.test(rest) || AGE_WORD.test(rest) || [...rest.matchAll(SINCE_WORD)].length > 1;
}

/**
 * A date written in words or in the European order, as EHRs put it in a string field
 * (Condition.onsetString, Procedure.performedString): "2019", "03/2019", "15/03/2019",
 * "mars 2019", "since 2015", "depuis 2015". Read as a FHIR date of the precision written;
 * text naming several years, or none, gives undefined, and so does text that dates something
 * else beside it (another number, an age, a second "since"): the date may not be the onset.
 * Never guesses a day the text lacks, nor the order of a day and a month that could swap.
 */
export function readDateInText(text: string): FhirDate | undefined {
  const folded = foldAccents(text);
  const years = new Set([...folded.matchAll(/\b(1[89]\d{2}|2\d{3})\b/g)].map((m) => m[1]));
  if (years.size !== 1) return undefined;
  const [year] = years;
  const best = textDates(folded).find((c) => c.date.startsWith(year!));
  if (!best || datesSomethingElse(folded, best)) return undefined;
  const date = readFhirDate(best.date);
  return typeof date === 'object' ? date : undefined;
}
