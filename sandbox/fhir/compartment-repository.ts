import {
  deepClone,
  evalFhirPath,
  globalSchema,
  matchesSearchRequest,
  Operator,
  OperationOutcomeError,
  preconditionFailed,
  splitSearchOnComma,
  stringify,
  type SearchRequest,
  type SortRule,
  type WithId,
} from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { MemoryRepository, type UpdateResourceOptions } from '@medplum/fhir-router';

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/;
/** Search parameters through which a search names one patient (`patient=Patient/x`). */
const PATIENT_PARAMS = new Set(['patient', 'subject']);

/** Patient ids a resource points at through any `reference`, or its own id for a Patient. */
export function patientsReferencedBy(resource: Resource): Set<string> {
  const ids = new Set<string>();
  if (resource.resourceType === 'Patient' && resource.id) ids.add(resource.id);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'reference' && typeof v === 'string') {
          const id = PATIENT_REFERENCE.exec(v)?.[1];
          if (id) ids.add(id);
        } else if (typeof v === 'object') {
          walk(v);
        }
      }
    }
  };
  walk(resource);
  return ids;
}

/** The resource as the store compares it: canonical JSON, without the server-managed meta fields. */
function contentKey(resource: Resource): string {
  const copy = JSON.parse(stringify(resource)) as Resource;
  if (copy.meta) {
    delete copy.meta.versionId;
    delete copy.meta.lastUpdated;
    if (Object.keys(copy.meta).length === 0) delete copy.meta;
  }
  return canonicalJson(copy);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Stored {
  readonly resource: WithId<Resource>;
  readonly seq: number;
  readonly patients: ReadonlySet<string>;
}

/**
 * medplum's MemoryRepository, made fit for a sandbox with many patients:
 * - searches scoped to one patient (`patient` or `subject` = `Patient/<id>`) and `_id`
 *   searches evaluate only that patient's resources of the type, not the whole store;
 * - an identical PUT (ignoring meta.versionId/lastUpdated) changes nothing and keeps the
 *   version, as HAPI does, so that loading the same data twice is a no-op.
 * Results equal MemoryRepository.search (same filters, same order, same total), except
 * that several sort rules sort by the first rule first, as FHIR search says.
 */
export class CompartmentRepository extends MemoryRepository {
  /** `Type/id` → the current version, in first-creation order. */
  private readonly stored = new Map<string, Stored>();
  /** patient id → resource type → `Type/id` keys. */
  private readonly byPatient = new Map<string, Map<string, Set<string>>>();
  private readonly collator = new Intl.Collator();
  private nextSeq = 0;

  /** True when a resource with this type and id exists. */
  has(resourceType: string, id: string): boolean {
    return this.stored.has(`${resourceType}/${id}`);
  }

  /**
   * A copy of the current version of a resource, or undefined: one map lookup by `Type/id`,
   * whether the resource sits in a patient compartment or (like a Medication) in none.
   */
  find(resourceType: string, id: string): WithId<Resource> | undefined {
    const s = this.stored.get(`${resourceType}/${id}`);
    return s ? deepClone(s.resource) : undefined;
  }

  /** Number of resources stored. */
  get size(): number {
    return this.stored.size;
  }

  /** `Type/id` → meta.versionId of every stored resource: a write that changed something changes its entry. */
  versions(): Map<string, string> {
    return new Map([...this.stored].map(([key, s]) => [key, s.resource.meta?.versionId ?? '']));
  }

  /** Ids of the stored Patient resources, in creation order. */
  patientIds(): string[] {
    return [...this.stored.values()].filter((s) => s.resource.resourceType === 'Patient').map((s) => s.resource.id);
  }

  /**
   * The current version of every stored resource, or of those in the compartments of
   * `patientIds` (each once), in creation order: a bulk export's snapshot. These are the
   * stored objects, not copies: every write replaces a resource and none changes one in
   * place, so the list stays as it was whatever is written later. Callers must not change them.
   */
  currentResources(patientIds?: Iterable<string>): WithId<Resource>[] {
    if (patientIds === undefined) return [...this.stored.values()].map((s) => s.resource);
    const keys = new Set<string>();
    for (const patient of patientIds) {
      for (const ofType of this.byPatient.get(patient)?.values() ?? []) for (const key of ofType) keys.add(key);
    }
    return [...keys]
      .flatMap((key) => this.stored.get(key) ?? [])
      .sort((a, b) => a.seq - b.seq)
      .map((s) => s.resource);
  }

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    const created = await super.createResource(resource);
    this.index(created);
    return deepClone(created);
  }

  override async updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    const existing = resource.id ? this.stored.get(`${resource.resourceType}/${resource.id}`) : undefined;
    if (existing && contentKey(existing.resource) === contentKey(resource)) {
      if (options?.ifMatch && options.ifMatch !== existing.resource.meta?.versionId) {
        throw new OperationOutcomeError(preconditionFailed);
      }
      return deepClone(existing.resource) as WithId<T>;
    }
    return super.updateResource(resource, options);
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    await super.deleteResource(resourceType, id);
    this.unindex(`${resourceType}/${id}`);
  }

  override clear(): void {
    super.clear();
    this.stored.clear();
    this.byPatient.clear();
  }

  override async search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const candidates = searchRequest.types ? undefined : this.candidates(searchRequest);
    if (!candidates) return super.search(searchRequest);
    const matches = candidates
      .filter((s) => matchesSearchRequest(s.resource, searchRequest))
      .sort((a, b) => a.seq - b.seq)
      .map((s) => s.resource as WithId<T>);
    let page = this.sorted(matches, searchRequest.sortRules ?? []);
    if (searchRequest.offset !== undefined) page = page.slice(searchRequest.offset);
    if (searchRequest.count !== undefined) page = page.slice(0, searchRequest.count);
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: page.length > 0 ? page.map((resource) => ({ resource: deepClone(resource) })) : undefined,
      total: matches.length,
    };
  }

  /** The resources a scoped search must look at, or undefined when the search is not scoped. */
  private candidates(searchRequest: SearchRequest): Stored[] | undefined {
    const type = searchRequest.resourceType;
    for (const filter of searchRequest.filters ?? []) {
      if (filter.operator !== Operator.EQUALS) continue;
      if (filter.code === '_id') {
        return splitSearchOnComma(filter.value).flatMap((id) => {
          const s = this.stored.get(`${type}/${id}`);
          return s ? [s] : [];
        });
      }
      const values = splitSearchOnComma(filter.value);
      const patientId = values.length === 1 ? /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(values[0]!)?.[1] : undefined;
      if (PATIENT_PARAMS.has(filter.code) && patientId) {
        const keys = this.byPatient.get(patientId)?.get(type) ?? new Set<string>();
        return [...keys].map((k) => this.stored.get(k)!);
      }
    }
    return undefined;
  }

  /** Sorts like MemoryRepository (each rule's FHIRPath value as JSON, locale order), with keys computed once per resource. */
  private sorted<T extends Resource>(resources: T[], rules: readonly SortRule[]): T[] {
    if (rules.length === 0 || resources.length < 2) return resources;
    const keyed = resources.map((resource) => ({ resource, keys: rules.map((r) => this.sortKey(resource, r)) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < rules.length; i++) {
        const ka = a.keys[i];
        const kb = b.keys[i];
        if (ka === undefined || kb === undefined) continue;
        const c = this.collator.compare(ka, kb) * (rules[i]!.descending ? -1 : 1);
        if (c !== 0) return c;
      }
      return 0;
    });
    return keyed.map((k) => k.resource);
  }

  private sortKey(resource: Resource, rule: SortRule): string | undefined {
    const expression = globalSchema.types[resource.resourceType]?.searchParams?.[rule.code]?.expression;
    if (!expression) return undefined;
    return JSON.stringify(evalFhirPath(expression, resource));
  }

  private index(resource: WithId<Resource>): void {
    const key = `${resource.resourceType}/${resource.id}`;
    const previous = this.stored.get(key);
    const patients = patientsReferencedBy(resource);
    this.stored.set(key, { resource, seq: previous?.seq ?? this.nextSeq++, patients });
    for (const p of previous?.patients ?? []) {
      if (!patients.has(p)) this.byPatient.get(p)?.get(resource.resourceType)?.delete(key);
    }
    for (const p of patients) {
      let byType = this.byPatient.get(p);
      if (!byType) this.byPatient.set(p, (byType = new Map<string, Set<string>>()));
      let keys = byType.get(resource.resourceType);
      if (!keys) byType.set(resource.resourceType, (keys = new Set<string>()));
      keys.add(key);
    }
  }

  private unindex(key: string): void {
    const previous = this.stored.get(key);
    if (!previous) return;
    this.stored.delete(key);
    for (const p of previous.patients) this.byPatient.get(p)?.get(previous.resource.resourceType)?.delete(key);
  }
}
