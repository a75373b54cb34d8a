import type { Consent, FhirResource } from 'fhir/r4.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { referencedPatientId } from '../fhir/prefetch.js';
import { recordWithVersions } from '../fhir/record-from-resources.js';
import { CompressedJson, type SpillPolicy } from './compressed-json.js';
import { sortDate, type RecordView } from './record-view.js';

/**
 * One patient's kept resources, flat (one array per patient, not a list per query: a population
 * has hundreds of thousands of patients): for each prefetch query the patient's resources
 * answered, in the order first answered, the query's index in the view, the number of its
 * resources, then their slots in the JSON store (a "newest N" query's newest first, at most N).
 * It is rebuilt at its exact length on each change (`concat`, `slice`): an array grown in place
 * keeps room for 16 more.
 */
type Entries = number[];

/** Where in `entries` the segment of query `q` starts, or -1. */
function segmentOf(entries: Entries, q: number): number {
  for (let at = 0; at < entries.length; at += 2 + entries[at + 1]!) if (entries[at] === q) return at;
  return -1;
}

/**
 * The patient id a reference names (`Patient/<id>`, relative or absolute, with or without
 * `/_history/<version>`), if it names one: the same reading as a hook's prefetch check.
 */
export const patientIdOf: (reference: unknown) => string | undefined = referencedPatientId;

/** The patient a resource belongs to, from the field its type names the patient in. */
export function patientOf(resource: FhirResource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const r = resource as {
    subject?: { reference?: unknown };
    patient?: { reference?: unknown };
    individual?: { reference?: unknown };
  };
  const ref = r.subject?.reference ?? r.patient?.reference ?? r.individual?.reference;
  return patientIdOf(ref);
}

/**
 * Where a resource of `date` goes among the `n` slots from `start`, kept newest first: after
 * those of the same date or newer, as they came.
 */
function newestPosition(entries: Entries, start: number, n: number, date: string, dateOf: (slot: number) => string) {
  let i = n;
  while (i > 0 && dateOf(entries[start + i - 1]!) < date) i--;
  return i;
}

/**
 * A population's records while its export is read: each resource goes to its patient, through
 * the record view (only what a card would read is kept, as compressed JSON), and Medications and
 * ResearchStudies, which belong to no patient, are kept once for all. A record is taken out whole
 * once every file is read (the files come by type, so no patient is complete before).
 *
 * With a spill policy, the compressed resources past the memory budget go to the spill as they
 * are read (`spillDue`, then `flush`), and a batch of patients is `prepare`d (its spilled blocks
 * fetched back at once) before its records are taken, then `release`d.
 */
export class PopulationRecords {
  private readonly entries = new Map<string, Entries>();
  /** Patients some of whose "newest N" queries dropped an older resource, and those resources' types. */
  private readonly cut = new Map<string, Set<string>>();
  private readonly consents = new Map<string, Consent[]>();
  private readonly shared = new Map<string, FhirResource>();
  private readonly json: CompressedJson;
  /** By slot, while reading: the date the "newest N" queries order by. */
  private dates: string[] = [];
  private readonly queryIndex: Map<object, number>;
  /** Resources read that the view does not read. */
  ignored = 0;
  /**
   * Resources of a patient-held type that name no patient this run can read (no subject, an
   * identifier only, a `urn:uuid:` reference): counted, as one may be some patient's exclusion.
   */
  unattributed = 0;
  /** False from the first `take`: every file is read, the "newest N" lists are final. */
  private reading = true;

  constructor(
    private readonly view: RecordView,
    private readonly spillPolicy?: SpillPolicy,
  ) {
    this.json = new CompressedJson(spillPolicy);
    this.queryIndex = new Map(view.filters.map((f, i) => [f, i]));
  }

  get patientCount(): number {
    return this.entries.size;
  }

  /** Keeps what the record view reads of a resource; `json`, the line it came as, spares writing it out again. */
  add(resource: FhirResource, json?: string): void {
    if (!this.reading) throw new Error('a population record is taken once every file is read, not before');
    if (this.view.included.has(resource.resourceType)) {
      if (resource.id) this.shared.set(`${resource.resourceType}/${resource.id}`, resource);
      return;
    }
    const patientId = patientOf(resource);
    if (!patientId) {
      this.unattributed++;
      return;
    }
    let entries = this.entries.get(patientId) ?? [];
    this.entries.set(patientId, entries);
    if (resource.resourceType === 'Consent') {
      this.consents.set(patientId, [...(this.consents.get(patientId) ?? []), resource]);
      return;
    }
    const queries = this.view.queriesOf(resource);
    if (queries.length === 0) {
      this.ignored++;
      return;
    }
    const slot = this.json.put(resource, json);
    // Every slot gets a date ('' when no query orders it), so that the array stays packed.
    this.dates[slot] = queries.some((q) => q.newest !== undefined) ? sortDate(resource) : '';
    const dateOf = (s: number) => this.dates[s] ?? '';
    for (const q of queries) {
      const index = this.queryIndex.get(q)!;
      this.json.ref(slot);
      const at = segmentOf(entries, index);
      if (at < 0) {
        entries = entries.concat([index, 1, slot]);
        continue;
      }
      const n = entries[at + 1]!;
      const start = at + 2;
      const i = q.newest === undefined ? n : newestPosition(entries, start, n, dateOf(slot), dateOf);
      entries = entries.slice(0, start + i).concat([slot], entries.slice(start + i));
      entries[at + 1] = n + 1;
      if (q.newest !== undefined && n + 1 > q.newest) {
        // The oldest of the list goes (the new one itself when it is the oldest).
        this.json.unref(entries[start + n]!);
        entries = entries.slice(0, start + n).concat(entries.slice(start + n + 1));
        entries[at + 1] = n;
        const types = this.cut.get(patientId) ?? new Set();
        this.cut.set(patientId, types.add(resource.resourceType));
      }
    }
    this.entries.set(patientId, entries);
  }

