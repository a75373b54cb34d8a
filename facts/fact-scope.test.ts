import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadServices } from '../services/load-services.js';
import type { CdsService } from '../services/service.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';
import { factScope, scopeCovers, type FactScope } from './fact-scope.js';
import type { RuleFacts } from './rule-facts.js';
import { expectEqual } from '../test/support/expect-equal.js';

const rules = loadServices(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const scoped: readonly CdsService[] = rules.services;

const factsOf = (record: PatientRecord, scope?: FactScope) =>
  computePatientFacts(record, rules.valueSets, { now: NOW, alcoholGramsPerDrink: 10, ...(scope ? { scope } : {}) });

/*
 * Whether a scope covers a name, asked once per scope and name: every fixture's full facts carry
 * the same thousand-odd names, and parsing each again for every comparison took about 0.3 s of
 * this file's 8 to 9 s in a CPU profile.
 */
const coverage = new WeakMap<FactScope, Map<string, boolean>>();
function covers(scope: FactScope, name: string): boolean {
  let known = coverage.get(scope);
  if (!known) coverage.set(scope, (known = new Map()));
  let yes = known.get(name);
  if (yes === undefined) known.set(name, (yes = scopeCovers(scope, name)));
  return yes;
}

/**
 * The rule facts restricted to the names a scope covers, as plain objects for comparison (which
 * ignores the order of their keys, so they are not sorted).
 */
function covered(facts: RuleFacts, scope: FactScope) {
  const pick = <T>(m: ReadonlyMap<string, T>) => {
    const out: Record<string, T> = {};
    for (const [name, value] of m) if (covers(scope, name)) out[name] = value;
    return out;
  };
  return {
    values: pick(facts.values),
    evidence: pick(facts.evidence),
    notes: pick(facts.notes),
    unknownReasons: pick(facts.unknownReasons),
    ageDays: pick(facts.ageDays),
  };
}

/** Cards without their random uuids, from the given facts or those of the scope. */
async function cardsOf(
  service: CdsService,
  record: PatientRecord,
  scope?: FactScope,
  facts: ReturnType<typeof factsOf> = factsOf(record, scope),
) {
  const proposed = await service.evaluate({ patientId: record.patientId, facts, record, now: NOW });
  return JSON.parse(
    JSON.stringify(proposed).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'uuid'),
  ) as unknown;
}

/** A scope as comparable text: two services with the same text compute the same facts. */
const scopeText = (scope: FactScope) =>
  JSON.stringify([scope.facts, scope.named, scope.coded], (_key, value: unknown) =>
    value instanceof Set ? [...(value as Set<string>)].sort() : value,
  );
/** The distinct scopes, each with the services that declare it, in service order. */
const scopeGroups = [
  ...scoped
    .reduce((groups, service) => {
      const text = scopeText(service.factScope);
      groups.set(text, [...(groups.get(text) ?? []), service]);
      return groups;
    }, new Map<string, CdsService[]>())
    .values(),
].map((services) => ({ services, label: services.map((s) => s.definition.id).join(' and ') }));
/*
 * Every scope's facts are compared with the full computation, once for services that share one;
 * the cards only for the services a chart opening asks. The order hooks' services answer no card
 * without draft orders, whatever the facts, and these records carry none
 * (test/order-hooks.int.test.ts has records with draft orders).
 */
const answersWithoutOrders = (service: CdsService) => service.definition.hook === 'patient-view';
const cardCases = ALL_FIXTURES.flatMap((fixture) =>
  scoped.filter(answersWithoutOrders).map((service) => ({ fixture, service })),
);

/*
 * Each fixture's record and its full computation, made once and compared with every service's
 * scoped one: computing every fact was most of this file's time, four times per fixture.
 * Sharing them is safe: the services and the comparisons only read facts and records.
 */
type Facts = ReturnType<typeof factsOf>;
const fixtureRuns = new Map<string, { record: PatientRecord; full: Facts; scoped: Map<CdsService, Facts> }>();
function fixtureRun(fixture: (typeof ALL_FIXTURES)[number]) {
  let run = fixtureRuns.get(fixture.id);
  if (!run) {
    const record = recordFromResources(fixture.id, fixture.resources(NOW));
    fixtureRuns.set(fixture.id, (run = { record, full: factsOf(record), scoped: new Map() }));
  }
  return run;
}

/** A fixture's facts as the service computes them (its scope), shared by the facts and cards rows. */
function scopedRun(fixture: (typeof ALL_FIXTURES)[number], service: CdsService) {
  const run = fixtureRun(fixture);
  let facts = run.scoped.get(service);
  if (!facts) run.scoped.set(service, (facts = factsOf(run.record, service.factScope)));
  return { ...run, facts };
}

