import { discover, patientViewRequest, prefetchFor } from '../hook-requests.js';

/** The patient whose records the hostile mutations corrupt: both services fire for it. */
export const FUZZ_PATIENT = 'pump-positive-main';
/** The CDS services under test. */
export const SERVICE_IDS = ['pump-evaluation', 'trial-referral'] as const;
/** One of SERVICE_IDS. */
export type ServiceId = (typeof SERVICE_IDS)[number];

/** What the generators need to know about the running service. */
export interface FuzzContext {
  readonly baseUrl: string;
  /** The service's own sandbox FHIR server (allowed as fhirServer in sandbox mode). */
  readonly fhirBase: string;
  readonly bodyLimit: number;
  /** Each service's full prefetch for FUZZ_PATIENT, as an EHR builds it from the templates. */
  readonly prefetch: Readonly<Record<ServiceId, Readonly<Record<string, unknown>>>>;
  /** Patients in the sandbox store, for /fhir reads and searches. */
  readonly patientIds: readonly string[];
}

/** Reads discovery and builds each service's prefetch from the sandbox store. */
export async function loadFuzzContext(baseUrl: string, bodyLimit: number): Promise<FuzzContext> {
  const services = await discover(baseUrl);
  const fhirBase = `${baseUrl}/fhir`;
  const prefetch = {} as Record<ServiceId, Record<string, unknown>>;
  for (const id of SERVICE_IDS) {
    const s = services.get(id);
    if (!s) throw new Error(`service ${id} is not in discovery`);
    prefetch[id] = await prefetchFor(fhirBase, s.prefetch, FUZZ_PATIENT);
  }
  const res = await fetch(`${fhirBase}/Patient?_count=200&_elements=id`, {
    headers: { accept: 'application/fhir+json' },
  });
  const bundle = (await res.json()) as { entry?: { resource?: { id?: string } }[] };
  const patientIds = (bundle.entry ?? []).flatMap((e) => (e.resource?.id ? [e.resource.id] : []));
  return { baseUrl, fhirBase, bodyLimit, prefetch, patientIds };
}

/** A fresh request body for a service with its full prefetch (deep-copied, safe to mutate). */
export function positiveRequest(
  ctx: FuzzContext,
  service: ServiceId,
  patientId = FUZZ_PATIENT,
): Record<string, unknown> {
  const prefetch = structuredClone(ctx.prefetch[service]) as Record<string, unknown>;
  const request = patientViewRequest({ patientId: FUZZ_PATIENT, prefetch });
  return patientId === FUZZ_PATIENT
    ? request
    : (JSON.parse(JSON.stringify(request).replaceAll(FUZZ_PATIENT, patientId)) as Record<string, unknown>);
}
