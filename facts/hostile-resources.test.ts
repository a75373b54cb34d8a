import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';
import { listFactNames } from './fact-names.js';
import type { RuleValue as FactScalar } from '../rules/condition-evaluator.js';
import { expectRegisteredTypes } from '../test/support/fact-types.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const names = listFactNames(valueSets);

type Json = Record<string, unknown>;

function factsOf(record: PatientRecord) {
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
}

/** The pump rule of rules/pump-evaluation.rules.json, as docs/clinical-rules.md, "Insulin pump evaluation card" states it. */
function pumpRulePasses(v: ReadonlyMap<string, FactScalar>): boolean {
  const n = (name: string) => v.get(name) as number;
  return (
    v.get('condition.t2d') === true &&
    v.get('condition.t1d') === false &&
    n('age') >= 18 &&
    v.get('insulin.basal') === true &&
    n('insulin.rapidInjectionsPerDay') >= 2 &&
    n('hba1c.percent') >= 8 &&
    n('hba1c.ageDays') <= 183 &&
    v.get('pump') === false
  );
}

const base = ALL_FIXTURES.find((f) => f.id === 'pump-positive-tid-code')!;
const P = 'pump-positive-tid-code';

/** The positive fixture's resources with one corruption applied (deep-copied first). */
function corrupted(edit: (byId: Map<string, Json>, list: unknown[]) => void): PatientRecord {
  const list = structuredClone(base.resources(NOW)) as unknown as Json[];
  const byId = new Map(list.map((r) => [String(r.id), r]));
  const all: unknown[] = [...list];
  edit(byId, all);
  return recordFromResources(P, all as FhirResource[]);
}
const get = (m: Map<string, Json>, id: string) => m.get(`${P}-${id}`)!;

describe('no card from missing or invalid data', () => {
  test('the untouched positive passes the pump rule', () => {
    expect(pumpRulePasses(factsOf(corrupted(() => undefined)).rule.values)).toBe(true);
  });

  test.each<[string, (m: Map<string, Json>, list: unknown[]) => void]>([
    ['HbA1c value as a string', (m) => (get(m, 'hba1c').valueQuantity = '8.4 %')],
    ['HbA1c value in mg/dL', (m) => (get(m, 'hba1c').valueQuantity = { value: 8.4, unit: 'mg/dL' })],
    ['HbA1c dated 2026-13-45', (m) => (get(m, 'hba1c').effectiveDateTime = '2026-13-45')],
    ['HbA1c with an unknown status', (m) => (get(m, 'hba1c').status = 'maybe')],
    ['T2D clinicalStatus as a plain string', (m) => (get(m, 't2d').clinicalStatus = 'active')],
    [
      'T2D coding as an object instead of a list',
      (m) => ((get(m, 't2d').code as Json).coding = { system: 'http://snomed.info/sct', code: '44054006' }),
    ],
    [
      'rapid dosageInstruction as an object',
      (m) => (get(m, 'rapid').dosageInstruction = { timing: { code: { coding: [{ code: 'TID' }] } } }),
    ],
    ['rapid timing as a string', (m) => (get(m, 'rapid').dosageInstruction = [{ timing: 'TID' }])],
    ['rapid drug as a number', (m) => (get(m, 'rapid').medicationCodeableConcept = 42)],
    ['basal status as a number', (m) => (get(m, 'basal').status = 7)],
    ['birth date 30 February', (m) => (get(m, '').birthDate = '1963-02-30')],
    [
      'an active Condition with an empty code',
      (_m, l) =>
        l.push({ resourceType: 'Condition', id: 'x', clinicalStatus: { coding: [{ code: 'active' }] }, code: {} }),
    ],
    [
      'an active Device with an unreadable type',
      (_m, l) =>
        l.push({
          resourceType: 'Device',
          id: 'd',
          status: 'active',
          type: 'pump',
          patient: { reference: `Patient/${P}` },
        }),
    ],
    [
      'an active order of an unresolvable Medication',
      (_m, l) =>
        l.push({
          resourceType: 'MedicationRequest',
          id: 'm',
          status: 'active',
          intent: 'order',
          medicationReference: { reference: 'Medication/gone' },
        }),
    ],
  ])('%s: the pump rule cannot pass', (_name, edit) => {
    const record = corrupted((m, l) => {
      // The Patient's id is the bare patient id, not `<id>-<suffix>`.
      m.set(`${P}-`, m.get(P)!);
      edit(m, l);
    });
    const facts = factsOf(record);
    expect(pumpRulePasses(facts.rule.values)).toBe(false);
    expect(facts.dataQuality.length).toBeGreaterThan(0);
  });

  const withConditions = (r: PatientRecord, list: unknown): Partial<PatientRecord> => ({
    resources: new Map([...r.resources, ['Condition', list as never]]),
  });
  test.each<[string, (r: PatientRecord) => Partial<PatientRecord>]>([
    ['no Patient', () => ({ patient: undefined })],
    ['Device not loaded', () => ({ loaded: new Set(['Patient', 'Condition', 'Observation', 'MedicationRequest']) })],
    ['Conditions truncated', () => ({ truncated: new Set(['Condition']) })],
    ['the Condition list not a list', (r) => withConditions(r, { 0: r.resources.get('Condition')?.[0] })],
    ['a null in the Condition list', (r) => withConditions(r, [...(r.resources.get('Condition') ?? []), null])],
  ])('%s: the pump rule cannot pass', (_name, tweak) => {
    const record = corrupted(() => undefined);
    const facts = factsOf({ ...record, ...tweak(record) });
    expect(pumpRulePasses(facts.rule.values)).toBe(false);
    expect(facts.rule.values.get('hba1c.percent')).toBe(8.4);
  });

  test('a record that is not even a record gives all-unknown facts instead of throwing', () => {
    const broken = { patientId: 'p', resources: {}, loaded: [], truncated: null } as unknown as PatientRecord;
    const facts = factsOf(broken);
    expect(facts.rule.values.size).toBe(0);
    expect(facts.dataQuality).toEqual(['internal error while computing facts']);
  });
});

