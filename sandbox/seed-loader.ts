import { Client } from 'fhir-kit-client';
import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4.js';
import { generatePatients } from './fhir/generated-patients.js';
import type { FixturePatient } from './patients/fixture.js';
import { populationPatients } from './patients/population.js';

/** One patient to load: its id and all its resources (each with a stable id). */
export interface SeedPatient {
  readonly id: string;
  readonly resources: readonly FhirResource[];
}

/** What loading one patient did, counted from the transaction-response. */
export interface SeedResult {
  readonly patientId: string;
  readonly resources: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** Where to load, and how. */
export interface SeedOptions {
  /** FHIR R4 base URL, e.g. http://hapi:8080/fhir. */
  readonly baseUrl: string;
  readonly token?: string;
  /** Deadline per HTTP request (default 60 s: HAPI's first transaction can be slow). */
  readonly timeoutMs?: number;
  /** Called after each patient, e.g. to print a line. */
  readonly onPatient?: (result: SeedResult) => void;
}

/** The FHIR server refused or could not be reached; the message says which and why. */
export class SeedError extends Error {
  override readonly name = 'SeedError';
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The fixture patients, `extra` generated ones (`gen-…`) and a generated `population` of varied
 * shape (`pop-…`, sandbox/patients/population.ts), with dates counted back from `today`. Made one
 * patient at a time as the loader asks: a population of 100,000 never sits in memory.
 */
export function* seedPatients(
  fixtures: readonly FixturePatient[],
  today: Date,
  extra = 0,
  population = 0,
): Generator<SeedPatient> {
  for (const f of fixtures) yield { id: f.id, resources: f.resources(today) };
  for (const g of generatePatients(extra, today)) yield { id: g.id, resources: g.resources };
  for (const p of populationPatients(population, today)) yield { id: p.id, resources: p.resources };
}

/** Refuses ids a server would reject or rewrite: PUT needs a valid FHIR id, and HAPI refuses purely numeric client ids. */
function checkIds(patient: SeedPatient): void {
  for (const r of patient.resources) {
    if (!r.id || !FHIR_ID.test(r.id) || /^\d+$/.test(r.id)) {
      throw new SeedError(
        `patient ${patient.id}: ${r.resourceType} id "${r.id ?? ''}" cannot be loaded with PUT (ids must be FHIR ids with at least one non-digit)`,
      );
    }
  }
}

/** Patient first, then stand-alone Medications, then the rest, so servers that check references in order accept it. */
function ordered(resources: readonly FhirResource[]): FhirResource[] {
  const rank = (r: FhirResource): number =>
    r.resourceType === 'Patient' ? 0 : r.resourceType === 'Medication' ? 1 : 2;
  return [...resources].sort((a, b) => rank(a) - rank(b));
}

/** The version a transaction or batch response entry reports: its ETag, its versioned location, or the resource's meta. */
function versionOf(entry: BundleEntry | undefined): string | undefined {
  const etag = /^(?:W\/)?"([^"]+)"$/.exec(entry?.response?.etag ?? '')?.[1];
  if (etag) return etag;
  const location = /\/_history\/([^/]+)$/.exec(entry?.response?.location ?? '')?.[1];
  return location ?? entry?.resource?.meta?.versionId;
}

function statusOf(entry: BundleEntry | undefined): number {
  return Number.parseInt(entry?.response?.status ?? '', 10);
}

