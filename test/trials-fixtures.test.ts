import { describe, expect, test } from '@jest/globals';
import type { ServiceRequest } from 'fhir/r4.js';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { listFactNames } from '../facts/fact-names.js';
import type { FixturePatient } from '../sandbox/patients/fixture.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { TRIAL_FIXTURES } from '../sandbox/patients/trial-patients.js';
import { loadRuleSet } from '../rules/rule-set.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { loadValueSets } from '../rules/value-sets.js';
import { CardSchema } from '../services/card-schema.js';
import { createPumpEvaluationService } from '../services/pump-evaluation/pump-service.js';
import type { EvaluationInput } from '../services/service.js';
import { createTrialReferralService } from '../services/trial-referral/trial-service.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const knownFacts = listFactNames(valueSets);
const catalogue = loadTrialCatalogue(join(DEFAULT_RULES_DIR, 'trials'), knownFacts);
const OVERRIDES = [{ system: 'urn:test:override', code: 'declines', display: 'Patient declines' }];
const gate = loadRuleSet(join(DEFAULT_RULES_DIR, 'record-gate.rules.json'), knownFacts);
const service = createTrialReferralService({ catalogue, gate, valueSets, overrideReasons: OVERRIDES });
const pumpService = createPumpEvaluationService({
  ruleSet: loadRuleSet(join(DEFAULT_RULES_DIR, 'pump-evaluation.rules.json'), knownFacts),
  gate,
  valueSets,
  overrideReasons: OVERRIDES,
});

function inputFor(fixture: FixturePatient): EvaluationInput {
  const record = recordFromResources(fixture.id, fixture.resources(NOW));
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return { patientId: fixture.id, facts, record, now: NOW };
}

/** Card markdown with its escapes removed, to search for plain text. */
const plain = (markdown: string | undefined) => (markdown ?? '').replace(/\\(.)/g, '$1');

const cases = TRIAL_FIXTURES.flatMap((f) =>
  Object.keys(f.expected.trials ?? {}).map((trialId) => [f.id, trialId, f] as const),
);

describe('trial fixtures', () => {
  test('there are at least 14, each with expectations for both seed trials, all in ALL_FIXTURES', () => {
    expect(TRIAL_FIXTURES.length).toBeGreaterThanOrEqual(14);
    for (const f of TRIAL_FIXTURES) {
      expect(Object.keys(f.expected.trials ?? {}).sort()).toEqual(['NCT04270656', 'NCT05153070']);
      expect(ALL_FIXTURES).toContain(f);
    }
  });

  test.each(cases)('%s: every criterion of %s has its recorded status', (_id, trialId, fixture) => {
    const expected = fixture.expected.trials![trialId]!;
    const outcome = catalogue.evaluateAll(inputFor(fixture).facts.rule, NOW).find((o) => o.trial.id === trialId)!;
    const actual = Object.fromEntries(outcome.criteria.map((c) => [c.criterion.id, c.status]));
    expect(actual).toEqual(expected.criteria);
    expect(outcome.fires).toBe(expected.fires);
  });

  test.each(TRIAL_FIXTURES.map((f) => [f.id, f] as const))(
    '%s: the service proposes exactly the expected trial cards',
    async (_id, fixture) => {
      const proposed = await service.evaluate(inputFor(fixture));
      const firing = Object.entries(fixture.expected.trials!)
        .filter(([, t]) => t.fires)
        .map(([id]) => id);
      expect(proposed.map((p) => p.trialId)).toEqual(firing);
      for (const p of proposed) {
        expect(p.key).toBe(`trial:${p.trialId}`);
        expect(p.kind).toBe('trial-referral');
        const expectedMet = Object.entries(fixture.expected.trials![p.trialId!]!.criteria)
          .filter(([, s]) => s === 'met')
          .map(([id]) => id);
        expect([...p.matchedRules].sort()).toEqual(expectedMet.sort());
        expect(CardSchema.safeParse(p.card).success).toBe(true);
      }
    },
  );

  test.each(TRIAL_FIXTURES.map((f) => [f.id, f] as const))('%s: the pump card is as recorded', async (_id, fixture) => {
    const cards = await pumpService.evaluate(inputFor(fixture));
    const expected = fixture.expected.pump;
    if (expected === null) {
      expect(cards).toEqual([]);
      return;
    }
    expect(cards).toHaveLength(1);
    expect(cards[0]!.card.summary).toContain(`HbA1c ${expected.hba1cPercent.toFixed(1)}%`);
    for (const id of expected.evidenceIds) expect(plain(cards[0]!.card.detail)).toContain(id);
  });
});

