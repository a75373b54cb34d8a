import { foldAccents } from '../rules/value-sets.js';
/** Unit spellings the facts accept, normalised once per call with precompiled patterns. */

// Masses as drug names and dose quantities write them, in milligrams (UCUM mg, g, ug; "mcg",
// "µg" and the French and English words).
const MG_PER: ReadonlyMap<string, number> = new Map([
  ['mg', 1],
  ['milligramme', 1],
  ['milligrammes', 1],
  ['milligram', 1],
  ['milligrams', 1],
  ['g', 1000],
  ['gramme', 1000],
  ['grammes', 1000],
  ['gram', 1000],
  ['grams', 1000],
  ['mcg', 0.001],
  ['µg', 0.001],
  ['ug', 0.001],
  ['microgramme', 0.001],
  ['microgrammes', 0.001],
  ['microgram', 0.001],
  ['micrograms', 0.001],
]);

/** Milligrams in one of a mass unit (lower case), or undefined when the unit is no mass. */
export function milligramsPer(unit: string): number | undefined {
  return MG_PER.get(unit);
}

// Units that count tablets or capsules, as UCUM annotations, SNOMED unit-of-presentation
// displays and EHR abbreviations write them ("{tbl}", "tablet(s)", "TABS", "cp", "gélule").
const DOSE_COUNT_UNITS: ReadonlySet<string> = new Set([
  '{tbl}',
  '{tab}',
  '{tabs}',
  '{tablet}',
  '{tablets}',
  'tbl',
  'tab',
  'tabs',
  'tablet',
  'tablets',
  'tablet(s)',
  '{cap}',
  '{capsule}',
  '{capsules}',
  'cap',
  'caps',
  'capsule',
  'capsules',
  'capsule(s)',
  'comprime',
  'comprimes',
  'comprime(s)',
  '{comprime}',
  'cp',
  'cps',
  'cpr',
  'gelule',
  'gelules',
  'gelule(s)',
  '{gelule}',
]);

/**
 * Whether a dose unit counts tablets or capsules, so that a dose in it times the product's
 * strength is a mass. A bare number or UCUM "1" is left out: it may count anything.
 */
export function isDoseCountUnit(unit: string): boolean {
  return DOSE_COUNT_UNITS.has(foldAccents(unit.trim().toLowerCase()));
}

// UCUM annotations in braces ({HbA1c}) do not change a unit's meaning (UCUM §6). Laboratories
// also write what the percentage is of, or which standard: "% of total Hb", "% Hb", "% (NGSP)",
// "% DCCT"; and "mmol/mol Hb", "mmol/mol (IFCC)".
// French laboratories write the same "% de l'Hb totale", "% Hb totale", "% de l'hémoglobine" (a review
// of French records, 2026-12-07, found "% de l'Hb totale" read as an unknown unit).
const PERCENT_RE =
  /^%\s*(\{[^}]*\}|of total (hb|hgb|haemoglobin|hemoglobin)|total hb|hb|hgb|hba1c|\(?(ngsp|dcct|ngsp\/dcct)\)?|(de l['’]\s*|d['’]\s*)?(hb|hemoglobine|hémoglobine)( totale)?)?$/;
const IFCC_RE = /^mmol\/mol\s*(\{[^}]*\}|hb|hgb|\(?ifcc\)?)?$/;
const SPACES_RE = /\s+/g;
// An eGFR's "per 1.73 m²" is also written with UCUM's power sign ("1.73m*2"), as square metres
// ("1.73 sqm", "1.73 sq.m"), and with what the area is of: "SC" (surface corporelle) on French
// reports, "BSA" on US ones.
const EGFR_JUNK_RE = /[\s{}_^*]/g;
const EGFR_AREA_RE = /(?:sq\.?m|m2)(?:sc|bsa)?$/;

/** The HbA1c scale a unit denotes: `%` (NGSP) or `mmol/mol` (IFCC); undefined when neither. */
export function hba1cScale(unit: string): 'NGSP' | 'IFCC' | undefined {
  const u = unit.trim().toLowerCase().replace(SPACES_RE, ' ');
  if (PERCENT_RE.test(u)) return 'NGSP';
  if (IFCC_RE.test(u)) return 'IFCC';
  return undefined;
}

/** Whether a unit is mL/min/1.73 m² in one of its common spellings (UCUM `mL/min/{1.73_m2}`). */
export function isEgfrUnit(unit: string): boolean {
  // French labs write "mL/mn/1,73 m²" as often as "mL/min/1.73m2".
  const u = unit
    .toLowerCase()
    .replace('²', '2')
    .replace(',', '.')
    .replace(EGFR_JUNK_RE, '')
    .replace('/mn/', '/min/')
    .replace('minper1.73', 'min/1.73')
    .replace(EGFR_AREA_RE, 'm2');
  return u === 'ml/min/1.73m2';
}

/**
 * Whether a unit is plain mL/min, with no "per 1.73 m²": the unit of a measured or Cockcroft-Gault
 * creatinine clearance, and a short spelling of an eGFR's. Only an eGFR code can tell which
 * (egfr.ts); a unit alone never does.
 */
export function isPlainMlPerMin(unit: string): boolean {
  return unit.toLowerCase().replace(EGFR_JUNK_RE, '').replace('/mn', '/min') === 'ml/min';
}