/** A readable reason from a fhir-kit-client error: the HTTP status and the OperationOutcome's diagnostics, or the network error. */
function describeFailure(err: unknown, baseUrl: string, timeoutMs: number): string {
  const e = err as {
    name?: string;
    message?: string;
    cause?: { code?: string };
    response?: { status?: number; data?: unknown };
  };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer from ${baseUrl} within ${timeoutMs} ms`;
  if (typeof e.response?.status === 'number' && e.response.status < 300) {
    return `the FHIR server at ${baseUrl} answered HTTP ${e.response.status} with a body that is not FHIR JSON`;
  }
  if (typeof e.response?.status === 'number') {
    const data = e.response.data as { issue?: { diagnostics?: string; code?: string }[] } | string | undefined;
    const detail =
      typeof data === 'string'
        ? data.replace(/\s+/g, ' ').slice(0, 200)
        : (data?.issue?.map((i) => i.diagnostics ?? i.code).join('; ') ?? '').slice(0, 300);
    return `the FHIR server at ${baseUrl} answered HTTP ${e.response.status}${detail ? `: ${detail}` : ''}`;
  }
  if (e.message === 'fetch failed')
    return `cannot reach the FHIR server at ${baseUrl} (${e.cause?.code ?? 'network error'})`;
  return `unexpected failure talking to ${baseUrl}: ${e.message ?? String(err)}`;
}

/**
 * Waits until the FHIR server answers `GET metadata` with a CapabilityStatement, polling
 * every `intervalMs`: HAPI takes a minute or two to start under docker-compose. Throws
 * SeedError with the last reason when `timeoutMs` passes first.
 */
export async function waitForFhirServer(
  baseUrl: string,
  options: { timeoutMs: number; intervalMs?: number; token?: string },
): Promise<void> {
  const base = baseUrl.replace(/\/+$/, '');
  const client = new Client({ baseUrl: base, ...(options.token ? { bearerToken: options.token } : {}) });
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let reason: string;
    const left = deadline - Date.now();
    try {
      const answer = (await client.request('metadata', {
        options: { signal: AbortSignal.timeout(Math.max(1, Math.min(left, 10_000))), redirect: 'error' },
      })) as { resourceType?: unknown };
      if (answer.resourceType === 'CapabilityStatement') return;
      reason = 'metadata is not a CapabilityStatement';
    } catch (err) {
      reason = describeFailure(err, base, Math.min(left, 10_000));
    }
    if (Date.now() + (options.intervalMs ?? 2000) > deadline) {
      throw new SeedError(
        `the FHIR server at ${base} was not ready after ${Math.round(options.timeoutMs / 1000)} s (${reason})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2000));
  }
}

/**
 * Loads patients into a FHIR R4 server (HAPI, the embedded sandbox, any other): one
 * transaction per patient of `PUT Type/id` entries with stable ids, so a second run
 * changes nothing. A batch read of the same ids first tells updated from unchanged.
 * Throws SeedError when the server refuses or cannot be reached.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
export async function seedFhirServer(patients: Iterable<SeedPatient>, options: SeedOptions): Promise<SeedResult[]> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const client = new Client({ baseUrl, ...(options.token ? { bearerToken: options.token } : {}) });
  const post = async (body: Bundle, expectedType: string): Promise<BundleEntry[]> => {
    let answer: unknown;
    try {
      answer = await client.transaction({
        body: body as unknown as Bundle & Record<string, unknown>,
        options: { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' },
      });
    } catch (err) {
      throw new SeedError(describeFailure(err, baseUrl, timeoutMs));
    }
    const bundle = answer as Bundle;
    if (
      bundle.resourceType !== 'Bundle' ||
      bundle.type !== expectedType ||
      (bundle.entry?.length ?? 0) !== body.entry?.length
    ) {
      throw new SeedError(`the FHIR server at ${baseUrl} did not answer with a ${expectedType} for every entry`);
    }
    return bundle.entry ?? [];
  };

  const results: SeedResult[] = [];
  for (const patient of patients) {
    checkIds(patient);
    const resources = ordered(patient.resources);
    const before = await post(
      {
        resourceType: 'Bundle',
        type: 'batch',
        entry: resources.map((r) => ({ request: { method: 'GET', url: `${r.resourceType}/${r.id}` } })),
      },
      'batch-response',
    );
    const after = await post(
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: resources.map((r) => ({
          fullUrl: `${baseUrl}/${r.resourceType}/${r.id}`,
          resource: r,
          request: { method: 'PUT', url: `${r.resourceType}/${r.id}` },
        })),
      },
      'transaction-response',
    );
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    after.forEach((entry, i) => {
      const previous = statusOf(before[i]) === 200 ? versionOf(before[i]) : undefined;
      if (statusOf(entry) === 201 || previous === undefined) created++;
      else if (versionOf(entry) === previous) unchanged++;
      else updated++;
    });
    const result = { patientId: patient.id, resources: resources.length, created, updated, unchanged };
    options.onPatient?.(result);
    results.push(result);
  }
  return results;
}
