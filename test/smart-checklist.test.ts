import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import type { Locale } from '../config/locale.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { TRIAL_FIXTURES } from '../sandbox/patients/trial-patients.js';
import type { FixturePatient } from '../sandbox/patients/fixture.js';
import type { TrialChecklist } from '../services/eligibility-checklist.js';
import { loadServices } from '../services/load-services.js';
import type { CdsService, EvaluationInput } from '../services/service.js';

/*
 * The eligibility app's checklist (services/eligibility-checklist.ts, docs/smart-app.md) comes
 * from the same evaluation as the trial card: for every trial fixture and both seed trials, in
 * English and French, each criterion has the status the fixture records.
 */

const NOW = new Date('2026-11-22T10:00:00Z');

function trialService(locale: Locale): { service: CdsService; input: (f: FixturePatient) => EvaluationInput } {
  const rules = loadServices(DEFAULT_RULES_DIR, { locale });
  const service = rules.services.find((s) => s.definition.id === 'trial-referral')!;
  return {
    service,
    input: (fixture) => {
      const record = recordFromResources(fixture.id, fixture.resources(NOW));
      const facts = computePatientFacts(record, rules.valueSets, {
        now: NOW,
        alcoholGramsPerDrink: 10,
        scope: service.factScope,
      });
      return { patientId: fixture.id, facts, record, now: NOW };
    },
  };
}

const services = { en: trialService('en'), fr: trialService('fr') };
const cases = (['en', 'fr'] as const).flatMap((locale) =>
  TRIAL_FIXTURES.flatMap((f) =>
    Object.keys(f.expected.trials ?? {}).map((trialId) => [locale, f.id, trialId, f] as const),
  ),
);

async function checklist(locale: Locale, fixture: FixturePatient, trialId: string): Promise<TrialChecklist> {
  const { service, input } = services[locale];
  const list = await service.checklist!(input(fixture), trialId);
  expect(list).toBeDefined();
  return list!;
}

describe('the checklist of every trial fixture', () => {
  test.each(cases)('%s, %s, %s: every criterion with its recorded status', async (locale, _id, trialId, fixture) => {
    const expected = fixture.expected.trials![trialId]!;
    const list = await checklist(locale, fixture, trialId);
    expect(Object.fromEntries(list.criteria.map((c) => [c.id, c.status]))).toEqual(expected.criteria);
    expect(list.fires).toBe(expected.fires);
    const { met, notMet, toConfirm, notApplicable } = list.counts;
    expect(met + notMet + toConfirm + notApplicable).toBe(list.criteria.length);
    for (const c of list.criteria) {
      expect(c.toConfirm).toBe(c.status === 'unknown');
      if (c.toConfirm) expect(c.confirm ?? c.why).toBeTruthy();
      // Evidence is cited by what it is and when, never by resource id.
      for (const e of c.evidence) expect(e.text ?? '').not.toMatch(/\b[A-Z][A-Za-z]+\/[A-Za-z0-9.-]+/);
    }
    expect(list.referral).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      subject: { reference: `Patient/${fixture.id}` },
      identifier: [{ system: 'https://clinicaltrials.gov', value: trialId }],
    });
  });
});

describe('languages', () => {
  const fixture = TRIAL_FIXTURES.find((f) => f.id === 'trial-nafld-full-match')!;

  test('labels and evidence follow CARD_LOCALE; the registry wording stays as registered', async () => {
    const [en, fr] = await Promise.all([
      checklist('en', fixture, 'NCT04270656'),
      checklist('fr', fixture, 'NCT04270656'),
    ]);
    expect(fr.trial.shortTitle).not.toBe(en.trial.shortTitle);
    expect(fr.criteria.map((c) => c.label)).not.toEqual(en.criteria.map((c) => c.label));
    expect(fr.criteria.map((c) => c.registryText)).toEqual(en.criteria.map((c) => c.registryText));
    // French writes dates day first: 23/10/2026.
    const frDates = fr.criteria.flatMap((c) => c.evidence.map((e) => e.text ?? '')).join(' ');
    expect(frDates).toMatch(/\d{2}\/\d{2}\/\d{4}/);
  });

  test('a trial the catalogue does not hold gives no checklist', async () => {
    const { service, input } = services.en;
    await expect(service.checklist!(input(fixture), 'NCT00000000')).resolves.toBeUndefined();
  });
});