// LOINC 74013-4 is reported in {drinks}/d; a weekly figure is divided by 7. French records write
// glasses ("verres") a day or a week: "verres/jour", "verre/j", "{verres}/j", "verres par semaine".
const PER_DAY = new Set([
  '',
  '1',
  '/d',
  '{drinks}/d',
  '{drink}/d',
  '{#}/d',
  'drinks/day',
  'drinks/d',
  '{drinks}/day',
  '/j',
  '/jour',
  'verres/jour',
  'verre/jour',
  'verres/j',
  'verre/j',
  '{verres}/j',
  '{verre}/j',
  '{verres}/jour',
  '{verres}/d',
  'verresparjour',
  'verreparjour',
  // As social histories write it in words (a review of alcohol entries, 2026-12-06): "6 beers a
  // day", "2 verres de vin par jour", "3 bières/jour". A beer or a glass of wine is a standard drink.
  'drinksperday',
  'drinkperday',
  'drinksaday',
  'drinkaday',
  'drinksdaily',
  'standarddrinks/day',
  'standarddrinksperday',
  'beers/day',
  'beer/day',
  'beersperday',
  'beerperday',
  'beersaday',
  'beeraday',
  'beersdaily',
  'glasses/day',
  'glassesperday',
  'glassesaday',
  'glassesofwineperday',
  'glassesofwineaday',
  'glassofwineperday',
  'glassofwineaday',
  'verresdevinparjour',
  'verredevinparjour',
  'verresdevin/jour',
  'verresdevin/j',
  'bieres/jour',
  'biere/jour',
  'bieres/j',
  'bieresparjour',
  'biereparjour',
]);
const PER_WEEK = new Set([
  '/wk',
  '{drinks}/wk',
  '{drink}/wk',
  'drinks/week',
  '{#}/wk',
  'verres/semaine',
  'verre/semaine',
  'verres/sem',
  '{verres}/sem',
  '{verres}/wk',
  'verresparsemaine',
  'drinksperweek',
  'drinksaweek',
  'beersperweek',
  'beersaweek',
  'glassesperweek',
  'glassesofwineperweek',
  'verresdevinparsemaine',
  'bieresparsemaine',
]);

/** Factor turning a drinks quantity into drinks per day, or undefined for an unknown unit. */
export function drinksPerDayFactor(unit: string): number | undefined {
  // Spaces do not change the unit ("verres / jour", "verres par jour").
  const u = folded(unit);
  if (PER_DAY.has(u)) return 1;
  if (PER_WEEK.has(u)) return 1 / 7;
  return undefined;
}

// Alcohol in grams, as a French record or a local code may give it ("Consommation d'alcool
// (g/jour)": 40 g/j; a review of alcohol entries, 2026-12-07): UCUM g/d, and "g/j", "g/jour",
// "g/day", "grammes par jour"; a weekly figure ("g/sem", UCUM g/wk) is divided by 7. Only a unit
// that says grams a day or a week: "g" alone or "g/L" (a blood alcohol) is not one.
const GRAMS_PER_DAY = new Set([
  'g/d',
  'g/day',
  'g/j',
  'g/jour',
  'g/24h',
  'gparjour',
  'gramme/jour',
  'grammes/jour',
  'grammesparjour',
  'gramsperday',
  'grams/day',
]);
const GRAMS_PER_WEEK = new Set([
  'g/wk',
  'g/week',
  'g/sem',
  'g/semaine',
  'gparsemaine',
  'grammes/semaine',
  'grammesparsemaine',
  'gramsperweek',
  'grams/week',
]);

/** Factor turning an alcohol quantity into grams per day, or undefined when not grams a day or week. */
export function alcoholGramsPerDayFactor(unit: string): number | undefined {
  const u = folded(unit);
  if (GRAMS_PER_DAY.has(u)) return 1;
  if (GRAMS_PER_WEEK.has(u)) return 1 / 7;
  return undefined;
}

// Insulin units and infusion rates as EHRs write them: UCUM [iU]/h, "units/hr", and the French
// "UI/h", "unités/heure". A rate the service does not read as one would let a pump's basal pass
// for an injection regimen.
const INSULIN_UNITS: ReadonlySet<string> = new Set([
  '[iu]',
  'iu',
  'u',
  '[u]',
  'unit',
  'units',
  'ui',
  'unite',
  'unites',
]);
const HOUR_UNITS: ReadonlySet<string> = new Set(['h', 'hr', 'hrs', 'hour', 'hours', '1.h', '1h', 'heure', 'heures']);

/** Lower case, no spaces, accents folded ("Unités" → "unites"). */
function folded(unit: string): string {
  return foldAccents(unit).replace(SPACES_RE, '');
}

/** Whether a unit is insulin units per hour. */
export function isInsulinRateUnit(unit: string): boolean {
  const parts = folded(unit).split('/');
  return parts.length === 2 && INSULIN_UNITS.has(parts[0]!) && HOUR_UNITS.has(parts[1]!);
}

/** Whether a unit is insulin units (for the numerator of a rate ratio). */
export function isInsulinUnit(unit: string): boolean {
  return INSULIN_UNITS.has(folded(unit));
}

/** Whether a unit is the hour (for the denominator of a rate ratio). */
export function isHourUnit(unit: string): boolean {
  return HOUR_UNITS.has(folded(unit));
}

// A blood glucose's units, as UCUM codes and as written ("mg/dL", "mmol/L", the French "g/L").
const GLUCOSE_UNITS: ReadonlySet<string> = new Set(['mg/dl', 'mmol/l', 'g/l']);

/** Whether a unit is one a blood glucose is reported in. */
export function isGlucoseUnit(unit: string): boolean {
  return GLUCOSE_UNITS.has(folded(unit));
}
