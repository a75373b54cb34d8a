import { expect } from '@jest/globals';
import type { Observation, ServiceRequest } from 'fhir/r4.js';
import type { FixturePatient } from '../../sandbox/patients/fixture.js';
import { CardsResponseSchema, type Card, type CardsResponse } from '../../services/card-schema.js';

/** The OpT2mise paper every pump card cites (docs/clinical-rules.md, "Insulin pump evaluation card"). */
export const OPT2MISE_URL = 'https://pubmed.ncbi.nlm.nih.gov/24998009/';

/** Card markdown with its escapes removed, to search for plain text such as resource ids. */
export function plainMarkdown(markdown: string | undefined): string {
  return (markdown ?? '').replace(/\\(.)/g, '$1');
}

/** Ids of the trials the fixture says must fire, in catalogue order as recorded. */
export function firingTrials(fixture: FixturePatient): string[] {
  return Object.entries(fixture.expected.trials ?? {})
    .filter(([, t]) => t.fires)
    .map(([id]) => id);
}

/** The cards the fixture expects from one service: how many, for the table names. */
export function expectedCardCount(serviceId: string, fixture: FixturePatient): number {
  if (serviceId === 'pump-evaluation') return fixture.expected.pump ? 1 : 0;
  return firingTrials(fixture).length;
}

/** Parses a response body with CardsResponseSchema, failing with zod's issues when it does not match. */
export function parseCardsResponse(body: unknown): CardsResponse {
  const parsed = CardsResponseSchema.safeParse(body);
  if (!parsed.success) throw new Error(`not a CDS Hooks cards response: ${JSON.stringify(parsed.error.issues)}`);
  return parsed.data;
}

/** A FHIR resource reference written out ("Observation/abc"): never on a card, always in the referral. */
export const RESOURCE_ID =
  /\b(Observation|Condition|MedicationRequest|MedicationStatement|Medication|Patient|Procedure|Device|DiagnosticReport)\/[A-Za-z0-9]/;

/** The HbA1c as the pump card's summary quotes it: as recorded, with at least one decimal, or the range given. */
export function summaryHba1c(expected: { hba1cPercent: number; hba1cShown?: string }): string {
  if (expected.hba1cShown) return `${expected.hba1cShown.replace('-', '–')} %`;
  const text = String(expected.hba1cPercent);
  return `${text.includes('.') ? text : `${text}.0`} %`;
}

