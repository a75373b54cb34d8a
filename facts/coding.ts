import type { ValueSetIndex } from '../rules/value-sets.js';
import { asList, asObject, asString } from './json-value.js';

/** One readable coding. */
export interface ReadCoding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}

/** A CodeableConcept as far as it could be read; `malformed` when some part had the wrong shape. */
export interface ReadConcept {
  readonly codings: readonly ReadCoding[];
  readonly text?: string;
  readonly malformed: boolean;
}

const EMPTY: ReadConcept = { codings: [], malformed: false };

/** Reads a CodeableConcept; absent gives an empty concept, anything unreadable sets `malformed`. */
export function readConcept(value: unknown): ReadConcept {
  if (value === undefined || value === null) return EMPTY;
  const obj = asObject(value);
  if (!obj) return { codings: [], malformed: true };
  const list = asList(obj.coding);
  let malformed = list === null || (obj.text !== undefined && typeof obj.text !== 'string');
  const codings: ReadCoding[] = [];
  for (const item of list ?? []) {
    const c = asObject(item);
    if (
      !c ||
      (c.code !== undefined && typeof c.code !== 'string') ||
      (c.system !== undefined && typeof c.system !== 'string')
    ) {
      malformed = true;
      continue;
    }
    codings.push({ system: asString(c.system), code: asString(c.code), display: asString(c.display) });
  }
  return { codings, text: asString(obj.text), malformed };
}

/** Whether the concept carries anything at all to match on. */
export function isEmptyConcept(concept: ReadConcept): boolean {
  return concept.codings.every((c) => !c.code) && !concept.text;
}

/** Ids of the value sets any coding of the concept belongs to. */
export function conceptValueSets(valueSets: ValueSetIndex, concept: ReadConcept): string[] {
  const out: string[] = [];
  for (const c of concept.codings) {
    for (const id of valueSets.matchCoding(c.system, c.code)) if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** Whether some coding has one of the codes, from the system when the coding names one. */
export function hasCode(concept: ReadConcept, system: string, codes: ReadonlySet<string>): boolean {
  return concept.codings.some((c) => c.code !== undefined && codes.has(c.code) && (!c.system || c.system === system));
}

/** The words a concept carries: its text and its codings' displays, blank ones left out. */
export function conceptWords(concept: ReadConcept): string[] {
  const out: string[] = [];
  for (const w of [concept.text, ...concept.codings.map((c) => c.display)])
    if (w !== undefined && w.trim() !== '') out.push(w);
  return out;
}

/** A short human label: text, else the first display, else `code`. Never patient data. */
export function conceptLabel(concept: ReadConcept): string | undefined {
  return concept.text ?? concept.codings.find((c) => c.display)?.display ?? concept.codings.find((c) => c.code)?.code;
}
