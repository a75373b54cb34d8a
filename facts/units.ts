/** Unit spellings the facts accept, normalised once per call with precompiled patterns. */

// UCUM annotations in braces ({HbA1c}) do not change a unit's meaning (UCUM §6).
const PERCENT_RE = /^%(\{[^}]*\})?$/;
const EGFR_JUNK_RE = /[\s{}_^]/g;

/** The HbA1c scale a unit denotes: `%` (NGSP) or `mmol/mol` (IFCC); undefined when neither. */
export function hba1cScale(unit: string): 'NGSP' | 'IFCC' | undefined {
  const u = unit.trim().toLowerCase();
  if (PERCENT_RE.test(u)) return 'NGSP';
  if (u === 'mmol/mol') return 'IFCC';
  return undefined;
}

/** Whether a unit is mL/min/1.73 m² in one of its common spellings (UCUM `mL/min/{1.73_m2}`). */
export function isEgfrUnit(unit: string): boolean {
  // French labs write "mL/mn/1,73 m²" as often as "mL/min/1.73m2".
  const u = unit.toLowerCase().replace('²', '2').replace(',', '.').replace(EGFR_JUNK_RE, '').replace('/mn/', '/min/');
  return u === 'ml/min/1.73m2';
}

// LOINC 74013-4 is reported in {drinks}/d; a weekly figure is divided by 7.
const PER_DAY = new Set(['', '1', '/d', '{drinks}/d', '{drink}/d', '{#}/d', 'drinks/day', 'drinks/d', '{drinks}/day']);
const PER_WEEK = new Set(['/wk', '{drinks}/wk', '{drink}/wk', 'drinks/week', '{#}/wk']);

/** Factor turning a drinks quantity into drinks per day, or undefined for an unknown unit. */
export function drinksPerDayFactor(unit: string): number | undefined {
  const u = unit.trim().toLowerCase();
  if (PER_DAY.has(u)) return 1;
  if (PER_WEEK.has(u)) return 1 / 7;
  return undefined;
}

// Insulin infusion rates: UCUM [iU]/h and the spellings EHRs use for "units per hour".
const SPACES_RE = /\s+/g;
const RATE_UNITS = new Set([
  '[iu]/h',
  'iu/h',
  'u/h',
  '[u]/h',
  'unit/h',
  'units/h',
  'u/hr',
  'iu/hr',
  '[iu]/hr',
  'units/hr',
]);

/** Whether a unit is insulin units per hour. */
export function isInsulinRateUnit(unit: string): boolean {
  return RATE_UNITS.has(unit.toLowerCase().replace(SPACES_RE, ''));
}

/** Whether a unit is insulin units (for the numerator of a rate ratio). */
export function isInsulinUnit(unit: string): boolean {
  const u = unit.trim().toLowerCase();
  return u === '[iu]' || u === 'iu' || u === 'u' || u === '[u]' || u === 'unit' || u === 'units';
}

/** Whether a unit is the hour (for the denominator of a rate ratio). */
export function isHourUnit(unit: string): boolean {
  const u = unit.trim().toLowerCase();
  return u === 'h' || u === 'hr' || u === 'hour' || u === '1.h' || u === '1 h';
}
