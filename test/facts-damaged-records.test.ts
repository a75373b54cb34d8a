import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadServices } from '../services/load-services.js';

/*
 * Records get damaged on the way to the service: a second coding in a local system, the same
 * record twice, a supporting field left out. Damage can hide a card, never make one: whatever is
 * done to a fixture's record here, every card the service gives is one the undamaged record gives.
 * Fields that negate a finding (statuses, end dates, as-needed flags, death dates, excluding records
 * and values, and the patient's birth date and sex, which rule patients out as often as in) are
 * never touched: removing them could rightly make a card appear.
 */

const NOW = new Date('2026-11-22T10:00:00Z');
const rules = loadServices(DEFAULT_RULES_DIR);
/*
 * The services a chart opening asks. The order hooks' services answer no card without draft
 * orders, whatever the facts, and the records here carry none: computing their facts (the widest
 * scope, pump and trials together) was half of this file's time and could never show a card.
 */
const PATIENT_VIEW = rules.services.filter((s) => s.definition.hook === 'patient-view');

type Json = Record<string, unknown>;
const DAMAGE_SYSTEM = 'http://example.org/fhir/CodeSystem/damage';
const HBA1C_CODES = new Set(['4548-4', '17856-6', '4549-2', '17855-8', '96595-4', '59261-8']);

/** The CodeableConcepts of a resource that already carry a coding. */
function codedConcepts(r: Json): Json[] {
  const out: Json[] = [];
  for (const key of ['code', 'medicationCodeableConcept', 'type', 'valueCodeableConcept']) {
    const c = r[key] as Json | undefined;
    if (c && Array.isArray(c.coding) && c.coding.length > 0) out.push(c);
  }
  return out;
}

const isHba1c = (r: Json) =>
  r.resourceType === 'Observation' &&
  ((r.code as Json | undefined)?.coding as Json[] | undefined)?.some((c) => HBA1C_CODES.has(String(c.code))) === true;

/** One kind of damage, applied to the record's resource list at a chosen position. */
type Damage = (list: Json[], at: number) => void;

const DAMAGES: readonly (readonly [string, Damage])[] = [
  [
    'a second coding in a system the service cannot read',
    (list, at) => {
      const concepts = codedConcepts(list[at % list.length]!);
      const c = concepts[at % Math.max(1, concepts.length)];
      if (c) (c.coding as Json[]).push({ system: DAMAGE_SYSTEM, code: `Z${at}` });
    },
  ],
  [
    'the same record twice, under another id',
    (list, at) => {
      const r = list[at % list.length]!;
      if (r.resourceType === 'Patient') return;
      list.push({ ...structuredClone(r), id: `${String(r.id)}-dup` });
    },
  ],
  [
    'a new record coded only in a system the service cannot read',
    // Its id is the list's length: unique however many are added, and two positions that pick
    // the same kind make the same record (checked once).
    (list, at) => {
      const patient = list.find((r) => r.resourceType === 'Patient')!;
      const subject = { reference: `Patient/${String(patient.id)}` };
      const pick = at % 3;
      if (pick === 0)
        list.push({
          resourceType: 'Condition',
          id: `dmg-c-${list.length}`,
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
          },
          code: { coding: [{ system: DAMAGE_SYSTEM, code: 'C' }] },
          subject,
        });
      else if (pick === 1)
        list.push({
          resourceType: 'MedicationRequest',
          id: `dmg-m-${list.length}`,
          status: 'active',
          intent: 'order',
          medicationCodeableConcept: { coding: [{ system: DAMAGE_SYSTEM, code: 'M' }] },
          subject,
          authoredOn: '2026-01-01',
        });
      else
        list.push({
          resourceType: 'Device',
          id: `dmg-d-${list.length}`,
          status: 'active',
          type: { coding: [{ system: DAMAGE_SYSTEM, code: 'D' }] },
          patient: subject,
        });
    },
  ],
  [
    'a Condition without its onset',
    (list, at) => {
      const conditions = list.filter((r) => r.resourceType === 'Condition');
      const c = conditions[at % Math.max(1, conditions.length)];
      if (c) for (const k of ['onsetDateTime', 'onsetPeriod', 'onsetAge', 'onsetString', 'onsetRange']) delete c[k];
    },
  ],
  [
    'an HbA1c without its value',
    (list, at) => {
      const results = list.filter(isHba1c);
      const r = results[at % Math.max(1, results.length)];
      if (r) {
        delete r.valueQuantity;
        delete r.valueString;
      }
    },
  ],
  [
    'an order or statement without its schedule (its bounds kept: an end date negates)',
    (list, at) => {
      const orders = list.filter(
        (r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement',
      );
      const o = orders[at % Math.max(1, orders.length)];
      for (const d of ((o?.dosageInstruction ?? o?.dosage) as Json[] | undefined) ?? []) {
        const timing = d.timing as Json | undefined;
        if (!timing) continue;
        delete timing.code;
        const repeat = timing.repeat as Json | undefined;
        for (const k of ['frequency', 'period', 'periodUnit', 'when', 'timeOfDay']) delete repeat?.[k];
      }
    },
  ],
];

