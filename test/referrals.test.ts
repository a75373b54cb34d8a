import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as evaluateMain } from '../bin/evaluate.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { TRIAL_FIXTURES } from '../sandbox/patients/trial-patients.js';
import { loadServices } from '../services/load-services.js';
import type { EvaluationInput, Explanation } from '../services/service.js';

/**
 * docs/clinical-rules.md, "No repeat of what is already done": a record that already holds the
 * referral a card would suggest, or the patient as a research subject of the trial, gets no card
 * for it, and the explanation (`npm run evaluate`) says why.
 */
const NOW = new Date('2026-11-22T10:00:00Z');
const rules = loadServices(DEFAULT_RULES_DIR);
const pump = rules.services.find((s) => s.definition.id === 'pump-evaluation')!;
const trials = rules.services.find((s) => s.definition.id === 'trial-referral')!;
/** Fires the pump card and the NCT04270656 card. */
const FIXTURE = TRIAL_FIXTURES.find((f) => f.id === 'trial-nafld-full-match')!;
const PATIENT = FIXTURE.id;
const NANTES = 'NCT04270656';

type Json = Record<string, unknown>;

function inputFor(extra: readonly Json[], tweak: Partial<PatientRecord> = {}): EvaluationInput {
  const resources = [...FIXTURE.resources(NOW), ...(extra as unknown as FhirResource[])];
  const record = { ...recordFromResources(PATIENT, resources), ...tweak };
  const facts = computePatientFacts(record, rules.valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return { patientId: PATIENT, facts, record, now: NOW };
}

const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);

const PUMP_CODE = { coding: [{ system: 'http://snomed.info/sct', code: '443263006' }], text: 'Insulin pump' };

function request(id: string, status: string, extra: Json = {}): Json {
  return {
    resourceType: 'ServiceRequest',
    id,
    status,
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    authoredOn: daysAgo(30),
    ...extra,
  };
}
const pumpReferral = (id: string, status: string, extra: Json = {}) =>
  request(id, status, { code: PUMP_CODE, ...extra });
const trialReferral = (id: string, status: string, extra: Json = {}) =>
  request(id, status, {
    code: { text: 'Referral to the study team' },
    identifier: [{ system: 'https://clinicaltrials.gov', value: NANTES }],
    ...extra,
  });

async function pumpCards(extra: readonly Json[], tweak?: Partial<PatientRecord>) {
  return (await pump.evaluate(inputFor(extra, tweak))).map((p) => p.key);
}
async function trialCards(extra: readonly Json[], tweak?: Partial<PatientRecord>) {
  return (await trials.evaluate(inputFor(extra, tweak))).map((p) => p.trialId);
}
/** Every explanation line and section title, as `npm run evaluate` prints them. */
function explained(e: Explanation): string {
  return e.sections
    .flatMap((s) => [s.title, ...s.lines.map((l) => `[${l.status}] ${l.text} — ${l.reason}`)])
    .join('\n');
}

