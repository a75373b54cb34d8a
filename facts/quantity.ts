import { asObject, asString } from './json-value.js';

/** A readable Quantity: its value, its unit (UCUM code when given), and any comparator. */
export interface ReadQuantity {
  readonly value: number;
  readonly unit: string;
  readonly comparator?: '<' | '<=' | '>=' | '>';
  /** The human-readable `unit`, when a UCUM code was read in its place and it says something else. */
  readonly unitText?: string;
}

const UCUM = 'http://unitsofmeasure.org';
const COMPARATORS = new Set(['<', '<=', '>=', '>']);

/** Reads a Quantity, or returns the problem (wrong type, no number, unknown comparator). */
export function readQuantity(value: unknown): ReadQuantity | string {
  const q = asObject(value);
  if (!q) return 'value is not a Quantity';
  if (typeof q.value !== 'number' || !Number.isFinite(q.value)) return 'Quantity has no numeric value';
  const code = asString(q.code);
  const text = asString(q.unit)?.trim();
  const unit = (q.system === UCUM && code ? code : (text ?? code ?? '')).trim();
  const shown = text !== undefined && text !== '' && text !== unit ? { unitText: text } : {};
  if (q.comparator === undefined) return { value: q.value, unit, ...shown };
  if (typeof q.comparator !== 'string' || !COMPARATORS.has(q.comparator)) return 'unreadable comparator';
  return { value: q.value, unit, comparator: q.comparator as ReadQuantity['comparator'], ...shown };
}