  /** Whether resources read wait to be written to the spill: the reader awaits `flush` before reading on. */
  get spillDue(): boolean {
    return this.json.spillDue;
  }

  /** Blocks of compressed resources written to the spill so far. */
  get spilledBlocks(): number {
    return this.json.spilledBlocks;
  }

  flush(): Promise<void> {
    return this.json.flush();
  }

  /** Fetches back from the spill, in one round, what the records of these patients need. */
  prepare(patientIds: readonly string[]): Promise<void> {
    const slots: number[] = [];
    for (const id of patientIds) {
      const entries = this.entries.get(id) ?? [];
      for (let at = 0; at < entries.length; at += 2 + entries[at + 1]!)
        for (let i = at + 2; i < at + 2 + entries[at + 1]!; i++) slots.push(entries[i]!);
    }
    return this.json.restore(slots);
  }

  /** Lets go of what `prepare` fetched. */
  release(): void {
    this.json.releaseRestored();
  }

  /** Forgets the spill's blocks: the run is over. */
  async close(): Promise<void> {
    await this.spillPolicy?.spill.drop();
  }

  /** Every patient seen, in the order first seen. */
  patientIds(): string[] {
    return [...this.entries.keys()];
  }

  /** The patient's Consents (research opt-outs are read from them). */
  consentsOf(patientId: string): readonly Consent[] {
    return this.consents.get(patientId) ?? [];
  }

  /** The patient's record as a card would see it; the patient's resources are released. */
  take(patientId: string): PatientRecord {
    return this.takeChecked(patientId).record;
  }

  /**
   * `take`, and the types of which the patient's export held two differing versions of one
   * resource that neither `meta.versionId` nor `meta.lastUpdated` orders (fhir/record-from-resources.ts).
   */
  takeChecked(patientId: string): { record: PatientRecord; conflicted: ReadonlySet<string> } {
    if (this.reading) {
      this.reading = false;
      this.dates = [];
      this.json.endPutting();
    }
    const entries = this.entries.get(patientId) ?? [];
    const cut = this.cut.get(patientId) ?? new Set<string>();
    this.entries.delete(patientId);
    this.cut.delete(patientId);
    this.consents.delete(patientId);
    const seen = new Set<number>();
    const resources: FhirResource[] = [];
    // A resource answering several queries is one slot: parsed once, one object, as it was read.
    const parsed = new Map<number, FhirResource>();
    for (let at = 0; at < entries.length; at += 2 + entries[at + 1]!) {
      for (const slot of entries.slice(at + 2, at + 2 + entries[at + 1]!)) {
        let r = parsed.get(slot);
        if (!r) parsed.set(slot, (r = this.json.get(slot)));
        this.json.unref(slot);
        // Two versions of one resource are two slots: recordWithVersions keeps the newer.
        if (seen.has(slot)) continue;
        seen.add(slot);
        resources.push(r);
      }
    }
    // Only the Medications and studies this patient's orders and subjects name.
    for (const ref of referencesOf(resources)) {
      const shared = this.shared.get(ref);
      if (shared) resources.push(shared);
    }
    return recordWithVersions(patientId, resources, cut);
  }
}

/** `Medication/<id>` and `ResearchStudy/<id>` references of a patient's resources. */
function referencesOf(resources: readonly FhirResource[]): Set<string> {
  const refs = new Set<string>();
  for (const r of resources) {
    const x = r as { medicationReference?: { reference?: unknown }; study?: { reference?: unknown } };
    for (const ref of [x.medicationReference?.reference, x.study?.reference]) {
      const m =
        typeof ref === 'string' ? /(?:^|\/)((?:Medication|ResearchStudy)\/[A-Za-z0-9\-.]{1,64})$/.exec(ref) : null;
      if (m?.[1]) refs.add(m[1]);
    }
  }
  return refs;
}
