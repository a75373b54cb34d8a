import { beforeAll, describe, expect, test } from '@jest/globals';
import { bulkExportFetch, populationExportInMemory } from '../bench/population-ndjson.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { createLogger } from '../config/logger.js';
import { populationPatients, type PopulationPatient } from '../sandbox/patients/population.js';
import { NO_TOKEN } from '../screening/bulk/token-source.js';
import { screenPopulation, screeningServices, type ScreeningResult } from '../screening/screen-population.js';
import { loadServices } from '../services/load-services.js';
import type { TrialScreening } from '../services/trial-screening.js';

/*
 * `npm run seed -- --population N` and the screening benchmark load a generated population
 * (sandbox/patients/population.ts). Screened by the real screening code, over a Bulk Data export
 * of it, it must look like a hospital's: a few percent candidates for NCT04270656, each one a
 * patient made to be one, most patients ruled out for the reason they were made with, the
 * possible candidates missing the steatosis, and the deceased and the opted-out skipped.
 */

const TODAY = new Date(Date.UTC(2026, 10, 22));
const NOW = new Date('2026-11-22T10:00:00Z');
/*
 * 1,200 patients hold every profile (the rarest, cirrhosis, nine times), 27 deceased, 37 opted out
 * and a would-be candidate among those skipped: enough for every check below, in 60 % of the time
 * of 2,000.
 */
const COUNT = 1200;
const NAFLD = 'NCT04270656';
const BASE = 'https://ehr.example/fhir';

const rules = loadServices('rules', {});
const { services } = screeningServices(rules.services);

let patients: Map<string, PopulationPatient>;
let result: ScreeningResult;
const outcomes = new Map<string, TrialScreening>();

beforeAll(async () => {
  patients = new Map([...populationPatients(COUNT, TODAY)].map((p) => [p.id, p]));
  const population = populationExportInMemory(COUNT, TODAY);
  result = await screenPopulation(
    { fhirBaseUrl: BASE, optOut: new Set(), concurrency: 1, deadline: Date.now() + 600_000 },
    {
      services,
      ports: { valueSets: rules.valueSets, alcoholGramsPerDrink: 10 },
      rulesVersion: rules.version,
      http: { fetch: bulkExportFetch(BASE, population.files), tokens: NO_TOKEN, requestTimeoutMs: 10_000 },
      dataSource: new FhirClientSource({ timeoutMs: 1000, maxPages: 1, logger: createLogger('silent') }),
      now: () => NOW,
      sleep: () => Promise.resolve(),
      onScreened: (id, screenings) =>
        outcomes.set(
          id,
          screenings.find((s) => s.trialId === NAFLD)!,
        ),
    },
  );
}, 120_000);

const ids = (filter: (p: PopulationPatient) => boolean) =>
  [...patients.values()]
    .filter(filter)
    .map((p) => p.id)
    .sort();
const screenedAs = (profile: PopulationPatient['profile']) =>
  ids((p) => p.profile === profile && !p.deceased && !p.optedOut);