describe('factScope', () => {
  test('maps rule names to facts of the table and value sets, and always adds the patient status', () => {
    const scope = factScope(
      ['insulin'],
      ['age', 'hba1c.ageDays', 'condition.t2d', 'medication.metformin.startedDays', 'pump'],
    );
    expect([...scope.facts].sort()).toEqual(['age', 'hba1c', 'insulin', 'patient', 'pump']);
    expect([...scope.coded.condition]).toEqual(['t2d']);
    expect([...scope.coded.medication]).toEqual(['metformin']);
    expect(scope.coded.procedure.size).toBe(0);
    expect(scopeCovers(scope, 'hba1c.percent')).toBe(true);
    expect(scopeCovers(scope, 'egfr.value')).toBe(false);
    expect(scopeCovers(scope, 'condition.t1d')).toBe(false);
  });

  test('refuses a name that is not a fact', () => {
    expect(() => factScope([], ['hba1c'])).toThrow(/not a known fact name/);
  });

  test.each(scoped.map((s) => [s.definition.id, s] as const))('%s reads fewer facts than exist', (_id, service) => {
    const record = recordFromResources('p', ALL_FIXTURES[0]!.resources(NOW));
    const full = factsOf(record);
    const mine = factsOf(record, service.factScope);
    expect(mine.rule.evidence.size).toBeGreaterThan(0);
    expect(mine.rule.evidence.size).toBeLessThan(full.rule.evidence.size);
  });
});

describe('a service computing only its scope', () => {
  test("the order hooks share one scope, and it differs from each chart-opening service's", () => {
    expect(scopeGroups.map((g) => g.label)).toEqual([
      'pump-evaluation',
      'trial-referral',
      'diabetes-order-select and diabetes-order-sign',
    ]);
  });

  test.each(
    ALL_FIXTURES.flatMap((fixture) => scopeGroups.map((g) => [fixture.id, g.label, fixture, g.services[0]!] as const)),
  )('%s, %s: the facts of its scope equal the full computation', (_f, _s, fixture, service) => {
    const { facts, full } = scopedRun(fixture, service);
    const scope = service.factScope;
    expectEqual(covered(facts.rule, scope), covered(full.rule, scope));
  });

  test.each(cardCases.map((c) => [c.fixture.id, c.service.definition.id, c] as const))(
    '%s, %s: the cards equal those from every fact',
    async (_f, _s, { fixture, service }) => {
      const { record, facts, full } = scopedRun(fixture, service);
      expectEqual(
        await cardsOf(service, record, service.factScope, facts),
        await cardsOf(service, record, undefined, full),
      );
    },
  );

  // Damaged records: statuses, codes and dates that are missing or wrong, resources dropped or repeated.
  type Json = Record<string, unknown>;
  const damage = fc.constantFrom<(r: Json) => void>(
    (r) => delete r.code,
    (r) => (r.status = 'weird'),
    (r) => delete r.clinicalStatus,
    (r) => (r.code = { text: String(r.resourceType) === 'Condition' ? 'diabetes type 1' : 'insulin glargine' }),
    (r) => (r.code = 42),
    (r) => (r.effectiveDateTime = 'yesterday'),
    (r) => (r.medicationReference = { reference: 'Medication/missing' }),
    (r) => delete r.medicationCodeableConcept,
    (r) => (r.dosageInstruction = [{ timing: { repeat: { frequency: 'x' } } }]),
  );

  test('damaged fixture records: the facts and cards agree with the full computation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: ALL_FIXTURES.length - 1 }),
        fc.array(fc.tuple(fc.nat(), damage), { maxLength: 4 }),
        fc.nat(),
        async (which, edits, drop) => {
          const fixture = ALL_FIXTURES[which]!;
          const list = structuredClone(fixture.resources(NOW)) as unknown as Json[];
          for (const [i, edit] of edits) edit(list[i % list.length]!);
          if (list.length > 1 && drop % 3 === 0) list.splice(drop % list.length, 1);
          const record = recordFromResources(fixture.id, list as unknown as FhirResource[]);
          const full = factsOf(record);
          // Each distinct scope computed once, as in the tables above, and its facts given to the
          // cards of every chart-opening service that declares it.
          for (const { services } of scopeGroups) {
            const scope = services[0]!.factScope;
            const mine = factsOf(record, scope);
            expectEqual(covered(mine.rule, scope), covered(full.rule, scope));
            for (const service of services.filter(answersWithoutOrders))
              expectEqual(await cardsOf(service, record, scope, mine), await cardsOf(service, record, undefined, full));
          }
        },
      ),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
