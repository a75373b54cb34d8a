import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { listFactNames } from '../facts/fact-names.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import type { FixturePatient } from '../sandbox/patients/fixture.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { REAL_WORLD_FIXTURES } from '../sandbox/patients/real-world/real-world-fixtures.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { loadServices } from '../services/load-services.js';
import { expectPumpCard } from './support/card-expectations.js';

/*
 * The real-world fixtures: patients written the way hospitals write records, each on one side of
 * one rule of docs/clinical-rules.md. test/fixtures-http.int.test.ts runs every one of them through
 * HTTP, on the prefetch path and the FHIR path, and checks the content of their cards; this file
 * checks the set itself and the status of every trial criterion each one decides.
 */

const NOW = new Date('2026-11-22T10:00:00Z');
const rules = loadServices(DEFAULT_RULES_DIR);
const catalogue = loadTrialCatalogue(join(DEFAULT_RULES_DIR, 'trials'), listFactNames(rules.valueSets));

/** Each fixture's record and facts, computed once: the trial, explanation and pump tables read them. */
const computed = new Map<string, { record: PatientRecord; facts: ReturnType<typeof computePatientFacts> }>();
function factsOf(fixture: FixturePatient) {
  let run = computed.get(fixture.id);
  if (!run) {
    const record = recordFromResources(fixture.id, fixture.resources(NOW));
    run = { record, facts: computePatientFacts(record, rules.valueSets, { now: NOW, alcoholGramsPerDrink: 10 }) };
    computed.set(fixture.id, run);
  }
  return run;
}

const byRule = new Map<string, FixturePatient[]>();
for (const f of REAL_WORLD_FIXTURES) byRule.set(f.rule ?? '(none)', [...(byRule.get(f.rule ?? '(none)') ?? []), f]);

describe('the real-world fixture set', () => {
  test('holds at least 60 patients, each with its rule, style and case, all in ALL_FIXTURES', () => {
    expect(REAL_WORLD_FIXTURES.length).toBeGreaterThanOrEqual(60);
    for (const f of REAL_WORLD_FIXTURES) {
      expect([f.id, typeof f.rule, f.style, f.case]).toEqual([f.id, 'string', expect.any(String), expect.any(String)]);
      expect(ALL_FIXTURES).toContain(f);
    }
    expect(new Set(ALL_FIXTURES.map((f) => f.id)).size).toBe(ALL_FIXTURES.length);
  });

  test('is written both ways: French records and US records', () => {
    const styles = REAL_WORLD_FIXTURES.map((f) => f.style);
    expect(styles.filter((s) => s === 'fr').length).toBeGreaterThanOrEqual(20);
    expect(styles.filter((s) => s === 'us').length).toBeGreaterThanOrEqual(20);
  });

  test.each([...byRule.keys()].map((rule) => [rule]))(
    '"%s": at least three patients, one where the card fires, one where it must not, one where the fact is unknown',
    (rule) => {
      const cases = byRule.get(rule)!.map((f) => f.case);
      expect(cases.length).toBeGreaterThanOrEqual(3);
      expect(new Set(cases)).toEqual(new Set(['fires', 'does-not-fire', 'unknown']));
    },
  );

  test.each(REAL_WORLD_FIXTURES.map((f) => [f.id, f] as const))(
    '%s: every resource belongs to the patient and is named after it',
    (id, fixture) => {
      for (const r of fixture.resources(NOW)) {
        expect(r.id?.startsWith(id)).toBe(true);
        const subject =
          (r as { subject?: { reference?: string }; patient?: { reference?: string } }).subject ??
          (r as { patient?: { reference?: string } }).patient;
        if (subject?.reference) expect(subject.reference).toBe(`Patient/${id}`);
      }
    },
  );
});

const trialCases = REAL_WORLD_FIXTURES.flatMap((f) =>
  Object.entries(f.expected.trials ?? {}).map(([trialId, expected]) => [f.id, trialId, f, expected] as const),
);

describe('the trial criteria each real-world patient decides', () => {
  test.each(trialCases)(
    '%s, %s: the criteria it lists have their expected status',
    (_id, trialId, fixture, expected) => {
      const { facts } = factsOf(fixture);
      const outcome = catalogue.evaluateAll(facts.rule, NOW).find((o) => o.trial.id === trialId)!;
      const actual = Object.fromEntries(outcome.criteria.map((c) => [c.criterion.id, c.status]));
      const checked = expected.partial
        ? Object.fromEntries(Object.keys(expected.criteria).map((id) => [id, actual[id]]))
        : actual;
      expect(checked).toEqual(expected.criteria);
    },
  );
});

const trialService = rules.services.find((s) => s.definition.id === 'trial-referral')!;
const cited = trialCases.filter(([, , , expected]) => (expected.explanationIncludes ?? []).length > 0);

describe('the evidence each real-world trial patient is decided on', () => {
  test.each(cited)('%s, %s: the explanation cites it', async (_id, trialId, fixture, expected) => {
    const { record, facts } = factsOf(fixture);
    const explanation = await trialService.explain({ patientId: fixture.id, facts, record, now: NOW });
    const section = explanation.sections.find((s) => s.title.includes(trialId))!;
    // The section's title is the verdict line `npm run evaluate` prints (an earlier referral unchecked, for one).
    const text = [section.title, ...section.lines.map((l) => `${l.text} — ${l.reason}`)].join('\n');
    for (const wanted of expected.explanationIncludes!) expect(text).toContain(wanted);
  });
});

const pumpService = rules.services.find((s) => s.definition.id === 'pump-evaluation')!;

// The same check runs over HTTP in test/fixtures-http.int.test.ts; this one runs with the unit
// tests, so that a clinical regression shows in `npm run test:unit`.
describe('the pump card each real-world patient gets', () => {
  test.each(REAL_WORLD_FIXTURES.map((f) => [f.id, f] as const))(
    '%s: the pump card is as recorded',
    async (_id, fixture) => {
      const { record, facts } = factsOf(fixture);
      const cards = await pumpService.evaluate({ patientId: fixture.id, facts, record, now: NOW });
      if (fixture.expected.pump === null) {
        expect(cards).toEqual([]);
        return;
      }
      expect(cards).toHaveLength(1);
      expectPumpCard(cards[0]!.card, fixture, NOW);
    },
  );
});

describe('every fixture resource can be loaded into a FHIR server', () => {
  // FHIR R4 id: 1 to 64 of [A-Za-z0-9\-.] (https://hl7.org/fhir/R4/datatypes.html#id); `npm run
  // seed` refuses an all-digit id, which a server would take as its own. A long patient id plus a
  // resource suffix once went past 64 and only the seed's integration test noticed.
  const ID = /^(?=.*[^0-9])[A-Za-z0-9\-.]{1,64}$/;
  test('every resource id is a FHIR id of at most 64 characters, with a non-digit', () => {
    const bad = ALL_FIXTURES.flatMap((f) =>
      f
        .resources(new Date('2026-11-22T10:00:00Z'))
        .filter((r) => r.id === undefined || !ID.test(r.id))
        .map((r) => `${f.id}: ${r.resourceType}/${r.id ?? '(none)'}`),
    );
    expect(bad).toEqual([]);
  });
});
