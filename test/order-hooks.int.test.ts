import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import type { FhirResource } from 'fhir/r4.js';
import request from 'supertest';
import { ORDER_SCENARIOS, type ExpectedOrderCard, type OrderScenario } from '../sandbox/patients/order-scenarios.js';
import { CardsResponseSchema, type Card } from '../services/card-schema.js';
import { SUPPRESSED_EXTENSION } from '../hooks/invoke.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startTestServer, TEST_NOW, type TestServer } from './support/test-server.js';

const SERVICE = { 'order-select': 'diabetes-order-select', 'order-sign': 'diabetes-order-sign' } as const;

let server: TestServer;
let templates: Record<string, Record<string, string>>;

beforeAll(async () => {
  server = await startTestServer();
  const res = await request(server.baseUrl).get('/cds-services').expect(200);
  const services = (res.body as { services: { id: string; prefetch: Record<string, string> }[] }).services;
  templates = Object.fromEntries(services.map((s) => [s.id, s.prefetch]));
});
afterAll(async () => {
  await server.close();
});

/** Card markdown with its escapes removed, to search for plain text. */
const plain = (markdown: string | undefined) => (markdown ?? '').replace(/\\(.)/g, '$1');

function orderBody(
  hook: OrderScenario['hook'],
  patientId: string,
  drafts: readonly FhirResource[],
  selections?: readonly string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const refs = drafts
    .filter((d) => d.resourceType === 'MedicationRequest')
    .map((d) => `MedicationRequest/${d.id ?? ''}`);
  return {
    hook,
    hookInstance: randomUUID(),
    fhirServer: `${server.baseUrl}/fhir`,
    context: {
      userId: 'Practitioner/example',
      patientId,
      ...(hook === 'order-select' ? { selections: selections ?? refs } : {}),
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: drafts.map((resource) => ({ resource })) },
    },
    ...extra,
  };
}

async function callOrderHook(
  s: OrderScenario,
  prefetch = true,
): Promise<{ cards: Card[]; extension?: Record<string, unknown> }> {
  const service = SERVICE[s.hook];
  const extra = prefetch
    ? { prefetch: await prefetchFromFhir(`${server.baseUrl}/fhir`, templates[service]!, s.patientId) }
    : {};
  const res = await request(server.baseUrl)
    .post(`/cds-services/${service}`)
    .send(orderBody(s.hook, s.patientId, s.drafts(TEST_NOW), s.selections, extra))
    .expect(200);
  return CardsResponseSchema.parse(res.body);
}

