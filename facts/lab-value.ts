import { readConcept } from './coding.js';
import { readQuantity, type ReadQuantity } from './quantity.js';

/** A laboratory value, from valueQuantity or from a valueString that holds a number and a unit. */
export type LabValue = ReadQuantity & { readonly fromText: boolean };

// "8,4 %", "8.4%", "64 mmol/mol", "> 90 mL/min/1,73m²", "≥60": a comparator, a decimal with a
// point or a comma, and the unit; anything more (words, two numbers) is not read.
// Anchored, and only read for a short text: a long one is not a value (and cannot make it slow).
const VALUE_STRING = /^\s*(<=|>=|<|>|≤|≥)?\s*(\d+(?:[.,]\d+)?)\s*([^\d\s][^\d]*(?:\d[.,]\d+\s*m(?:2|²)?)?)?\s*$/;

const COMPARATORS: Readonly<Record<string, ReadQuantity['comparator']>> = {
  '<': '<',
  '<=': '<=',
  '≤': '<=',
  '>': '>',
  '>=': '>=',
  '≥': '>=',
};

/**
 * Reads a value written as text ("8,4 %"), or undefined when it is not one number with a unit.
 * `unitless` also reads a number with no unit ("<15"), as unit "", for a code that implies its unit.
 */
export function readValueString(text: string, unitless = false): ReadQuantity | undefined {
  if (text.length > 64) return undefined;
  const m = VALUE_STRING.exec(text);
  if (!m?.[2] || (!m[3] && !unitless)) return undefined;
  const value = Number(m[2].replace(',', '.'));
  if (!Number.isFinite(value)) return undefined;
  const comparator = m[1] ? COMPARATORS[m[1]] : undefined;
  const unit = (m[3] ?? '').trim().replace(/1,73/, '1.73');
  return comparator ? { value, unit, comparator } : { value, unit };
}

/**
 * The value of a result: valueQuantity, else a valueString holding one number and its unit. A
 * result with dataAbsentReason and no value is not a result (undefined); anything else
 * unreadable, a value beside a dataAbsentReason included, is a problem, which makes "the latest"
 * unknown if it is the newest.
 */
export function readLabValue(r: Record<string, unknown>): LabValue | string | undefined {
  // FHIR R4 invariant obs-6: dataAbsentReason only when there is no value
  // (https://hl7.org/fhir/R4/observation.html#invs). Both together ("8.9 %" with reason "error")
  // leave the value in doubt: a problem, never a result.
  if (r.dataAbsentReason !== undefined && (r.valueQuantity !== undefined || r.valueString !== undefined)) {
    return 'a value and a dataAbsentReason together (FHIR obs-6)';
  }
  if (r.valueQuantity !== undefined) {
    const q = readQuantity(r.valueQuantity);
    return typeof q === 'string' ? q : { ...q, fromText: false };
  }
  if (typeof r.valueString === 'string') {
    const q = readValueString(r.valueString);
    return q ? { ...q, fromText: true } : 'valueString is not a number with a unit';
  }
  // "masked" (http://terminology.hl7.org/CodeSystem/data-absent-reason): a value exists and is
  // withheld from this reader. The newest result hidden so must not let an older one decide (a
  // review, 2026-12-07); every other reason (not performed, error, unknown) is no result.
  if (r.dataAbsentReason !== undefined)
    return readConcept(r.dataAbsentReason).codings.some((c) => c.code?.trim() === 'masked')
      ? 'the value is masked (withheld from this reader)'
      : undefined;
  return 'no value';
}
