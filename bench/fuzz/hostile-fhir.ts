import fc from 'fast-check';
import type { CardExpectation } from './fuzz-case.js';
import { FUZZ_PATIENT, type ServiceId } from './fuzz-context.js';

type Json = Record<string, unknown>;

/** Every copy of a resource in a prefetch (a resource can sit under several keys). */
export function resourcesIn(prefetch: Json, match: (r: Json) => boolean): Json[] {
  const out: Json[] = [];
  for (const value of Object.values(prefetch)) {
    if (typeof value !== 'object' || value === null) continue;
    const v = value as Json;
    if (v.resourceType === 'Bundle' && Array.isArray(v.entry)) {
      for (const e of v.entry as Json[]) {
        const r = e?.resource as Json | undefined;
        if (r && match(r)) out.push(r);
      }
    } else if (match(v)) out.push(v);
  }
  return out;
}

const id = (suffix: string) => (suffix ? `${FUZZ_PATIENT}-${suffix}` : FUZZ_PATIENT);
const byId = (suffix: string) => (r: Json) => r.id === id(suffix);

/** The Bundle under `key` (created empty when the EHR sent none), to add entries to. */
function bundleOf(prefetch: Json, key: string): Json[] | undefined {
  const b = prefetch[key] as Json | undefined;
  if (!b || b.resourceType !== 'Bundle') return undefined;
  if (!Array.isArray(b.entry)) b.entry = [];
  return b.entry as Json[];
}

/** A change to the benchmark patient's records whose effect on each card is known. */
export interface HostileMutation {
  readonly name: string;
  /** The card of each service after the change. */
  readonly pump: CardExpectation;
  readonly trial: CardExpectation;
  /** Resources the change makes invalid: never cited as evidence. */
  readonly corrupted: readonly string[];
  /** Evidence text that would come from the corrupted part of a resource that stays citable for the rest. */
  readonly forbidden?: readonly string[];
  /** Status other than 200 (e.g. 400 for another patient's resource). */
  readonly status?: number;
  readonly code?: string;
  apply(prefetch: Json): void;
}

const each = (suffix: string, edit: (r: Json) => void) => (p: Json) => resourcesIn(p, byId(suffix)).forEach(edit);

/**
 * Hostile edits of the latest HbA1c (8.9 %, 21 days ago). The service must treat an unreadable
 * latest result as unknown ("the latest HbA1c cannot be read"), so neither the pump card nor
 * the trial card (HbA1c is a key criterion) may fire, and the result is never cited.
 */