/** The day (YYYY-MM-DD) of the fixture's HbA1c that the pump card must quote: the Observation among its evidence. */
function expectedHba1cDay(fixture: FixturePatient, today: Date): string {
  const daysAgo = fixture.expected.pump?.hba1cDaysAgo;
  if (daysAgo !== undefined) return new Date(today.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const ids = new Set(fixture.expected.pump?.evidenceIds ?? []);
  const observations = fixture
    .resources(today)
    .filter((r): r is Observation => r.resourceType === 'Observation' && ids.has(r.id ?? ''));
  expect(observations).toHaveLength(1);
  const date = observations[0]!.effectiveDateTime ?? observations[0]!.effectivePeriod?.start;
  expect(date).toBeDefined();
  return date!.slice(0, 10);
}

function referralOf(card: Card): ServiceRequest {
  expect(card.suggestions).toHaveLength(1);
  expect(card.selectionBehavior).toBe('at-most-one');
  const suggestion = card.suggestions![0]!;
  expect(suggestion.uuid).not.toBe(card.uuid);
  expect(suggestion.actions).toHaveLength(1);
  const action = suggestion.actions[0]!;
  expect(action.type).toBe('create');
  return action.resource as unknown as ServiceRequest;
}

function expectDraftReferralFor(sr: ServiceRequest, patientId: string): void {
  expect(sr).toMatchObject({
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    subject: { reference: `Patient/${patientId}` },
  });
}

function expectOverrideReasons(card: Card): void {
  expect(card.overrideReasons?.length).toBeGreaterThan(0);
  for (const reason of card.overrideReasons!) {
    expect(reason.display.length).toBeGreaterThan(0);
    expect(reason.code.length).toBeGreaterThan(0);
  }
}

/** The pump-evaluation card says what the fixture expects: HbA1c and its day, evidence, range note, referral. */
export function expectPumpCard(card: Card, fixture: FixturePatient, today: Date): void {
  const expected = fixture.expected.pump;
  expect(expected).not.toBeNull();
  expect(card.summary).toBe(
    `Consider insulin pump evaluation: T2D on MDI, HbA1c ${summaryHba1c(expected!)} (${expectedHba1cDay(fixture, today)})`,
  );
  expect(card.summary.length).toBeLessThan(140);
  expect(card.indicator).toBe('info');
  const detail = plainMarkdown(card.detail);
  // The card names evidence by what it is and when; the referral carries the resource ids.
  expect(detail).not.toMatch(RESOURCE_ID);
  const reasons = (referralOf(card).reasonReference ?? []).map((r) => r.reference?.split('/')[1]);
  for (const id of expected!.evidenceIds) expect(reasons).toContain(id);
  expect(detail).toContain('OpT2mise');
  expect(detail.includes('lies above the 8.0–12.0 % range')).toBe(expected!.aboveTrialRange === true);
  expect(detail.includes('MDI duration to confirm')).toBe(expected!.mdiDurationToConfirm === true);
  for (const text of expected!.detailIncludes ?? []) expect(detail).toContain(text);
  for (const text of expected!.detailExcludes ?? []) expect(detail).not.toContain(text);
  expect(card.source.url).toBe(OPT2MISE_URL);
  expectDraftReferralFor(referralOf(card), fixture.id);
  expectOverrideReasons(card);
  expect(card.links?.map((l) => l.url)).toContain(OPT2MISE_URL);
}

/** One trial card: it names the trial, cites its registry page, and drafts a referral carrying the trial id. */
export function expectTrialCard(card: Card, trialId: string, patientId: string): void {
  const page = `https://clinicaltrials.gov/study/${trialId}`;
  expect(card.summary).toContain(trialId);
  expect(card.summary.length).toBeLessThan(140);
  expect(card.indicator).toBe('info');
  expect(card.source.url).toBe(page);
  const sr = referralOf(card);
  expectDraftReferralFor(sr, patientId);
  expect(sr.identifier?.map((i) => i.value)).toContain(trialId);
  expectOverrideReasons(card);
  expect(card.links?.map((l) => l.url)).toContain(page);
}

/**
 * A service's whole answer for a fixture patient is what the fixture records: the body is a
 * valid cards response, each card has its own uuid, and the cards are exactly the expected
 * ones (pump: one card or none; trials: one per firing trial, none for the others).
 */
export function expectFixtureCards(serviceId: string, body: unknown, fixture: FixturePatient, today: Date): void {
  const { cards } = parseCardsResponse(body);
  expect(new Set(cards.map((c) => c.uuid)).size).toBe(cards.length);
  if (serviceId === 'pump-evaluation') {
    expect(cards).toHaveLength(fixture.expected.pump ? 1 : 0);
    if (fixture.expected.pump) expectPumpCard(cards[0]!, fixture, today);
    return;
  }
  expect(serviceId).toBe('trial-referral');
  const firing = firingTrials(fixture);
  const named = cards.map((c) => firing.find((id) => c.summary.includes(id)) ?? `unexpected card: ${c.summary}`);
  expect([...named].sort()).toEqual([...firing].sort());
  cards.forEach((card, i) => {
    expectTrialCard(card, named[i]!, fixture.id);
  });
  const notFiring = Object.keys(fixture.expected.trials ?? {}).filter((id) => !firing.includes(id));
  for (const id of notFiring) expect(cards.some((c) => c.summary.includes(id))).toBe(false);
}