/** The cards of a patient-view call to one of the chart services. */
async function patientView(serviceId: 'pump-evaluation' | 'trial-referral', patientId: string): Promise<Card[]> {
  const res = await request(server.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .send({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      fhirServer: `${server.baseUrl}/fhir`,
      context: { userId: 'Practitioner/example', patientId },
    })
    .expect(200);
  return (res.body as { cards: Card[] }).cards;
}

/** Feedback on one card, to the service that showed it; answered 200. */
async function sendFeedback(serviceId: string, item: Record<string, unknown>): Promise<void> {
  await request(server.baseUrl)
    .post(`/cds-services/${serviceId}/feedback`)
    .send({ feedback: [{ outcomeTimestamp: TEST_NOW.toISOString(), ...item }] })
    .expect(200);
}

/** The card of an expectation: the pump cards by summary, a trial card by its source. */
function findCard(cards: readonly Card[], e: ExpectedOrderCard): Card | undefined {
  return cards.find((c) =>
    e.kind === 'trial'
      ? c.source.url?.endsWith(e.trialId ?? '?') === true
      : c.summary.includes('pump') || c.summary.includes('pompe'),
  );
}

function expectOrderCard(card: Card | undefined, e: ExpectedOrderCard): void {
  expect(card).toBeDefined();
  const c = card!;
  expect(c.indicator).toBe(e.indicator);
  for (const text of e.summaryIncludes) expect(c.summary).toContain(text);
  for (const text of e.detailIncludes ?? []) expect(plain(c.detail)).toContain(text);
  const suggestions = c.suggestions ?? [];
  const creates = suggestions.flatMap((s) => s.actions.filter((a) => a.type === 'create'));
  // Every card offers to draft the referral its question leads to.
  expect(creates.map((a) => a.resource?.resourceType)).toContain('ServiceRequest');
  if (e.kind === 'escalation') expect(c.summary).not.toContain('T2D on MDI');
  if (e.kind === 'pump') expect(c.summary).not.toContain('before adding');
  if (e.kind === 'trial') {
    const referral = creates.find((a) => a.resource?.resourceType === 'ServiceRequest')!.resource as {
      identifier?: { value: string }[];
    };
    expect(referral.identifier?.[0]?.value).toBe(e.trialId);
    const removal = suggestions.find((s) => s.actions.some((a) => a.type === 'delete'));
    expect(removal?.isRecommended).not.toBe(true);
    expect(removal?.actions.map((a) => a.resourceId)).toEqual(e.removes);
    expect(plain(c.detail)).toContain(e.trialId);
  } else {
    expect(suggestions.some((s) => s.actions.some((a) => a.type === 'delete'))).toBe(false);
  }
}

describe('discovery lists the order services', () => {
  test.each(Object.entries(SERVICE))(
    '%s is answered by %s, with the patient-view record as prefetch',
    async (hook, id) => {
      const res = await request(server.baseUrl).get('/cds-services').expect(200);
      const services = (
        res.body as {
          services: {
            id: string;
            hook: string;
            title: string;
            description: string;
            prefetch: Record<string, string>;
          }[];
        }
      ).services;
      const service = services.find((s) => s.id === id)!;
      expect(service.hook).toBe(hook);
      expect(service.title.length).toBeGreaterThan(10);
      expect(service.description.length).toBeGreaterThan(40);
      const pumpAndTrial = { ...templates['pump-evaluation'], ...templates['trial-referral'] };
      expect(service.prefetch).toEqual(pumpAndTrial);
    },
  );
});

describe('draft orders bring the cards of the change they make (prefetch sent)', () => {
  test.each(ORDER_SCENARIOS.map((s) => [s.id, s.title, s] as const))('%s: %s', async (_id, _title, s) => {
    const { cards } = await callOrderHook(s);
    expect(cards).toHaveLength(s.expected.length);
    for (const e of s.expected) expectOrderCard(findCard(cards, e), e);
  });
});

describe('and the same cards when the service reads the record from fhirServer', () => {
  test.each(ORDER_SCENARIOS.filter((s) => s.expected.length > 0).map((s) => [s.id, s] as const))(
    '%s',
    async (_id, s) => {
      const { cards } = await callOrderHook(s, false);
      expect(cards).toHaveLength(s.expected.length);
      for (const e of s.expected) expectOrderCard(findCard(cards, e), e);
    },
  );
});

const GLIMEPIRIDE = ORDER_SCENARIOS.find((s) => s.id === 'us-trial-glimepiride')!;

describe('an order hook context that breaks the hook definition is refused, naming the field', () => {
  const drafts = () => GLIMEPIRIDE.drafts(TEST_NOW);
  const patient = GLIMEPIRIDE.patientId;
  const draftId = `MedicationRequest/${drafts()[0]!.id ?? ''}`;
  const otherPatient = () => withSubject({ reference: 'Patient/someone-else' });
  /** The glimepiride draft with its subject replaced. */
  const withSubject = (subject: unknown) => {
    const [d] = drafts();
    return [{ ...d, subject } as FhirResource];
  };
  /** The glimepiride draft's body for `hook`, with its context changed by `edit`. */
  const edited =
    (hook: OrderScenario['hook'], edit: (context: Record<string, unknown>) => void) => (): Record<string, unknown> => {
      const body = orderBody(hook, patient, drafts());
      edit(body.context as Record<string, unknown>);
      return body;
    };
  test.each([
    [
      'order-select without selections',
      'order-select',
      edited('order-select', (c) => {
        delete c.selections;
      }),
      'context.selections',
    ],
    [
      'order-select with an empty selections list',
      'order-select',
      () => orderBody('order-select', patient, drafts(), []),
      'context.selections',
    ],
    [
      'a selection that names no draft order',
      'order-select',
      () => orderBody('order-select', patient, drafts(), ['MedicationRequest/not-a-draft']),
      'context.selections[0]',
    ],
    [
      'a selection that is not a reference',
      'order-select',
      () => orderBody('order-select', patient, drafts(), ['glimepiride']),
      'context.selections[0]',
    ],
    [
      'order-sign without draftOrders',
      'order-sign',
      edited('order-sign', (c) => {
        delete c.draftOrders;
      }),
      'context.draftOrders',
    ],
    [
      'draftOrders that is not a Bundle',
      'order-sign',
      edited('order-sign', (c) => {
        c.draftOrders = drafts();
      }),
      'context.draftOrders',
    ],
    [
      'a draft order entry without a resource',
      'order-sign',
      edited('order-sign', (c) => {
        (c as { draftOrders: { entry: unknown[] } }).draftOrders.entry = [{ fullUrl: draftId }];
      }),
      'context.draftOrders.entry[0].resource',
    ],
    [
      'a draft order for another patient',
      'order-sign',
      () => orderBody('order-sign', patient, otherPatient()),
      'context.draftOrders.entry[0].resource.subject.reference',
    ],
    [
      'a draft order for another patient, on order-select',
      'order-select',
      () => orderBody('order-select', patient, otherPatient(), [draftId]),
      'context.draftOrders.entry[0].resource.subject.reference',
    ],
    [
      'a draft order whose subject is a bare string (it could name anyone)',
      'order-sign',
      () => orderBody('order-sign', patient, withSubject(`Patient/${patient}`)),
      'context.draftOrders.entry[0].resource.subject',
    ],
    [
      'a draft order whose subject is a number',
      'order-sign',
      () => orderBody('order-sign', patient, withSubject({ reference: 42 })),
      'context.draftOrders.entry[0].resource.subject',
    ],
    [
      'a draft order whose subject names someone by identifier only',
      'order-sign',
      () => orderBody('order-sign', patient, withSubject({ identifier: { value: 'X1' }, display: 'Other Person' })),
      'context.draftOrders.entry[0].resource.subject',
    ],
    [
      'order-sign without userId',
      'order-sign',
      edited('order-sign', (c) => {
        delete c.userId;
      }),
      'context.userId',
    ],
    [
      'the patient-view hook sent to an order service',
      'order-sign',
      () => ({ ...orderBody('order-sign', patient, drafts()), hook: 'patient-view' }),
      'hook',
    ],
  ] as const)('%s', async (_name, hook, body, field) => {
    const res = await request(server.baseUrl).post(`/cds-services/${SERVICE[hook]}`).send(body()).expect(400);
    const outcome = res.body as {
      resourceType: string;
      issue: { expression?: string[]; details: { coding: { code: string }[] } }[];
    };
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue.flatMap((i) => i.expression ?? [])).toContain(field);
    expect(outcome.issue[0]!.details.coding[0]!.code).toBe(field === 'hook' ? 'hook-mismatch' : 'invalid-request');
  });

  test('a versioned subject reference to the patient (Patient/<id>/_history/3) is the patient', async () => {
    await request(server.baseUrl)
      .post(`/cds-services/${SERVICE['order-sign']}`)
      .send(orderBody('order-sign', patient, withSubject({ reference: `Patient/${patient}/_history/3` })))
      .expect(200);
  });

  test('other resource types among the drafts are carried along and ignored', async () => {
    const referral = {
      resourceType: 'ServiceRequest',
      id: 'draft-lab',
      status: 'draft',
      intent: 'order',
      subject: { reference: `Patient/${patient}` },
      code: { text: 'Lipid panel' },
    };
    const res = await request(server.baseUrl)
      .post(`/cds-services/${SERVICE['order-sign']}`)
      .send(orderBody('order-sign', patient, [referral as FhirResource]))
      .expect(200);
    expect(res.body).toEqual({ cards: [] });
  });
});

