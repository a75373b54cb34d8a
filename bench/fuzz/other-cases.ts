import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { jsonPost, type FuzzAnswer, type FuzzCase } from './fuzz-case.js';
import { positiveRequest, SERVICE_IDS, type FuzzContext } from './fuzz-context.js';

const service = fc.constantFrom(...SERVICE_IDS);

/** GET /cds-services (any query string), and the methods it refuses. */
function discovery(): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    fc.option(fc.webQueryParameters(), { nil: undefined }).map((q): FuzzCase => ({
      category: 'discovery',
      request: { method: 'GET', path: `/cds-services${q ? `?${q}` : ''}`, headers: {} },
      expect: { kind: 'discovery', statuses: [200] },
    })),
    fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH').map((method): FuzzCase => ({
      category: 'discovery: wrong method',
      request: {
        method,
        path: '/cds-services',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{}'),
      },
      expect: { kind: 'discovery', statuses: [405], codes: ['method-not-allowed'] },
    })),
  );
}

/** /healthz, /readyz, /metrics; other methods on them fall through to 404. */
function health(): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      p: fc.constantFrom('/healthz', '/readyz', '/metrics'),
      method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'DELETE'),
    })
    .map(({ p, method }): FuzzCase => ({
      category: `health: ${method === 'GET' ? p : 'wrong method'}`,
      request: { method, path: p, headers: {} },
      expect:
        method === 'GET'
          ? { kind: 'health', statuses: [200] }
          : { kind: 'route', statuses: [404, 405], codes: ['not-found', 'method-not-allowed'] },
    }));
}

/** Paths nobody serves, including broken percent-encoding and traversal attempts. */
function unknownRoutes(): fc.Arbitrary<FuzzCase> {
  const odd = fc.constantFrom(
    '/cds-services/%E0%A4%A',
    '/cds-services/%',
    '/cds-services/pump-evaluation/%ZZ',
    '/cds-services/..%2F..%2Fetc%2Fpasswd',
    '/cds-services/pump-evaluation/feedback/extra',
    '/%00',
    '/zz/../../etc/passwd',
    '//cds-services',
    '/cds-services/' + 'a'.repeat(5000),
  );
  return fc
    .record({
      p: fc.oneof(
        odd,
        fc.webPath().map((w) => `/zz${w}`),
      ),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'),
    })
    .map(({ p, method }): FuzzCase => ({
      category: 'unknown route',
      request: {
        method,
        path: p,
        headers: method === 'POST' || method === 'PUT' ? { 'content-type': 'application/json' } : {},
        ...(method === 'POST' || method === 'PUT' ? { body: Buffer.from('{}') } : {}),
      },
      expect: { kind: 'route' },
    }));
}

const TYPES = [
  'Patient',
  'Observation',
  'Condition',
  'MedicationRequest',
  'MedicationStatement',
  'Device',
  'Procedure',
  'DiagnosticReport',
  'Medication',
  'Foo',
  'patient',
  'Bundle',
  '$graphql',
  'metadata',
];

/** Reads and searches on the sandbox FHIR server (never writes: the fixtures must stay as they are). */
function fhir(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const type = fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 12 }).map(encodeURIComponent));
  const id = fc.oneof(
    fc.constantFrom(...ctx.patientIds.slice(0, 20)),
    fc.string({ maxLength: 70 }).map(encodeURIComponent),
  );
  const value = fc.oneof(
    fc.constantFrom(...ctx.patientIds.slice(0, 10)).map((p) => `Patient/${p}`),
    fc.constantFrom(
      'http://loinc.org|4548-4',
      'ge2020-01-01',
      'lt2024-13-45',
      '-date',
      '0',
      '-1',
      '99999',
      'Patient:subject',
      '*',
      '',
    ),
    fc.string({ maxLength: 30 }),
  );
  const param = fc.tuple(
    fc.oneof(
      fc.constantFrom(
        'patient',
        'subject',
        'code',
        'date',
        '_sort',
        '_count',
        '_include',
        '_revinclude',
        'status',
        '_id',
        '_elements',
        '_summary',
        '_total',
      ),
      fc.string({ maxLength: 10 }),
    ),
    value,
  );
  const query = fc
    .array(param, { maxLength: 5 })
    .map((ps) => ps.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  return fc.oneof(
    fc.constant<FuzzCase>({
      category: 'fhir: metadata',
      request: { method: 'GET', path: '/fhir/metadata', headers: {} },
      expect: { kind: 'fhir', statuses: [200] },
    }),
    fc.record({ t: type, i: id }).map(({ t, i }): FuzzCase => ({
      category: 'fhir: read',
      request: { method: 'GET', path: `/fhir/${t}/${i}`, headers: { accept: 'application/fhir+json' } },
      expect: { kind: 'fhir' },
    })),
    fc.record({ t: type, q: query }).map(({ t, q }): FuzzCase => ({
      category: 'fhir: search (GET)',
      request: { method: 'GET', path: `/fhir/${t}?${q}`, headers: { accept: 'application/fhir+json' } },
      expect: { kind: 'fhir' },
    })),
    fc.record({ t: type, q: query }).map(({ t, q }): FuzzCase => ({
      category: 'fhir: search (POST _search)',
      request: {
        method: 'POST',
        path: `/fhir/${t}/_search`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(q),
      },
      expect: { kind: 'fhir' },
    })),
  );
}