const LATEST_HBA1C: readonly [string, (r: Json) => void][] = [
  ['value as a string', (r) => (r.valueQuantity = '8.9 %')],
  ['value.value as a string', (r) => ((r.valueQuantity as Json).value = '8.9')],
  [
    'unit mg/dL (cannot be converted)',
    (r) => (r.valueQuantity = { value: 8.9, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' }),
  ],
  ['unit "banana"', (r) => (r.valueQuantity = { value: 8.9, unit: 'banana' })],
  ['date 2024-13-45', (r) => (r.effectiveDateTime = '2024-13-45')],
  ['date "yesterday"', (r) => (r.effectiveDateTime = 'yesterday')],
  ['valueQuantity as an array', (r) => (r.valueQuantity = [r.valueQuantity])],
  ['status "maybe"', (r) => (r.status = 'maybe')],
  ['value -8.9', (r) => ((r.valueQuantity as Json).value = -8.9)],
  ['value 89 %', (r) => ((r.valueQuantity as Json).value = 89)],
  // "< 8.9 %" allows values either side of 8 % (and of 6.5 %): unknown, like an unreadable value.
  ['a comparator "<"', (r) => ((r.valueQuantity as Json).comparator = '<')],
  [
    'a valueString with no unit',
    (r) => {
      delete r.valueQuantity;
      r.valueString = '8.9';
    },
  ],
];

/** Every hostile edit with its known outcome. */
export const HOSTILE_MUTATIONS: readonly HostileMutation[] = [
  ...LATEST_HBA1C.map(([name, edit]): HostileMutation => ({
    name: `latest HbA1c: ${name}`,
    pump: 'none',
    trial: 'none',
    corrupted: [id('hba1c')],
    apply: each('hba1c', edit),
  })),
  {
    // Beyond the assay's range labs report a bound: "> 8.9 %" clears 8 % and 6.5 %.
    name: 'latest HbA1c reported as "> 8.9 %"',
    pump: 'fires',
    trial: 'fires',
    corrupted: [],
    apply: each('hba1c', (r) => ((r.valueQuantity as Json).comparator = '>')),
  },
  {
    // Labs that send results as text: "8,9 %" is a number with its unit, read as such.
    name: 'latest HbA1c as a valueString "8,9 %"',
    pump: 'fires',
    trial: 'fires',
    corrupted: [],
    apply: each('hba1c', (r) => {
      delete r.valueQuantity;
      r.valueString = '8,9 %';
    }),
  },
  {
    name: 'latest HbA1c: code.coding as an object',
    pump: 'any',
    trial: 'any',
    corrupted: [id('hba1c')],
    apply: each('hba1c', (r) => ((r.code as Json).coding = ((r.code as Json).coding as Json[])[0])),
  },
  {
    name: 'older HbA1c (mmol/mol, 300 days) value as a string: the latest still stands',
    pump: 'fires',
    trial: 'fires',
    corrupted: [id('hba1c-older')],
    apply: each('hba1c-older', (r) => (r.valueQuantity = '86 mmol/mol')),
  },
  {
    name: 'older HbA1c dated 2024-13-45 (it could be the latest)',
    pump: 'any',
    trial: 'any',
    corrupted: [id('hba1c-older')],
    apply: each('hba1c-older', (r) => (r.effectiveDateTime = '2024-13-45')),
  },
  {
    name: 'birth date 30 February',
    pump: 'none',
    trial: 'any',
    corrupted: [],
    forbidden: [`birth date (Patient/${FUZZ_PATIENT}`],
    apply: each('', (r) => (r.birthDate = '1968-02-30')),
  },
  {
    name: 'birth date a number',
    pump: 'none',
    trial: 'any',
    corrupted: [],
    forbidden: [`birth date (Patient/${FUZZ_PATIENT}`],
    apply: each('', (r) => (r.birthDate = 19680817)),
  },
  {
    name: 'no birth date',
    pump: 'none',
    trial: 'any',
    corrupted: [],
    forbidden: [`birth date (Patient/${FUZZ_PATIENT}`],
    apply: each('', (r) => delete r.birthDate),
  },
  {
    name: 'the Patient of another patient',
    pump: 'any',
    trial: 'any',
    corrupted: [],
    status: 400,
    code: 'invalid-prefetch',
    apply: each('', (r) => (r.id = 'someone-else')),
  },
  {
    name: 'an HbA1c of another patient',
    pump: 'any',
    trial: 'any',
    corrupted: [],
    status: 400,
    code: 'invalid-prefetch',
    apply: each('hba1c-prev', (r) => (r.subject = { reference: 'Patient/someone-else' })),
  },
  {
    name: 'an active Condition with no code (could be type 1 diabetes)',
    pump: 'none',
    trial: 'any',
    corrupted: [],
    apply: (p) =>
      bundleOf(p, 'conditions')?.push({
        resource: {
          resourceType: 'Condition',
          id: id('no-code'),
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
          },
          subject: { reference: `Patient/${FUZZ_PATIENT}` },
        },
        search: { mode: 'match' },
      }),
  },
  {
    name: 'T2D problem-list entry: code removed',
    pump: 'none',
    trial: 'any',
    corrupted: [id('t2d')],
    apply: each('t2d', (r) => delete r.code),
  },
  {
    name: 'T2D: clinicalStatus as a plain string',
    pump: 'any',
    trial: 'any',
    corrupted: [id('t2d')],
    apply: each('t2d', (r) => (r.clinicalStatus = 'active')),
  },
  {
    name: 'T2D: code.coding as an object',
    pump: 'any',
    trial: 'any',
    corrupted: [id('t2d')],
    apply: each('t2d', (r) => ((r.code as Json).coding = ((r.code as Json).coding as Json[])[0])),
  },
  {
    name: 'both T2D records removed',
    pump: 'none',
    trial: 'none',
    corrupted: [],
    apply: (p) => {
      for (const entries of Object.values(p).map((v) => (v as Json | null)?.entry)) {
        if (!Array.isArray(entries)) continue;
        const keep = (entries as Json[]).filter(
          (e) => ![id('t2d'), id('t2d-encounter')].includes(String((e.resource as Json)?.id)),
        );
        entries.splice(0, entries.length, ...keep);
      }
    },
  },
  {
    name: 'rapid insulin: dosageInstruction as an object',
    pump: 'none',
    trial: 'none',
    corrupted: [id('rapid')],
    apply: each('rapid', (r) => (r.dosageInstruction = (r.dosageInstruction as Json[])[0])),
  },
  {
    name: 'rapid insulin: frequency "three"',
    pump: 'none',
    trial: 'none',
    corrupted: [id('rapid')],
    apply: each('rapid', (r) => {
      const timing = ((r.dosageInstruction as Json[])[0]!.timing as Json).repeat as Json;
      timing.frequency = 'three';
    }),
  },
  {
    name: 'basal insulin: drug as a number',
    pump: 'none',
    trial: 'none',
    corrupted: [id('basal')],
    apply: each('basal', (r) => (r.medicationCodeableConcept = 42)),
  },
  {
    name: 'basal insulin: status as a number',
    pump: 'none',
    trial: 'any',
    corrupted: [id('basal')],
    apply: each('basal', (r) => (r.status = 7)),
  },
  {
    name: 'an active Device whose type is a string (a pump cannot be ruled out)',
    pump: 'none',
    trial: 'any',
    corrupted: [],
    apply: (p) =>
      bundleOf(p, 'devices')?.push({
        resource: {
          resourceType: 'Device',
          id: id('mystery-device'),
          status: 'active',
          type: 'pump',
          patient: { reference: `Patient/${FUZZ_PATIENT}` },
        },
        search: { mode: 'match' },
      }),
  },
  {
    name: 'eGFR as a string (trial exclusion left to confirm)',
    pump: 'fires',
    trial: 'any',
    corrupted: [id('egfr')],
    apply: each('egfr', (r) => (r.valueQuantity = '78')),
  },
  {
    name: 'an Observation with a string value among the HbA1c results, coded glucose',
    pump: 'any',
    trial: 'any',
    corrupted: [id('glucose-text')],
    apply: (p) =>
      bundleOf(p, 'hba1c')?.push({
        resource: {
          resourceType: 'Observation',
          id: id('glucose-text'),
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] },
          subject: { reference: `Patient/${FUZZ_PATIENT}` },
          effectiveDateTime: new Date().toISOString(),
          valueString: 'high',
        },
        search: { mode: 'match' },
      }),
  },
];