describe('trial card content', () => {
  const cardFor = async (fixtureId: string, trialId: string) => {
    const fixture = TRIAL_FIXTURES.find((f) => f.id === fixtureId)!;
    const proposed = await service.evaluate(inputFor(fixture));
    const p = proposed.find((c) => c.trialId === trialId);
    if (!p) throw new Error(`no ${trialId} card for ${fixtureId}`);
    return { fixture, card: p.card, detail: plain(p.card.detail) };
  };

  test('NCT04270656 full match: summary, source, links and the stale-date warning', async () => {
    const { card, detail } = await cardFor('trial-nafld-full-match', 'NCT04270656');
    expect(card.summary).toBe('Possible trial match: NCT04270656, insulin pump vs MDI in T2D with fatty liver');
    expect(card.summary.length).toBeLessThan(140);
    expect(card.indicator).toBe('info');
    expect(card.source.url).toBe('https://clinicaltrials.gov/study/NCT04270656');
    expect(card.links?.map((l) => l.url)).toContain('https://clinicaltrials.gov/study/NCT04270656');
    expect(detail).toContain(
      'Registry record dated 2021-03-29 lists completion 2023-04-05 — confirm recruitment with the study team.',
    );
    expect(card.overrideReasons).toEqual(OVERRIDES);
    expect(card.selectionBehavior).toBe('at-most-one');
  });

  test('NCT04270656 full match: met criteria cite their records, unknown ones are a checklist with reasons', async () => {
    const { detail } = await cardFor('trial-nafld-full-match', 'NCT04270656');
    const lines = detail.split('\n');
    const line = (start: string) => lines.find((l) => l.startsWith(start)) ?? '';
    const p = 'trial-nafld-full-match';
    expect(line('- [x] Type 2 diabetes (key criterion)')).toContain(`Condition/${p}-t2d`);
    expect(line('- [x] MDI:')).toContain(`MedicationRequest/${p}-basal`);
    expect(line('- [x] MDI:')).toContain(`MedicationRequest/${p}-rapid`);
    expect(line('- [x] MDI:')).toContain('Scheduled rapid-analogue injections a day: 3');
    expect(line('- [x] HbA1c at least 6.5%')).toContain(`Observation/${p}-hba1c`);
    expect(line('- [x] Hepatic steatosis')).toContain(`Condition/${p}-steatosis`);
    expect(line('- [x] Hepatic steatosis')).toContain(`DiagnosticReport/${p}-liver-us`);
    expect(line('- [x] Age 35 to 70 years inclusive')).toContain('Age: 58');
    expect(line('- [x] Severe renal insufficiency')).toContain(`Observation/${p}-egfr`);
    expect(line('- [ ] Eligible for FreeStyle Libre')).toContain('prescribing decision');
    expect(line('- [ ] Severe and progressive cardiovascular pathology')).toContain('clinical judgement');
    expect(line('- [ ] Bariatric surgery, past or planned')).toContain('planned operation');
    expect(lines.filter((l) => l.startsWith('- [ ] '))).toHaveLength(7);
    expect(lines.filter((l) => l.startsWith('- [x] '))).toHaveLength(30 - 7);
    expect(detail).toContain('**Study contact:** Study team, Nantes University Hospital');
  });

  test('NCT04270656 full match: the suggestion drafts a referral carrying the trial id', async () => {
    const { card } = await cardFor('trial-nafld-full-match', 'NCT04270656');
    expect(card.suggestions).toHaveLength(1);
    const suggestion = card.suggestions![0]!;
    expect(suggestion.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(suggestion.uuid).not.toBe(card.uuid);
    const action = suggestion.actions[0]!;
    expect(action.type).toBe('create');
    const sr = action.resource as unknown as ServiceRequest;
    expect(sr.resourceType).toBe('ServiceRequest');
    expect(sr.status).toBe('draft');
    expect(sr.intent).toBe('proposal');
    expect(sr.subject?.reference).toBe('Patient/trial-nafld-full-match');
    expect(sr.identifier).toEqual([{ system: 'https://clinicaltrials.gov', value: 'NCT04270656' }]);
    expect(sr.note?.[0]?.text).toContain('NCT04270656');
    expect(sr.note?.[0]?.text).toContain('confirm recruitment with the study team');
    expect(sr.reasonReference?.map((r) => r.reference)).toEqual(
      expect.arrayContaining(['Condition/trial-nafld-full-match-t2d', 'Observation/trial-nafld-full-match-hba1c']),
    );
  });

  test('CKD-EPI eGFR only: the renal criterion uses it and flags it as approximate', async () => {
    const { detail } = await cardFor('trial-nafld-egfr-ckd-epi-only', 'NCT04270656');
    const line = detail.split('\n').find((l) => l.startsWith('- [x] Severe renal insufficiency'))!;
    expect(line).toContain('Observation/trial-nafld-egfr-ckd-epi-only-egfr');
    expect(line).toContain('Latest eGFR (mL/min/1.73m2): 52');
    expect(line).toContain('CKD-EPI formula: no MDRD result of that date');
  });

  test('a woman of 70: contraception is left to confirm, never decided', async () => {
    const { detail } = await cardFor('trial-nafld-age-70', 'NCT04270656');
    const line = detail.split('\n').find((l) => l.includes('Women of childbearing age'))!;
    expect(line.startsWith('- [ ] ')).toBe(true);
    expect(line).toContain('confirm with the patient');
    expect(line).toContain('Sex: female');
  });

  test('NCT05153070 for a recent type 1 diabetes: contact, stale completion date and the T1D evidence', async () => {
    const { card, detail } = await cardFor('trial-t1d-recent-22', 'NCT05153070');
    expect(card.summary).toBe(
      'Possible trial match: NCT05153070, ciclosporin then low-dose IL-2 in recent type 1 diabetes',
    );
    expect(card.source.url).toBe('https://clinicaltrials.gov/study/NCT05153070');
    expect(detail).toContain(
      '**Study contact:** David Klatzmann, MD, Ph.D, 01 42 17 74 61, david.klatzmann@sorbonne-universite.fr',
    );
    expect(detail).toContain(
      'Registry record dated 2026-11-22 lists completion 2026-07-21 — confirm recruitment with the study team.',
    );
    const t1d = detail.split('\n').find((l) => l.startsWith('- [x] Type 1 diabetes diagnosed less than 3 months ago'))!;
    expect(t1d).toContain('Condition/trial-t1d-recent-22-t1d');
    expect(t1d).toContain('Days since type 1 diabetes onset: 42');
    const sr = card.suggestions![0]!.actions[0]!.resource as unknown as ServiceRequest;
    expect(sr.identifier?.[0]?.value).toBe('NCT05153070');
  });

  test('EHR text in evidence cannot add markup to the card', async () => {
    const fixture = TRIAL_FIXTURES.find((f) => f.id === 'trial-nafld-full-match')!;
    const evil: FixturePatient = {
      ...fixture,
      resources: (today) =>
        fixture.resources(today).map((r) =>
          r.resourceType === 'Condition' && r.id?.endsWith('-t2d')
            ? {
                ...r,
                code: {
                  ...r.code,
                  coding: r.code!.coding!.map((c) => ({ ...c, display: '[click](http://evil.example) <b>x</b>' })),
                  text: '[click](http://evil.example)',
                },
              }
            : r,
        ),
    };
    const [p] = await service.evaluate(inputFor(evil));
    expect(p!.card.detail).not.toMatch(/(^|[^\\])\[click\]\(/);
    expect(p!.card.detail).not.toMatch(/(^|[^\\])<b>/);
  });
});

describe('trial explanations', () => {
  test.each(TRIAL_FIXTURES.map((f) => [f.id, f] as const))(
    '%s: every criterion of every trial is explained',
    async (_id, fixture) => {
      const explanation = await service.explain(inputFor(fixture));
      expect(explanation.serviceId).toBe('trial-referral');
      for (const [trialId, expected] of Object.entries(fixture.expected.trials!)) {
        const section = explanation.sections.find((s) => s.title.startsWith(`Trial ${trialId} `))!;
        expect(section.fires).toBe(expected.fires);
        expect(Object.fromEntries(section.lines.map((l) => [l.id, l.status]))).toEqual(expected.criteria);
        for (const line of section.lines) expect(line.reason.length).toBeGreaterThan(0);
      }
    },
  );

  test('a blocked key criterion is named with its reason', async () => {
    const fixture = TRIAL_FIXTURES.find((f) => f.id === 'trial-nafld-no-steatosis-data')!;
    const explanation = await service.explain(inputFor(fixture));
    const section = explanation.sections.find((s) => s.title.startsWith('Trial NCT04270656 '))!;
    expect(section.title).toContain('key criterion steatosis is not met');
    const line = section.lines.find((l) => l.id === 'steatosis')!;
    expect(line.status).toBe('unknown');
    expect(line.reason).toContain('Steatosis on liver imaging: unknown (no liver imaging on file)');
  });
});

describe('trial-referral discovery entry', () => {
  test('a patient-view service of its own, whose prefetch asks for what the criteria read', () => {
    const d = service.definition;
    expect(d).toMatchObject({ id: 'trial-referral', hook: 'patient-view', title: 'Clinical trial referral' });
    expect(Object.keys(d.prefetch).sort()).toEqual(
      [
        'alcohol',
        'conditions',
        'deviceUseStatements',
        'devices',
        'egfr',
        'hba1c',
        'liverImagingObservations',
        'medicationRequests',
        'medicationStatements',
        'patient',
        'procedures',
        'reports',
      ].sort(),
    );
    const codes = (key: string) => d.prefetch[key]!;
    expect(codes('hba1c')).toContain('http://loinc.org|4548-4');
    expect(codes('hba1c')).toContain('http://loinc.org|59261-8');
    expect(codes('egfr')).toContain('http://loinc.org|33914-3');
    expect(codes('egfr')).toContain('http://loinc.org|98979-8');
    expect(codes('alcohol')).toContain('http://loinc.org|74013-4');
    expect(codes('alcohol')).toContain('http://loinc.org|75626-2');
    expect(codes('reports')).toBe('DiagnosticReport?patient={{context.patientId}}&_sort=-date&_count=50');
    for (const [key, template] of Object.entries(d.prefetch)) {
      // The one exception to the recommended subset: medication templates include their Medication.
      if (key.startsWith('medication')) expect(template).toMatch(/&_include=Medication(Request|Statement):medication$/);
      else expect(template).not.toContain('_include');
      expect(template).toMatch(/^(Patient\/\{\{context\.patientId\}\}|[A-Za-z]+\?patient=\{\{context\.patientId\}\})/);
    }
  });
});