describe('a generated population, screened by the real screening code', () => {
  test('the run reads every patient through the export and completes', () => {
    expect(result.error).toBeUndefined();
    expect(result.report.complete).toBe(true);
    expect(result.report.source.method).toBe('bulk-export');
    const skipped = Object.values(result.report.patientsSkipped).reduce((a, b) => a + b, 0);
    expect(result.report.patientsScreened + skipped).toBe(COUNT);
  });

  test('candidates for NCT04270656 are a few percent: not none, not most', () => {
    const candidates = result.report.trials[NAFLD]!.candidates.length;
    expect(candidates / COUNT).toBeGreaterThan(0.015);
    expect(candidates / COUNT).toBeLessThan(0.08);
  });

  test('the candidates are exactly the living, consenting patients made to be candidates, French and US', () => {
    const found = result.report.trials[NAFLD]!.candidates.map((c) => c.patient.replace('Patient/', '')).sort();
    expect(found).toEqual(screenedAs('mdi-candidate'));
    const styles = new Set(found.map((id) => patients.get(id)!.style));
    expect(styles).toEqual(new Set(['fr', 'us']));
  });

  test('the patients with no steatosis data are possible candidates, missing the steatosis', () => {
    const possible = result.report.trials[NAFLD]!.possibleCandidates;
    const unknown = screenedAs('mdi-steatosis-unknown');
    expect(unknown.length).toBeGreaterThan(10);
    for (const id of unknown) expect(possible).toContainEqual({ patient: `Patient/${id}`, missing: ['steatosis'] });
  });

  test.each([
    ['no-diabetes', 't2d', 'not-met'],
    ['t2d-orals', 'mdi-glargine-degludec', 'not-met'],
    ['t2d-basal', 'mdi-glargine-degludec', 'not-met'],
    ['t1d', 't1d', 'met'],
    ['mdi-over-70', 'age-35-70', 'not-met'],
    ['mdi-glp1', 'other-antidiabetics', 'met'],
    ['mdi-cirrhosis', 'cirrhosis-hcc', 'met'],
    ['mdi-egfr-under-30', 'egfr-under-30', 'met'],
    ['mdi-hba1c-under-6.5', 'hba1c', 'not-met'],
  ] as const)('every %s patient is ruled out: %s %s', (profile, criterion, status) => {
    const screened = screenedAs(profile);
    expect(screened.length).toBeGreaterThan(0);
    for (const id of screened) {
      const outcome = outcomes.get(id)!;
      expect(outcome.candidate).toBe(false);
      expect(outcome.criteria.find((c) => c.id === criterion)?.status).toBe(status);
    }
  });

  test('every heavy drinker is ruled out by the alcohol criteria', () => {
    for (const id of screenedAs('mdi-alcohol')) {
      const statuses = Object.fromEntries(outcomes.get(id)!.criteria.map((c) => [c.id, c.status]));
      expect(outcomes.get(id)!.candidate).toBe(false);
      expect(statuses['no-chronic-alcohol'] === 'not-met' || statuses['alcohol-over-limit'] === 'met').toBe(true);
    }
  });

  test('the opted-out are skipped whatever their record, and the deceased by the record gate', () => {
    const optedOut = ids((p) => p.optedOut);
    const deceased = ids((p) => p.deceased && !p.optedOut);
    expect(optedOut.length).toBeGreaterThan(10);
    expect(deceased.length).toBeGreaterThan(10);
    expect(result.report.patientsSkipped['opted-out']).toBe(optedOut.length);
    expect(result.report.patientsSkipped['record-gate']).toBe(deceased.length);
    for (const id of optedOut) expect(outcomes.has(id)).toBe(false);
    for (const id of deceased) expect(outcomes.get(id)).toMatchObject({ gateClosed: true, candidate: false });
    // Some of them had the candidates' shape: skipping is what kept them off the list.
    expect(ids((p) => p.profile === 'mdi-candidate' && (p.optedOut || p.deceased)).length).toBeGreaterThan(0);
  });
});

describe('the generator', () => {
  test('the same seed and day give the same patients; another seed others', () => {
    const again = [...populationPatients(20, TODAY)];
    expect(JSON.stringify(again)).toBe(JSON.stringify([...patients.values()].slice(0, 20)));
    expect(JSON.stringify([...populationPatients(20, TODAY, 7)])).not.toBe(JSON.stringify(again));
  });

  test('ids are pop-000001… and every resource id starts with its patient id', () => {
    const first = [...populationPatients(3, TODAY)];
    expect(first.map((p) => p.id)).toEqual(['pop-000001', 'pop-000002', 'pop-000003']);
    for (const p of first) for (const r of p.resources) expect(r.id?.startsWith(p.id)).toBe(true);
  });
});