/** Feedback bodies that are not valid feedback, or name cards nobody issued. */
function badFeedback(): fc.Arbitrary<FuzzCase> {
  const item = fc.record(
    {
      card: fc.oneof(fc.uuid(), fc.string({ maxLength: 200 }), fc.integer()),
      outcome: fc.oneof(fc.constantFrom('accepted', 'overridden'), fc.string({ maxLength: 10 })),
      acceptedSuggestions: fc.oneof(
        fc.array(fc.record({ id: fc.uuid() }), { maxLength: 2 }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      overrideReason: fc.oneof(
        fc.record({ reason: fc.record({ code: fc.string({ maxLength: 20 }) }) }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      outcomeTimestamp: fc.oneof(
        fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2024-13-45T00:00:00Z', 'yesterday', '1969-12-31T23:59:59Z'),
        fc.string({ maxLength: 25 }),
      ),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ feedback: fc.array(item, { maxLength: 3 }) }),
    fc.record({ feedback: fc.jsonValue({ maxDepth: 2 }) }),
  );
  // Valid-looking items, too many of them or with an enormous comment (the schema caps both).
  const enormous = fc
    .record({
      items: fc.integer({ min: 101, max: 3000 }),
      comment: fc.integer({ min: 2001, max: 60_000 }),
      many: fc.boolean(),
    })
    .map(({ items, comment, many }) => {
      const item = (i: number) => ({
        card: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        outcome: 'overridden',
        overrideReason: { userComment: many ? 'x' : 'y'.repeat(comment) },
        outcomeTimestamp: '2026-11-01T10:00:00Z',
      });
      return { feedback: Array.from({ length: many ? items : 1 }, (_, i) => item(i)) };
    });
  return fc
    .record({ s: service, body: fc.oneof({ arbitrary: body, weight: 5 }, { arbitrary: enormous, weight: 1 }) })
    .map(({ s, body }): FuzzCase => ({
      category: 'feedback: invalid or unknown card',
      request: jsonPost(`/cds-services/${s}/feedback`, body),
      expect: {
        kind: 'feedback',
        statuses: [400, 404, 413],
        codes: ['invalid-feedback', 'unknown-card', 'malformed-json', 'invalid-request', 'payload-too-large'],
      },
    }));
}

interface IssuedCard {
  uuid: string;
  suggestions?: { uuid: string }[];
  overrideReasons?: { code: string; system: string; display: string }[];
}

function cardsOf(a: FuzzAnswer): IssuedCard[] {
  try {
    return (JSON.parse(a.body.toString()) as { cards?: IssuedCard[] }).cards ?? [];
  } catch {
    return [];
  }
}

/** Feedback flows each get their own copy of the patient, so suppression never crosses cases. */
let flows = 0;

/**
 * Feedback on a card just issued, for a copy of the benchmark patient under a new id (feedback
 * suppresses the card for that patient only): stored once, stored again as a duplicate, a
 * wrong suggestion refused, and the card held back on the next call.
 */
function feedbackFlow(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      s: service,
      accept: fc.boolean(),
      comment: fc.option(fc.string({ maxLength: 300, unit: 'grapheme' }), { nil: undefined }),
      wrongSuggestion: fc.boolean(),
    })
    .map(({ s, accept, comment, wrongSuggestion }): FuzzCase => {
      const patientId = `fuzz-fb-${process.pid}-${++flows}`;
      const call = positiveRequest(ctx, s, patientId);
      const feedbackPath = `/cds-services/${s}/feedback`;
      const at = new Date().toISOString();
      const again: FuzzCase = {
        category: 'feedback flow: the card is held back afterwards',
        request: jsonPost(`/cds-services/${s}`, { ...call, hookInstance: randomUUID() }),
        expect: { kind: 'hook', statuses: [200], cards: 'none', suppressed: true },
      };
      return {
        category: 'feedback flow: the card is issued',
        request: jsonPost(`/cds-services/${s}`, call),
        expect: { kind: 'hook', statuses: [200], cards: 'fires' },
        then: (answer) => {
          const card = cardsOf(answer)[0];
          if (!card) return undefined;
          const item = accept
            ? {
                card: card.uuid,
                outcome: 'accepted',
                acceptedSuggestions: [{ id: card.suggestions?.[0]?.uuid ?? 'none' }],
                outcomeTimestamp: at,
              }
            : {
                card: card.uuid,
                outcome: 'overridden',
                overrideReason: {
                  reason: card.overrideReasons?.[0],
                  ...(comment !== undefined ? { userComment: comment } : {}),
                },
                outcomeTimestamp: at,
              };
          const stored: FuzzCase = {
            category: 'feedback flow: stored',
            request: jsonPost(feedbackPath, { feedback: [item] }),
            expect: { kind: 'feedback', statuses: [200], feedback: { stored: 1, duplicates: 0 } },
            then: () => ({
              category: 'feedback flow: re-sent, stored once',
              request: jsonPost(feedbackPath, { feedback: [item] }),
              expect: { kind: 'feedback', statuses: [200], feedback: { stored: 0, duplicates: 1 } },
              then: () => again,
            }),
          };
          if (!wrongSuggestion || !accept) return stored;
          return {
            category: 'feedback flow: a suggestion the card never had',
            request: jsonPost(feedbackPath, { feedback: [{ ...item, acceptedSuggestions: [{ id: randomUUID() }] }] }),
            expect: {
              kind: 'feedback',
              statuses: [400],
              codes: ['invalid-feedback'],
              field: 'feedback[0].acceptedSuggestions[0].id',
            },
            then: () => stored,
          };
        },
      };
    });
}

/** Every generator for the endpoints other than the hook calls, weighted. */
export function otherCases(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { arbitrary: discovery(), weight: 2 },
    { arbitrary: health(), weight: 2 },
    { arbitrary: unknownRoutes(), weight: 3 },
    { arbitrary: fhir(ctx), weight: 8 },
    { arbitrary: badFeedback(), weight: 4 },
    { arbitrary: feedbackFlow(ctx), weight: 3 },
  );
}