/** Every path (object keys and array indexes) inside a JSON value. */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    out.push([...prefix, key]);
    pathsOf(v, [...prefix, key], out);
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

describe('hostile resources never make fact computation throw', () => {
  test('any one field of any fixture replaced by any JSON value', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.jsonValue(), (f, r, p, value) => {
        const fixture = ALL_FIXTURES[f % ALL_FIXTURES.length]!;
        const resources = structuredClone(fixture.resources(NOW));
        const resource = resources[r % resources.length]!;
        const paths = pathsOf(resource).filter((path) => path[0] !== 'resourceType');
        const path = paths[p % paths.length];
        if (path) setAt(resource, path, value);
        const facts = factsOf(recordFromResources(fixture.id, resources));
        expectRegisteredTypes(facts.rule.values, names);
        // The property may have replaced the names, a name or a family with any JSON value: only a
        // string in a list of names is a name.
        const patient = resources[0]?.resourceType === 'Patient' ? resources[0] : undefined;
        const patientNames: unknown = patient?.name;
        const families = (Array.isArray(patientNames) ? (patientNames as unknown[]) : [])
          .map((n) => (n as { family?: unknown } | null)?.family)
          .filter((family): family is string => typeof family === 'string' && family !== '');
        const badLines = facts.dataQuality.filter(
          (line) =>
            !/^[A-Za-z]+\/[A-Za-z0-9\-.()\s]+: \S/.test(line) || families.some((family) => line.includes(family)),
        );
        expect(badLines).toEqual([]);
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  test.each<[string, unknown]>([
    ['a string', 'Observation'],
    ['a number', 42],
    ['an array', [1, 2]],
    [
      'an object with every field the wrong type',
      { resourceType: 'Observation', id: 7, status: [], code: 'HbA1c', effectiveDateTime: {}, valueQuantity: [] },
    ],
    ['a Condition with nothing but an id', { resourceType: 'Condition', id: 'c' }],
    [
      'a MedicationRequest with a garbage dosage',
      {
        resourceType: 'MedicationRequest',
        id: 'm',
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: { text: 'Humalog' },
        dosageInstruction: [null, 'x', { timing: { repeat: 'TID' } }],
      },
    ],
    ['a Device list of junk', { resourceType: 'Device', id: 'd', type: [], patient: 'me', deviceName: 'pump' }],
  ])('%s in every list', (_name, junk) => {
    const types = [
      'Condition',
      'Observation',
      'MedicationRequest',
      'MedicationStatement',
      'Device',
      'DeviceUseStatement',
      'Procedure',
      'DiagnosticReport',
    ];
    const record: PatientRecord = {
      ...recordFromResources('p1', []),
      patient: junk as never,
      resources: new Map(types.map((t) => [t, [junk] as never[]])),
      medications: new Map([['Medication/x', junk as never]]),
    };
    const facts = factsOf(record);
    expect(pumpRulePasses(facts.rule.values)).toBe(false);
    expect(facts.dataQuality).not.toContain('internal error while computing facts');
  });
});