/** The keys of the cards every service gives for a resource list. */
async function cardKeys(resources: readonly Json[], patientId: string): Promise<string[]> {
  const record = recordFromResources(patientId, resources as unknown as FhirResource[]);
  const keys: string[] = [];
  for (const service of PATIENT_VIEW) {
    const facts = computePatientFacts(record, rules.valueSets, {
      now: NOW,
      alcoholGramsPerDrink: 10,
      scope: service.factScope,
    });
    for (const card of await service.evaluate({ patientId, facts, record, now: NOW })) keys.push(card.key);
  }
  return keys.sort();
}

/** The cards of each undamaged fixture, computed once: the property compares hundreds of damages with them. */
const undamaged = new Map<string, Promise<string[]>>();
function cardsOfUndamaged(fixture: (typeof ALL_FIXTURES)[number]): Promise<string[]> {
  let keys = undamaged.get(fixture.id);
  if (!keys) {
    keys = cardKeys(structuredClone(fixture.resources(NOW)) as unknown as Json[], fixture.id);
    undamaged.set(fixture.id, keys);
  }
  return keys;
}

describe('damaged records never make a card appear', () => {
  test('the chart-opening services are the pump evaluation and the trial referral', () => {
    expect(PATIENT_VIEW.map((s) => s.definition.id).sort()).toEqual(['pump-evaluation', 'trial-referral']);
  });

  test('the damages change something: on the fixtures they hide some cards', async () => {
    let hidden = 0;
    for (const fixture of ALL_FIXTURES) {
      const list = structuredClone(fixture.resources(NOW)) as unknown as Json[];
      const before = await cardsOfUndamaged(fixture);
      DAMAGES[4]![1](list, 0);
      DAMAGES[5]![1](list, 1);
      const after = await cardKeys(list, fixture.id);
      if (after.length < before.length) hidden++;
    }
    expect(hidden).toBeGreaterThan(0);
  });

  test('any fixture, any few damages: every card is one the undamaged record gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: ALL_FIXTURES.length - 1 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: DAMAGES.length - 1 }), fc.nat({ max: 1000 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (which, damages) => {
          const fixture = ALL_FIXTURES[which]!;
          const damaged = structuredClone(fixture.resources(NOW)) as unknown as Json[];
          for (const [kind, at] of damages) DAMAGES[kind]![1](damaged, at);
          const before = await cardsOfUndamaged(fixture);
          const after = await cardKeys(damaged, fixture.id);
          const appeared = after.filter((k) => !before.includes(k));
          expect({ fixture: fixture.id, damages: damages.map(([k]) => DAMAGES[k]![0]), appeared }).toEqual({
            fixture: fixture.id,
            damages: damages.map(([k]) => DAMAGES[k]![0]),
            appeared: [],
          });
        },
      ),
      { numRuns: 400, seed: 20261203 },
    );
  });

  test.each(DAMAGES.map(([name], i) => [name, i] as const))(
    'every fixture with "%s" gives no card the undamaged record does not give',
    async (_name, i) => {
      let checked = 0;
      for (const fixture of ALL_FIXTURES) {
        // The record as JSON, as it travels: parsed again for each damage (a faster copy than
        // structuredClone), and the key of the records already checked.
        const original = JSON.stringify(fixture.resources(NOW));
        // A damage that found nothing to damage, or made a record already checked (two positions on
        // the same resource), gives the cards of that record: the service is deterministic.
        const seen = new Set([original]);
        for (const at of [0, 1, 2, 3, 5, 8]) {
          const damaged = JSON.parse(original) as Json[];
          DAMAGES[i]![1](damaged, at);
          const key = JSON.stringify(damaged);
          if (seen.has(key)) continue;
          seen.add(key);
          checked++;
          const before = await cardsOfUndamaged(fixture);
          const appeared = (await cardKeys(damaged, fixture.id)).filter((k) => !before.includes(k));
          expect({ fixture: fixture.id, at, appeared }).toEqual({ fixture: fixture.id, at, appeared: [] });
        }
      }
      // Every damage applies to a good share of the fixtures.
      expect(checked).toBeGreaterThan(ALL_FIXTURES.length / 4);
    },
  );
});
