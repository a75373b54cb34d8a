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
import { createPumpTopic } from '../services/pump-evaluation/pump-topic.js';
import type { EvaluationInput } from '../services/service.js';
import { loadMessages } from '../rules/messages.js';
import { MESSAGE_KEYS } from '../services/message-keys.js';
import { createTrialReferralService } from '../services/trial-referral/trial-service.js';
import { expectPumpCard } from './support/card-expectations.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const knownFacts = listFactNames(valueSets);
const catalogue = loadTrialCatalogue(join(DEFAULT_RULES_DIR, 'trials'), knownFacts);
const OVERRIDES = [{ system: 'urn:test:override', code: 'declines', display: 'Patient declines' }];
const gate = loadRuleSet(join(DEFAULT_RULES_DIR, 'record-gate.rules.json'), knownFacts);
const messages = loadMessages(DEFAULT_RULES_DIR, 'en', MESSAGE_KEYS);
const service = createTrialReferralService({ catalogue, gate, valueSets, messages, overrideReasons: OVERRIDES });
const pumpService = createPumpEvaluationService({
  topic: createPumpTopic({
    ruleSet: loadRuleSet(join(DEFAULT_RULES_DIR, 'pump-evaluation.rules.json'), knownFacts),
    gate,
    messages,
    overrideReasons: OVERRIDES,
  }),
  valueSets,
  messages,
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
    expectPumpCard(cards[0]!.card, fixture, NOW);
  });
});

const frMessages = loadMessages(DEFAULT_RULES_DIR, 'fr', MESSAGE_KEYS);
const frService = createTrialReferralService({
  catalogue,
  gate,
  valueSets,
  messages: frMessages,
  overrideReasons: OVERRIDES,
});
const services = { en: service, fr: frService } as const;

/** A resource id as a card would cite it: never on the card. */
const RESOURCE_ID =
  /\b(Patient|Condition|Observation|MedicationRequest|MedicationStatement|DiagnosticReport|Procedure)\/[A-Za-z0-9.-]+/;

const firing = cases.filter(([, trialId, f]) => f.expected.trials?.[trialId]?.fires);

describe('short trial cards in both languages', () => {
  test.each(firing.flatMap(([id, trialId, f]) => (['en', 'fr'] as const).map((l) => [id, trialId, l, f] as const)))(
    '%s, %s in %s: short, no checkboxes, no resource ids, summary under 140',
    async (_id, trialId, locale, fixture) => {
      const proposed = await services[locale].evaluate(inputFor(fixture));
      const card = proposed.find((c) => c.trialId === trialId)!.card;
      expect(CardSchema.safeParse(card).success).toBe(true);
      expect(card.summary.length).toBeLessThan(140);
      expect(card.detail!.length).toBeLessThanOrEqual(1200);
      expect(card.detail).not.toMatch(/- \[[ x]\]/);
      expect(card.detail).not.toMatch(RESOURCE_ID);
      expect(card.summary).not.toMatch(RESOURCE_ID);
    },
  );

  test.each(firing.map(([id, trialId, f]) => [id, trialId, f] as const))(
    '%s, %s: the French card has the same shape as the English one, in other words',
    async (_id, trialId, fixture) => {
      const [en, fr] = await Promise.all(
        (['en', 'fr'] as const).map(
          async (l) => (await services[l].evaluate(inputFor(fixture))).find((c) => c.trialId === trialId)!.card,
        ),
      );
      expect(Object.keys(fr!).sort()).toEqual(Object.keys(en!).sort());
      expect(fr!.indicator).toBe(en!.indicator);
      expect(fr!.links?.map((l) => [l.type, l.url])).toEqual(en!.links?.map((l) => [l.type, l.url]));
      expect(fr!.suggestions?.length).toBe(en!.suggestions?.length);
      expect(fr!.summary).not.toBe(en!.summary);
      expect(fr!.detail).not.toBe(en!.detail);
      expect(fr!.detail!.split('\n\n')).toHaveLength(en!.detail!.split('\n\n').length);
    },
  );
});

