import type { FhirResource, Medication, MedicationRequest, MedicationStatement, Patient } from 'fhir/r4.js';
import { DataUnavailableError, FhirFetchError, type FhirAccess, type PatientDataSource } from './data-source.js';
import { cutLeavesListsWhole } from './observation-sweeps.js';
import { compareVersions } from './record-from-resources.js';
import type { KeySource, PatientRecord } from './patient-record.js';
import { otherPatientField, readPrefetchValue, type PrefetchValue } from './prefetch.js';
import { queryResourceType, resolvePrefetchTemplate, type TemplateContext } from './prefetch-template.js';

/** What the loader needs to know about one request. */
export interface LoadRequest {
  readonly patientId: string;
  /** The service's prefetch templates, by key. */
  readonly templates: Readonly<Record<string, string>>;
  readonly context: TemplateContext;
  readonly prefetch?: Readonly<Record<string, unknown>>;
  /**
   * How to reach the FHIR server, asked for only when a read is needed, so that a request
   * whose prefetch is complete never depends on its fhirServer. Undefined: no server.
   */
  readonly access?: () => FhirAccess;
  readonly source?: PatientDataSource;
}

/** How the record was assembled, for logs and metrics. */
export interface LoadStats {
  readonly fetchedKeys: readonly string[];
  /** Rounds of parallel FHIR reads: 0 when prefetch covered everything, at most 2. */
  readonly fhirRounds: number;
  readonly truncatedKeys: readonly string[];
  /** Wall time spent reading from the FHIR server. */
  readonly fetchMs: number;
}

// A search sorted by date, newest first (`_sort=-date`, the date search parameter of
// Observation, DiagnosticReport and the like).
const NEWEST_FIRST = /[?&]_sort=-date(?:&|$)/;