describe('the pump card and earlier pump-evaluation referrals', () => {
  test('without any referral the fixture gets its pump card', async () => {
    expect(await pumpCards([])).toEqual(['pump-evaluation']);
  });

  test.each<[string, Json, boolean]>([
    ['an active referral', pumpReferral('sr', 'active'), false],
    ['a referral on hold', pumpReferral('sr', 'on-hold'), false],
    ['a referral completed 100 days ago', pumpReferral('sr', 'completed', { occurrenceDateTime: daysAgo(100) }), false],
    ['a referral completed 364 days ago', pumpReferral('sr', 'completed', { occurrenceDateTime: daysAgo(364) }), false],
    [
      'a referral completed 400 days ago',
      pumpReferral('sr', 'completed', { occurrenceDateTime: daysAgo(400), authoredOn: daysAgo(420) }),
      true,
    ],
    ['a completed referral with no date at all', pumpReferral('sr', 'completed', { authoredOn: undefined }), false],
    [
      'completed in a month wholly within the year (2026-01)',
      pumpReferral('sr', 'completed', { occurrenceDateTime: '2026-01', authoredOn: '2025-12-01' }),
      false,
    ],
    [
      'completed in a month the year boundary cuts (2025-11): cannot be ruled out',
      pumpReferral('sr', 'completed', { occurrenceDateTime: '2025-11', authoredOn: '2025-10-01' }),
      false,
    ],
    [
      'completed in a month wholly over a year ago (2025-06)',
      pumpReferral('sr', 'completed', { occurrenceDateTime: '2025-06', authoredOn: '2025-05-01' }),
      true,
    ],
    ['a revoked referral', pumpReferral('sr', 'revoked'), true],
    ['a referral entered in error', pumpReferral('sr', 'entered-in-error'), true],
    ['a draft never sent', pumpReferral('sr', 'draft'), true],
    ['an unreadable status (unknown): it cannot be ruled out', pumpReferral('sr', 'unknown'), false],
    ['a referral named in French words', request('sr', 'active', { code: { text: 'Bilan pré-pompe' } }), false],
    [
      'an active request of another kind (a lab order)',
      request('sr', 'active', { code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] } }),
      true,
    ],
    ['a referral to a trial study team is not a pump evaluation', trialReferral('sr', 'active'), true],
    ['pump training already ordered', request('sr', 'active', { code: { text: 'Insulin pump training' } }), false],
    [
      'a pump start under way, in French words',
      request('sr', 'active', { code: { text: 'Mise en place pompe à insuline (HDJ)' } }),
      false,
    ],
    [
      'an endocrinology referral whose reason names CSII',
      request('sr', 'active', {
        code: { text: 'Referral to endocrinology' },
        reasonCode: [{ text: 'Poorly controlled type 2 diabetes on MDI, CSII education' }],
      }),
      false,
    ],
    [
      'a feeding pump is no insulin pump',
      request('sr', 'active', { code: { text: 'Enteral feeding pump setup' } }),
      true,
    ],
    ['a pump named with what is done to it', request('sr', 'active', { code: { text: 'Pump eval' } }), false],
    [
      '"mise en place pompe" without "à insuline"',
      request('sr', 'active', { code: { text: 'HDJ mise en place pompe' } }),
      false,
    ],
    ['the French abbreviation PSCI', request('sr', 'active', { code: { text: "Demande d'avis PSCI" } }), false],
    [
      'a feeding pump named with what is done to it',
      request('sr', 'active', {
        code: { text: 'Pump training' },
        note: [{ text: 'Enteral feeding pump for night feeds via PEG' }],
      }),
      true,
    ],
    [
      'a brand beside a nutrition consult',
      request('sr', 'active', {
        code: { text: 'Omnipod 5 start' },
        note: [{ text: 'Nutrition consult for carb counting' }],
      }),
      false,
    ],
    [
      'a pump class after a stopped PCA',
      request('sr', 'active', { code: { text: 'Pump start class' }, note: [{ text: 'Post-op PCA stopped' }] }),
      false,
    ],
    [
      'a pump request beside a wound VAC',
      request('sr', 'active', { code: { text: 'Pump eval' }, reasonCode: [{ text: 'Foot ulcer on VAC therapy' }] }),
      false,
    ],
    [
      'an apomorphine pump',
      request('sr', 'completed', {
        code: { text: 'Mise en place pompe à apomorphine' },
        occurrenceDateTime: daysAgo(30),
      }),
      true,
    ],
    [
      'another pump beside an insulin one is still an insulin pump',
      request('sr', 'active', {
        code: { text: 'Insulin pump start' },
        note: [{ text: 'Has a tube feeding pump at home as well' }],
      }),
      false,
    ],
  ])('%s', async (_name, sr, card) => {
    expect(await pumpCards([sr])).toEqual(card ? ['pump-evaluation'] : []);
  });

  test('the draft the pump card suggests, once sent (active), is recognised and stops the card', async () => {
    const [proposed] = await pump.evaluate(inputFor([]));
    const draft = proposed!.card.suggestions![0]!.actions[0]!.resource as Json;
    expect(await pumpCards([{ ...draft, id: 'sent', status: 'active' }])).toEqual([]);
    expect(await pumpCards([{ ...draft, id: 'draft' }])).toEqual(['pump-evaluation']);
  });

  test('a referral of another patient is not this patient\u2019s', async () => {
    const other = pumpReferral('sr', 'active', { subject: { reference: 'Patient/someone-else' } });
    expect(await pumpCards([other])).toEqual(['pump-evaluation']);
  });

  test.each<[string, Json[], Partial<PatientRecord>]>([
    ['a pump-evaluation request whose subject cannot be read', [pumpReferral('sr', 'active', { subject: {} })], {}],
    ['ServiceRequests cut at the page cap', [], { truncated: new Set(['ServiceRequest']) }],
  ])('%s: it cannot be ruled out, so no pump card', async (_name, extra, tweak) => {
    expect(await pumpCards(extra, tweak)).toEqual([]);
  });

  test('npm run evaluate says why: the referral on file, with its status', async () => {
    const text = explained(await pump.explain(inputFor([pumpReferral('sr-1', 'active')])));
    expect(text).toContain('Rule pump-evaluation: not-met');
    expect(text).toMatch(/\[not-met\] No pump-evaluation referral under way \(active or on hold\)/);
  });

  test('referrals that were not loaded never count as none: no card, and the reason is given', async () => {
    const loaded = new Set(recordFromResources(PATIENT, []).loaded);
    loaded.delete('ServiceRequest');
    const input = { loaded };
    expect(await pumpCards([], input)).toEqual([]);
    const text = explained(await pump.explain(inputFor([], input)));
    expect(text).toMatch(/\[unknown\] No pump-evaluation referral under way.*ServiceRequest data was not loaded/);
  });
});