describe('trial card content', () => {
  const cardFor = async (fixtureId: string, trialId: string, locale: 'en' | 'fr' = 'en') => {
    const fixture = TRIAL_FIXTURES.find((f) => f.id === fixtureId)!;
    const proposed = await services[locale].evaluate(inputFor(fixture));
    const p = proposed.find((c) => c.trialId === trialId);
    if (!p) throw new Error(`no ${trialId} card for ${fixtureId}`);
    return { fixture, card: p.card, detail: plain(p.card.detail), blocks: plain(p.card.detail).split('\n\n') };
  };

  test('NCT04270656 full match: why, counts, three items to confirm, status note and contact, in that order', async () => {
    const { card, blocks } = await cardFor('trial-nafld-full-match', 'NCT04270656');
    expect(card.summary).toBe(
      'Possible match, recruitment not confirmed: NCT04270656, insulin pump vs MDI in T2D with fatty liver',
    );
    expect(blocks).toEqual([
      '**insulin pump vs MDI in T2D with fatty liver** (Nantes University Hospital)',
      '**Why:** Type 2 diabetes (2016-11-24); MDI (glargine or degludec, with rapid analogue): 3 injections a day (2025-04-01); HbA1c at least 6.5%: 8.4 % (2026-10-23); Hepatic steatosis (2025-01-01)',
      '8 met · 14 exclusions ruled out · 9 to confirm · 1 not applicable',
      [
        '**To confirm** (3 of 9):',
        // No HBsAg or HCV result on file: missing data comes before what is always confirmed by
        // hand, and the inclusion that needs the serology is no more met than the exclusion.
        '- No chronic viral hepatitis or other chronic liver disease (no data on file)',
        '- Chronic hepatitis B or C (no data on file)',
        '- Eligible for FreeStyle Libre (flash glucose monitoring)',
      ].join('\n'),
      "**Recruitment not confirmed:** the registry's end date (2023-04-05) has passed and the site has not confirmed recruitment. Check with the study team before referring.",
      '**Study contact:** see the registry page',
    ]);
    expect(card.indicator).toBe('info');
    expect(card.source.url).toBe('https://clinicaltrials.gov/study/NCT04270656');
    expect(card.links?.map((l) => l.url)).toContain('https://clinicaltrials.gov/study/NCT04270656');
    expect(card.overrideReasons).toEqual(OVERRIDES);
    expect(card.selectionBehavior).toBe('at-most-one');
  });

  test('NCT04270656 full match in French: the same card in French words, dates and decimals', async () => {
    const { card, blocks } = await cardFor('trial-nafld-full-match', 'NCT04270656', 'fr');
    expect(card.summary).toBe(
      'Essai possible, recrutement non confirmé : NCT04270656, pompe à insuline vs multi-injections, DT2 avec stéatose hépatique',
    );
    expect(blocks[1]).toBe(
      '**Pourquoi :** Diabète de type 2 (24/11/2016) ; Multi-injections (glargine ou dégludec, avec analogue rapide) : 3 injections par jour (01/04/2025) ; HbA1c au moins 6,5 % : 8,4 % (23/10/2026) ; Stéatose hépatique (01/01/2025)',
    );
    expect(blocks[2]).toBe('8 remplis · 14 exclusions écartées · 9 à confirmer · 1 sans objet');
    expect(blocks[3]!.split('\n')[0]).toBe('**À confirmer** (3 sur 9) :');
    expect(card.suggestions![0]!.label).toBe("Contacter l'équipe de l'étude NCT04270656 pour confirmer le recrutement");
  });

  test('NCT04270656 full match: the suggestion drafts a message to the study team carrying the whole checklist', async () => {
    const { card } = await cardFor('trial-nafld-full-match', 'NCT04270656');
    expect(card.suggestions).toHaveLength(1);
    const suggestion = card.suggestions![0]!;
    expect(suggestion.label).toBe('Contact the NCT04270656 study team to confirm recruitment');
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
    const note = sr.note?.[0]?.text ?? '';
    expect(note).toContain('Possible eligibility for clinical trial NCT04270656');
    expect(note).toContain(
      'To confirm: No chronic viral hepatitis or other chronic liver disease; Chronic hepatitis B or C; Eligible for FreeStyle Libre (flash glucose monitoring);',
    );
    expect(note).toContain('Guardianship, curatorship or safeguard of justice.');
    expect(note).toContain('Not applicable: Women of childbearing age: oestro-progestative pill, IUD or implant.');
    expect(note).toContain('Exclusions ruled out by the record: Type 1 diabetes;');
    expect(sr.reasonReference?.map((r) => r.reference)).toEqual(
      expect.arrayContaining(['Condition/trial-nafld-full-match-t2d', 'Observation/trial-nafld-full-match-hba1c']),
    );
  });

  test.each([
    ['trial-nafld-full-match', 'a man', '1 not applicable', 9],
    ['trial-nafld-age-70', 'a woman of 70', '1 not applicable', 10],
    ['trial-nafld-egfr-ckd-epi-only', 'a woman of 57', '1 not applicable', 9],
  ] as const)('%s: contraception is not applicable to %s, never met', async (fixtureId, _who, counted, toConfirm) => {
    const { blocks, card } = await cardFor(fixtureId, 'NCT04270656');
    expect(blocks[2]).toContain(counted);
    expect(blocks[2]).toContain(`${toConfirm} to confirm`);
    expect(card.detail).not.toContain('Women of childbearing age');
    const note = (card.suggestions![0]!.actions[0]!.resource as unknown as ServiceRequest).note![0]!.text;
    expect(note).toMatch(/Not applicable: Women of childbearing age/);
    expect(note).not.toMatch(/Criteria met: [^\n]*Women of childbearing age/);
  });

  test('a woman of 70 without an alcohol measure: the missing measure comes before what is always confirmed by hand', async () => {
    const { blocks } = await cardFor('trial-nafld-age-70', 'NCT04270656');
    expect(blocks[3]!.split('\n')).toEqual([
      '**To confirm** (3 of 10):',
      '- No chronic viral hepatitis or other chronic liver disease (no data on file)',
      '- Alcohol above 20 g/day (men) or 10 g/day (women), or alcohol abuse on file (no data on file)',
      '- Chronic hepatitis B or C (no data on file)',
    ]);
  });

  test('NCT05153070 for a recent type 1 diabetes: values with units and dates, the registry contact', async () => {
    const { card, blocks } = await cardFor('trial-t1d-recent-22', 'NCT05153070');
    expect(card.summary).toBe(
      'Possible match, recruitment not confirmed: NCT05153070, ciclosporin then low-dose IL-2 in recent type 1 diabetes',
    );
    expect(blocks[1]).toMatch(
      /^\*\*Why:\*\* Type 1 diabetes under 3 months: 42 days \(\d{4}-\d{2}-\d{2}\); Age 16 to 35 years: 22 years$/,
    );
    expect(blocks.at(-1)).toBe(
      '**Study contact:** David Klatzmann, MD, Ph.D, 01 42 17 74 61, david.klatzmann@sorbonne-universite.fr',
    );
    expect(blocks).toContain(
      "**Recruitment not confirmed:** the registry's end date (2026-07-21) has passed and the site has not confirmed recruitment. Check with the study team before referring.",
    );
    const sr = card.suggestions![0]!.actions[0]!.resource as unknown as ServiceRequest;
    expect(sr.identifier?.[0]?.value).toBe('NCT05153070');
  });

  test.each([
    ['an undated completed referral to the study team', 'completed', undefined, true],
    ['a referral completed two years ago', 'completed', '2024-11-01', false],
  ] as const)('%s: the card shows, asking to check for an earlier referral: %s', async (_what, status, date, asks) => {
    const fixture = TRIAL_FIXTURES.find((f) => f.id === 'trial-nafld-full-match')!;
    const withReferral: FixturePatient = {
      ...fixture,
      resources: (today) => [
        ...fixture.resources(today),
        {
          resourceType: 'ServiceRequest',
          id: 'earlier-referral',
          status,
          intent: 'order',
          subject: { reference: `Patient/${fixture.id}` },
          identifier: [{ system: 'https://clinicaltrials.gov', value: 'NCT04270656' }],
          ...(date ? { authoredOn: date, occurrenceDateTime: date } : {}),
        },
      ],
    };
    const [p] = await service.evaluate(inputFor(withReferral));
    expect(p?.trialId).toBe('NCT04270656');
    expect(plain(p!.card.detail).includes('**Check for an earlier referral:**')).toBe(asks);
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
    expect(section.title).toContain('key criterion steatosis is unknown');
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
        'creatinine',
        'deviceUseStatements',
        'deviceRequests',
        'devices',
        'egfr',
        'hba1c',
        'isletAutoantibodies',
        'laboratory',
        'liverImagingObservations',
        'medicationRequests',
        'medicationStatements',
        'patient',
        'pregnancy',
        'procedures',
        'reports',
        'researchSubjects',
        'serviceRequests',
        'socialHistory',
        'imaging',
        'viralHepatitis',
      ].sort(),
    );
    const codes = (key: string) => d.prefetch[key]!;
    // Results under a laboratory's own code are found by category, newest first; so is alcohol
    // intake under a social-history row's own code (Epic's "ALCOHOL DRINKS/WEEK").
    expect(codes('laboratory')).toBe(
      'Observation?patient={{context.patientId}}&category=laboratory&_sort=-date&_count=50',
    );
    expect(codes('socialHistory')).toBe(
      'Observation?patient={{context.patientId}}&category=social-history&_sort=-date&_count=20',
    );
    // And a liver study filed as an imaging Observation under a site's own code (a FibroScan, an MRI-PDFF).
    expect(codes('imaging')).toBe('Observation?patient={{context.patientId}}&category=imaging&_sort=-date&_count=20');
    for (const code of ['5196-1', '11259-9', '13955-0'])
      expect(codes('viralHepatitis')).toContain(`http://loinc.org|${code}`);
    for (const code of ['82810-3', '11449-6', '2106-3', '11778-8'])
      expect(codes('pregnancy')).toContain(`http://loinc.org|${code}`);
    // The newest creatinine only: one newer than the eGFR caps it (facts/egfr.ts).
    expect(codes('creatinine')).toContain('http://loinc.org|2160-0');
    expect(codes('creatinine')).toContain('_count=1');
    expect(codes('hba1c')).toContain('http://loinc.org|4548-4');
    expect(codes('hba1c')).toContain('http://loinc.org|59261-8');
    expect(codes('egfr')).toContain('http://loinc.org|33914-3');
    expect(codes('egfr')).toContain('http://loinc.org|98979-8');
    expect(codes('alcohol')).toContain('http://loinc.org|74013-4');
    expect(codes('alcohol')).toContain('http://loinc.org|75626-2');
    // An eGFR of another formula, drinks per drinking day and a liver study of another kind are
    // fetched too: each, when newest, keeps an older result from deciding.
    expect(codes('egfr')).toContain('http://loinc.org|69405-9');
    expect(codes('egfr')).toContain('http://loinc.org|50210-4');
    expect(codes('alcohol')).toContain('http://loinc.org|11287-0');
    expect(codes('liverImagingObservations')).toContain('http://loinc.org|28614-6');
    expect(codes('liverImagingObservations')).toContain('http://loinc.org|41806-1');
    expect(codes('reports')).toBe('DiagnosticReport?patient={{context.patientId}}&_sort=-date&_count=50');
    for (const [key, template] of Object.entries(d.prefetch)) {
      // The exceptions to the recommended subset: medication templates include their Medication,
      // research subjects their ResearchStudy (whose identifier names the trial).
      if (key.startsWith('medication')) expect(template).toMatch(/&_include=Medication(Request|Statement):medication$/);
      else if (key === 'researchSubjects') expect(template).toMatch(/&_include=ResearchSubject:study$/);
      else expect(template).not.toContain('_include');
      expect(template).toMatch(/^(Patient\/\{\{context\.patientId\}\}|[A-Za-z]+\?patient=\{\{context\.patientId\}\})/);
    }
  });
});