/** The effective date of a result, as written: effective[x] or, failing that, issued. */
function dateOf(resource: FhirResource): string | undefined {
  const r = resource as { effectiveDateTime?: unknown; effectivePeriod?: { start?: unknown }; issued?: unknown };
  const v = r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Whether a page came back newest first, as asked: every dated result no newer than the one
 * before it. A server that ignored `_sort` would show it in the order, most of the time; when it
 * does not, the page is not trusted to hold the newest result.
 */
function isNewestFirst(resources: readonly FhirResource[]): boolean {
  let previous: number | undefined;
  for (const r of resources) {
    const date = dateOf(r);
    if (date === undefined) return false;
    const ms = Date.parse(date.length === 4 ? `${date}-01-01` : date);
    if (Number.isNaN(ms)) return false;
    if (previous !== undefined && ms > previous) return false;
    previous = ms;
  }
  return true;
}

class RecordBuilder {
  patient: Patient | undefined;
  readonly resources = new Map<string, Map<string, FhirResource>>();
  readonly medications = new Map<string, Medication>();
  readonly loaded = new Set<string>();
  readonly truncated = new Set<string>();
  /** Truncated types with some cut query not shown to be newest first. */
  readonly cutAnyOrder = new Set<string>();

  /** A query of the type stopped at a page: note whether its page holds the newest results. */
  cut(type: string, template: string, resources: readonly FhirResource[]): void {
    this.truncated.add(type);
    if (!NEWEST_FIRST.test(template) || !isNewestFirst(resources)) this.cutAnyOrder.add(type);
  }
  private anonymous = 0;

  /** Results the laboratory sweep brought, by `type/id`: a copy from any other query replaces them. */
  private readonly fromSweep = new Set<string>();

  /**
   * Adds a resource. The same result may come twice, from a search by code and from the
   * laboratory sweep: the search by code's copy is kept, whatever the order of the keys, as the
   * sweep's may be a thinner view of it (an EHR may leave a note out of a category search).
   */
  add(resource: FhirResource, sweep = false): void {
    if (resource.resourceType === 'Patient') {
      this.patient ??= resource;
      return;
    }
    if (resource.resourceType === 'Medication') {
      if (resource.id) this.medications.set(`Medication/${resource.id}`, resource);
      return;
    }
    const byId = this.resources.get(resource.resourceType) ?? new Map<string, FhirResource>();
    const id = resource.id ?? `#anonymous-${++this.anonymous}`;
    const key = `${resource.resourceType}/${id}`;
    // Two versions of one resource (keys read at different moments): the newer stands, whichever
    // key brought it; an HbA1c retracted since the search by code was filled is retracted (a
    // review of prefetch shapes, 2026-12-07). Versions that cannot be ordered keep the rule below.
    const held = byId.get(id);
    const order = held && held !== resource ? compareVersions(resource, held) : undefined;
    if (order !== undefined && order < 0) return;
    if (order !== undefined && order > 0) {
      if (sweep) this.fromSweep.add(key);
      else this.fromSweep.delete(key);
      byId.set(id, resource);
      return;
    }
    if (sweep) {
      if (byId.has(id) && !this.fromSweep.has(key)) return;
      this.fromSweep.add(key);
    } else this.fromSweep.delete(key);
    byId.set(id, resource);
    this.resources.set(resource.resourceType, byId);
  }

  /** Stand-alone Medication references that no resource in hand resolves. */
  unresolvedMedicationIds(): string[] {
    const ids = new Set<string>();
    for (const type of ['MedicationRequest', 'MedicationStatement']) {
      for (const r of this.resources.get(type)?.values() ?? []) {
        const ref = (r as MedicationRequest | MedicationStatement).medicationReference?.reference;
        if (typeof ref !== 'string' || ref.startsWith('#')) continue;
        const m = /(?:^|\/)Medication\/([A-Za-z0-9\-.]{1,64})$/.exec(ref);
        if (m?.[1] && !this.medications.has(`Medication/${m[1]}`)) ids.add(m[1]);
      }
    }
    return [...ids];
  }
}

/**
 * Adds a resource read from the FHIR server. A server that ignores the patient filter
 * would hand us other patients' data; that fails the read rather than pollute the record.
 */
function addFetched(builder: RecordBuilder, resource: FhirResource, patientId: string, sweep = false): void {
  if (resource.resourceType === 'OperationOutcome') return;
  if (otherPatientField(resource as unknown as Record<string, unknown>, patientId)) {
    throw new FhirFetchError(
      'invalid-response',
      `the FHIR server returned a ${resource.resourceType} of another patient`,
    );
  }
  builder.add(resource, sweep);
}

function describeKeys(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}

/**
 * Builds the patient's record from prefetch, reading from the FHIR server whatever is
 * missing or failed: all of it in one parallel round, then at most one more round for
 * Medications referenced by id. Throws DataUnavailableError when data is needed and
 * there is no FHIR server to read it from.
 */
export async function loadPatientRecord(req: LoadRequest): Promise<{ record: PatientRecord; stats: LoadStats }> {
  const builder = new RecordBuilder();
  const keySources: Record<string, KeySource> = {};
  const queries = new Map<string, string>();
  const types = new Map<string, string>();
  const truncatedKeys: string[] = [];

  for (const [key, template] of Object.entries(req.templates)) {
    const type = queryResourceType(template);
    types.set(key, type);
    const value: PrefetchValue = readPrefetchValue(req.prefetch, key, type, req.patientId);
    if (value.state === 'data') {
      keySources[key] = 'prefetch';
      const sweep = cutLeavesListsWhole(template);
      for (const r of [...value.resources, ...value.included]) builder.add(r, sweep);
      builder.loaded.add(type);
      if (value.partial && !sweep) {
        builder.cut(type, template, value.resources);
        truncatedKeys.push(key);
      }
    } else if (value.state === 'null') {
      keySources[key] = 'prefetch-null';
      builder.loaded.add(type);
    } else {
      keySources[key] = value.state;
      const query = resolvePrefetchTemplate(template, req.context);
      if (query === undefined) {
        throw new DataUnavailableError([key], `prefetch "${key}" needs a context field the request did not carry`);
      }
      queries.set(key, query);
    }
  }

  let fhirRounds = 0;
  let access: FhirAccess | undefined;
  const started = performance.now();
  if (queries.size > 0) {
    const keys = [...queries.keys()];
    if (!req.access || !req.source) {
      throw new DataUnavailableError(
        keys,
        `prefetch ${describeKeys(keys)} ${keys.length > 1 ? 'were' : 'was'} not provided (or failed) and the request has no fhirServer to read ${keys.length > 1 ? 'them' : 'it'} from`,
      );
    }
    access = req.access();
    fhirRounds++;
    const fetched = await req.source.fetchQueries(access, queries);
    for (const [key, result] of fetched) {
      const type = types.get(key)!;
      keySources[key] = 'fetched';
      const sweep = cutLeavesListsWhole(req.templates[key] ?? '');
      for (const r of result.resources) addFetched(builder, r, req.patientId, sweep);
      builder.loaded.add(type);
      if (result.truncated && !sweep) {
        builder.cut(
          type,
          queries.get(key) ?? '',
          result.resources.filter((r) => r.resourceType === type),
        );
        truncatedKeys.push(key);
      }
    }
  }

  let unresolved = builder.unresolvedMedicationIds();
  if (unresolved.length > 0) {
    if (!req.access || !req.source) {
      throw new DataUnavailableError(
        ['medications'],
        `${unresolved.length} medication reference(s) point to Medication resources that were not provided, and the request has no fhirServer to read them from`,
      );
    }
    access ??= req.access();
    fhirRounds++;
    for (const m of await req.source.fetchMedications(access, unresolved)) addFetched(builder, m, req.patientId);
    unresolved = builder.unresolvedMedicationIds();
  }

  const record: PatientRecord = {
    patientId: req.patientId,
    ...(builder.patient ? { patient: builder.patient } : {}),
    resources: new Map([...builder.resources].map(([type, byId]) => [type, [...byId.values()]])),
    medications: builder.medications,
    loaded: builder.loaded,
    truncated: builder.truncated,
    newestFirst: new Set([...builder.truncated].filter((t) => !builder.cutAnyOrder.has(t))),
    unresolvedMedications: unresolved.map((id) => `Medication/${id}`),
    keySources,
  };
  const fetchMs = fhirRounds > 0 ? performance.now() - started : 0;
  return { record, stats: { fetchedKeys: [...queries.keys()], fhirRounds, truncatedKeys, fetchMs } };
}