describe('feedback holds a topic back across hooks', () => {
  test('a pump card dismissed on patient-view as "patient declines" is not shown again at the order', async () => {
    const raise = ORDER_SCENARIOS.find((s) => s.id === 'us-mdi-raise-humalog')!;
    expect((await callOrderHook(raise)).cards).toHaveLength(1);
    const pump = (await patientView('pump-evaluation', raise.patientId))[0]!;
    const declines = pump.overrideReasons!.find((r) => r.code === 'patient-declines')!;
    await sendFeedback('pump-evaluation', {
      card: pump.uuid,
      outcome: 'overridden',
      overrideReason: { reason: declines },
    });
    const after = await callOrderHook(raise);
    expect(after.cards).toEqual([]);
    const held = (after.extension?.[SUPPRESSED_EXTENSION] ?? []) as { key: string }[];
    expect(held.map((h) => h.key)).toEqual(['pump-evaluation']);
  });

  test('a trial card dismissed at the order is held back on patient-view too', async () => {
    const s = ORDER_SCENARIOS.find((x) => x.id === 'fr-essai-victoza-atc')!;
    expect(await patientView('trial-referral', s.patientId)).toHaveLength(1);
    const [card] = (await callOrderHook(s)).cards;
    await sendFeedback(SERVICE[s.hook], {
      card: card!.uuid,
      outcome: 'overridden',
      overrideReason: { reason: card!.overrideReasons![0] },
    });
    expect(await patientView('trial-referral', s.patientId)).toEqual([]);
  });
});

