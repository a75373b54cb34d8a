import { randomUUID } from 'node:crypto';
import { resolvePrefetchTemplate } from '../fhir/prefetch-template.js';
import { KeepAliveClient } from './http-client.js';

/** The benchmark patient (sandbox/patients/pump-patients.ts): about 40 resources, both services fire. */
export const BENCH_PATIENT = 'pump-positive-main';

/**
 * The patient of the small standard body (sandbox/patients/pump-patients.ts): a short record
 * whose pump-evaluation request with full prefetch comes to about 8 KB, against about 21 KB
 * for BENCH_PATIENT (the bench prints both sizes).
 */
export const SMALL_BODY_PATIENT = 'pump-positive-tid-code';

/** The order-sign service the bench calls (services/order-hooks/definition.ts). */
export const ORDER_SIGN_SERVICE = 'diabetes-order-sign';

/** A service's discovery entry, as far as the bench needs it. */
export interface DiscoveredService {
  readonly id: string;
  readonly prefetch: Readonly<Record<string, string>>;
}

/** GET /cds-services, by service id. */
export async function discover(baseUrl: string): Promise<Map<string, DiscoveredService>> {
  const res = await fetch(`${baseUrl}/cds-services`);
  if (!res.ok) throw new Error(`discovery failed: HTTP ${res.status}`);
  const body = (await res.json()) as { services: DiscoveredService[] };
  return new Map(body.services.map((s) => [s.id, s]));
}

/**
 * Fills a service's prefetch as an EHR does: resolves each template for the patient and runs
 * the query against the EHR's FHIR server (here the sandbox store).
 */
export async function prefetchFor(
  fhirBase: string,
  templates: Readonly<Record<string, string>>,
  patientId: string,
): Promise<Record<string, unknown>> {
  const client = new KeepAliveClient(4);
  try {
    const entries = await Promise.all(
      Object.entries(templates).map(async ([key, template]) => {
        const query = resolvePrefetchTemplate(template, { patientId, userId: 'Practitioner/bench' });
        if (query === undefined) throw new Error(`prefetch ${key} needs context the bench does not give`);
        const res = await client.send('GET', `${fhirBase}/${query}`, undefined, { accept: 'application/fhir+json' });
        if (res.status !== 200) throw new Error(`prefetch ${key}: HTTP ${res.status}`);
        return [key, JSON.parse(res.body.toString('utf8')) as unknown] as const;
      }),
    );
    return Object.fromEntries(entries);
  } finally {
    client.close();
  }
}

/** A CDS Hooks 2.0 patient-view request for `patientId`. */
export function patientViewRequest(options: {
  readonly patientId: string;
  readonly prefetch?: Record<string, unknown>;
  readonly fhirServer?: string;
  readonly hookInstance?: string;
}): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: options.hookInstance ?? randomUUID(),
    ...(options.fhirServer ? { fhirServer: options.fhirServer } : {}),
    context: { userId: 'Practitioner/bench', patientId: options.patientId },
    ...(options.prefetch ? { prefetch: options.prefetch } : {}),
  };
}

/**
 * The draft order of the order-sign body: BENCH_PATIENT's Humalog raised from 10 to 14 units
 * three times a day, which brings the pump card back at the order (docs/order-hooks.md).
 */
export function benchDraftOrder(patientId: string): Record<string, unknown> {
  return {
    resourceType: 'MedicationRequest',
    id: `${patientId}-bench-draft`,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '1652640',
          display: '3 ML insulin lispro 100 UNT/ML Pen Injector [Humalog]',
        },
      ],
      text: 'Humalog KwikPen 100 units/mL',
    },
    dosageInstruction: [
      {
        text: '14 units three times a day with meals',
        timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: 14, unit: 'U', system: 'http://unitsofmeasure.org', code: '[iU]' } }],
      },
    ],
  };
}

/** A CDS Hooks 2.0 order-sign request for `patientId` with the given draft orders. */
export function orderSignRequest(options: {
  readonly patientId: string;
  readonly prefetch: Record<string, unknown>;
  readonly drafts: readonly Record<string, unknown>[];
}): Record<string, unknown> {
  return {
    hook: 'order-sign',
    hookInstance: randomUUID(),
    context: {
      userId: 'Practitioner/bench',
      patientId: options.patientId,
      draftOrders: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: options.drafts.map((resource) => ({ resource })),
      },
    },
    prefetch: options.prefetch,
  };
}

/** Counts the cards in a service answer; throws when the answer is not a 200 with cards. */
export function cardCount(status: number, body: Buffer | string): number {
  if (status !== 200) throw new Error(`expected 200, got ${status}: ${body.toString().slice(0, 300)}`);
  const parsed = JSON.parse(body.toString()) as { cards?: unknown[] };
  if (!Array.isArray(parsed.cards)) throw new Error('answer without cards');
  return parsed.cards.length;
}
