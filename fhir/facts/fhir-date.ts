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
}

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