describe('the trial card at the order is a warning only when the site confirmed recruitment lately', () => {
  let confirmed: TestServer;
  let rulesDir: string;
  beforeAll(async () => {
    rulesDir = mkdtempSync(join(tmpdir(), 'order-rules-'));
    cpSync(DEFAULT_RULES_DIR, rulesDir, { recursive: true });
    const file = join(rulesDir, 'trials', 'NCT04270656-pump-vs-mdi-t2d-nafld.json');
    const trial = JSON.parse(readFileSync(file, 'utf8')) as { site: Record<string, unknown> };
    const tenDaysAgo = new Date(TEST_NOW.getTime() - 10 * 86_400_000).toISOString().slice(0, 10);
    trial.site = { ...trial.site, recruiting: true, confirmedOn: tenDaysAgo };
    writeFileSync(file, JSON.stringify(trial, null, 2));
    confirmed = await startTestServer({ env: { RULES_DIR: rulesDir } });
  });
  afterAll(async () => {
    await confirmed.close();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  test('confirmed 10 days ago: warning, and its referral is a referral, not an enquiry', async () => {
    const res = await request(confirmed.baseUrl)
      .post(`/cds-services/${SERVICE['order-sign']}`)
      .send({
        ...orderBody('order-sign', GLIMEPIRIDE.patientId, GLIMEPIRIDE.drafts(TEST_NOW)),
        fhirServer: `${confirmed.baseUrl}/fhir`,
      })
      .expect(200);
    const [card] = (res.body as { cards: Card[] }).cards;
    expect(card?.indicator).toBe('warning');
    const referral = card?.suggestions?.[0]?.actions[0]?.resource as { code?: { text?: string } } | undefined;
    expect(referral?.code?.text).toContain('Referral');
  });

  test('without a confirmation (the registry alone): info', async () => {
    const { cards } = await callOrderHook(GLIMEPIRIDE);
    expect(cards[0]?.indicator).toBe('info');
  });
});

describe('removing the draft answers the order, not the trial question', () => {
  const accept = (card: Card, index: number) =>
    sendFeedback(SERVICE['order-sign'], {
      card: card.uuid,
      outcome: 'accepted',
      acceptedSuggestions: [{ id: card.suggestions![index]!.uuid }],
    });
  const trialCards = () => patientView('trial-referral', GLIMEPIRIDE.patientId);

  test('accepting "remove the order" leaves the trial card on patient-view and at the next order', async () => {
    const [card] = (await callOrderHook(GLIMEPIRIDE)).cards;
    expect(card!.suggestions![1]!.actions[0]!.type).toBe('delete');
    await accept(card!, 1);
    expect(await trialCards()).toHaveLength(1);
    expect((await callOrderHook(GLIMEPIRIDE)).cards).toHaveLength(1);
  });

  test('accepting "refer first" closes the question on every hook', async () => {
    const [card] = (await callOrderHook(GLIMEPIRIDE)).cards;
    expect(card!.suggestions![0]!.actions[0]!.type).toBe('create');
    await accept(card!, 0);
    expect(await trialCards()).toEqual([]);
    expect((await callOrderHook(GLIMEPIRIDE)).cards).toEqual([]);
  });
});