/** The edits that keep the patient a valid positive: extensions, shuffled entries, harmless noise. */
export const HARMLESS_EDITS: readonly [string, (p: Json, rnd: () => number) => void][] = [
  [
    'an extension on every resource',
    (p) =>
      resourcesIn(p, () => true).forEach((r) => {
        r.extension = [{ url: 'http://example.org/fuzz', valueString: 'x' }];
      }),
  ],
  [
    'bundle entries shuffled',
    (p, rnd) => {
      for (const v of Object.values(p)) {
        const entries = (v as Json | null)?.entry;
        if (Array.isArray(entries)) entries.sort(() => rnd() - 0.5);
      }
    },
  ],
  [
    'meta and text on every resource',
    (p) =>
      resourcesIn(p, () => true).forEach((r) => {
        r.meta = { versionId: '7', lastUpdated: '2026-01-01T00:00:00Z', tag: [{ code: 'fuzz' }] };
        r.text = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">fuzz</div>' };
      }),
  ],
];

/** An edit chosen at random, applied to one service's prefetch. */
export const hostileMutation = fc.constantFrom(...HOSTILE_MUTATIONS);

/** The expected card of a service under a mutation. */
export function expectedCard(m: HostileMutation, service: ServiceId): CardExpectation {
  return service === 'pump-evaluation' ? m.pump : m.trial;
}