describe('a trial card and earlier steps towards the trial', () => {
  const study = (id: string, identifier = NANTES): Json => ({
    resourceType: 'ResearchStudy',
    id,
    status: 'active',
    identifier: [{ system: 'https://clinicaltrials.gov', value: identifier }],
  });
  const subject = (id: string, studyRef: Json, status = 'candidate'): Json => ({
    resourceType: 'ResearchSubject',
    id,
    status,
    individual: { reference: `Patient/${PATIENT}` },
    study: studyRef,
  });

  test('without any the fixture gets the NCT04270656 card', async () => {
    expect(await trialCards([])).toEqual([NANTES]);
  });

  test.each<[string, Json[], boolean]>([
    ['an active referral carrying the trial id as identifier', [trialReferral('sr', 'active')], false],
    ['a referral on hold', [trialReferral('sr', 'on-hold')], false],
    [
      'a referral completed 200 days ago',
      [trialReferral('sr', 'completed', { occurrenceDateTime: daysAgo(200) })],
      false,
    ],
    [
      'a referral completed 500 days ago',
      [trialReferral('sr', 'completed', { occurrenceDateTime: daysAgo(500), authoredOn: daysAgo(510) })],
      true,
    ],
    ['a revoked referral', [trialReferral('sr', 'revoked')], true],
    ['a referral entered in error', [trialReferral('sr', 'entered-in-error')], true],
    ['a draft', [trialReferral('sr', 'draft')], true],
    [
      'the trial id in the note only',
      [request('sr', 'active', { code: { text: 'Referral' }, note: [{ text: 'Screening for NCT04270656, please' }] })],
      false,
    ],
    [
      'the trial id in the reason only',
      [request('sr', 'active', { code: { text: 'Referral' }, reasonCode: [{ text: 'Trial NCT04270656' }] })],
      false,
    ],
    [
      'the trial id written "nct 04270656" in the note',
      [request('sr', 'active', { code: { text: 'Referral' }, note: [{ text: 'Étude nct 04270656 : à inclure' }] })],
      false,
    ],
    [
      'the trial id written "NCT-04270656" in the reason',
      [request('sr', 'active', { code: { text: 'Referral' }, reasonCode: [{ text: 'NCT-04270656 screening' }] })],
      false,
    ],
    ['a referral to another trial', [trialReferral('sr', 'active', { identifier: [{ value: 'NCT05153070' }] })], true],
    ['a pump-evaluation referral', [pumpReferral('sr', 'active')], true],
    [
      'a ResearchSubject whose ResearchStudy carries the NCT id',
      [study('rs-1'), subject('s', { reference: 'ResearchStudy/rs-1' })],
      false,
    ],
    ['a ResearchSubject naming the study by identifier', [subject('s', { identifier: { value: NANTES } })], false],
    [
      'a ResearchSubject of a contained study',
      [{ ...subject('s', { reference: '#st' }), contained: [{ ...study('st'), id: 'st' }] }],
      false,
    ],
    [
      'a ResearchSubject withdrawn from the study: the study team knows the patient',
      [study('rs-1'), subject('s', { reference: 'ResearchStudy/rs-1' }, 'withdrawn')],
      false,
    ],
    [
      'a ResearchSubject of another study',
      [study('rs-2', 'NCT05153070'), subject('s', { reference: 'ResearchStudy/rs-2' })],
      true,
    ],
  ])('%s', async (_name, extra, card) => {
    expect(await trialCards(extra)).toEqual(card ? [NANTES] : []);
  });

  test.each<[string, Json]>([
    ['undated', trialReferral('sr-u', 'completed', { authoredOn: undefined })],
    [
      'in a month the year boundary cuts',
      trialReferral('sr-u', 'completed', { occurrenceDateTime: '2025-11', authoredOn: '2025-10-01' }),
    ],
  ])('a completed referral %s: the card shows, and the explanation says it was not placed', async (_name, sr) => {
    expect(await trialCards([sr])).toEqual([NANTES]);
    const text = explained(await trials.explain(inputFor([sr])));
    expect(text).toMatch(/earlier referral not checked \(ServiceRequest\/sr-u \(completed\) is completed/);
  });

  test('a ResearchSubject of another patient, or a trial referral without a readable subject', async () => {
    const other = { ...subject('s', { identifier: { value: NANTES } }), individual: { reference: 'Patient/else' } };
    expect(await trialCards([other])).toEqual([NANTES]);
    const unreadable = trialReferral('sr-x', 'active', { subject: undefined });
    expect(await trialCards([unreadable])).toEqual([NANTES]);
    expect(explained(await trials.explain(inputFor([unreadable])))).toMatch(
      /earlier referral not checked \(.*ServiceRequest\/sr-x may be one, but its subject cannot be read/,
    );
  });

  test('npm run evaluate names the records on file', async () => {
    const text = explained(await trials.explain(inputFor([trialReferral('sr-9', 'active')])));
    expect(text).toContain(
      `Trial ${NANTES} (insulin pump vs MDI in T2D with fatty liver): does not fire (already on file: ServiceRequest/sr-9 (active))`,
    );
  });

  // A request to a study team that names no trial may be this trial's: the card shows with the doubt.
  test.each<[string, Json, boolean]>([
    [
      '"Adressage recherche clinique"',
      request('sr-r', 'active', { code: { text: 'Adressage recherche clinique' } }),
      true,
    ],
    [
      '"Referral" whose note says "clinical trial"',
      request('sr-r', 'active', {
        code: { text: 'Referral' },
        note: [{ text: 'Clinical trial screening, pump study' }],
      }),
      true,
    ],
    ['guard: a revoked one', request('sr-r', 'revoked', { code: { text: 'Adressage essai clinique' } }), false],
    ['guard: "Trial of CPAP"', request('sr-r', 'active', { code: { text: 'Trial of CPAP' } }), false],
  ])('a request to a study team naming no trial, %s: the card shows, in doubt %p', async (_name, sr, doubt) => {
    expect(await trialCards([sr])).toEqual([NANTES]);
    const text = explained(await trials.explain(inputFor([sr])));
    expect(/earlier referral not checked \(.*names no trial/.test(text)).toBe(doubt);
  });

  test('a ResearchSubject whose study cannot be identified: the card still shows, and the explanation says the check could not be made', async () => {
    const extra = [subject('s', { reference: 'ResearchStudy/not-included' })];
    expect(await trialCards(extra)).toEqual([NANTES]);
    const text = explained(await trials.explain(inputFor(extra)));
    expect(text).toMatch(
      /earlier referral not checked \(.*ResearchSubject\/s: its study names no ClinicalTrials.gov id/,
    );
  });
});

describe('npm run evaluate on a record that already holds the referrals', () => {
  test('says why each card is missing: the rule line and the records on file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'referrals-evaluate-'));
    try {
      const resources = [
        ...FIXTURE.resources(NOW),
        pumpReferral('sr-pump', 'on-hold'),
        trialReferral('sr-trial', 'completed', { occurrenceDateTime: daysAgo(40) }),
      ];
      const bundle = join(dir, 'record.json');
      writeFileSync(
        bundle,
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'collection',
          entry: resources.map((resource) => ({ resource })),
        }),
      );
      const out: string[] = [];
      const err: string[] = [];
      const code = await evaluateMain(['--bundle', bundle, '--patient', PATIENT], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { LOG_LEVEL: 'silent', DATA_DIR: join(dir, 'no-store') },
        now: () => NOW,
      });
      const text = out.join('\n');
      expect(err.join('\n')).toBe('');
      expect(code).toBe(0);
      expect(text).toMatch(/\[not-met\] No pump-evaluation referral under way \(active or on hold\)/);
      expect(text).toContain('already on file: ServiceRequest/sr-trial (completed)');
      expect(text).toMatch(/referral\.pumpEvaluation\.open\s+yes|referral\.pumpEvaluation\.open\s+true/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
