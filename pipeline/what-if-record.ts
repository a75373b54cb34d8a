import type { FhirResource, MedicationRequest } from 'fhir/r4.js';
import { drugClasses } from '../facts/drug-classes.js';
import { BASAL_SETS, PRANDIAL_SETS, PREMIX_SET } from '../facts/insulin-roles.js';
import { readFhirDate, spanOf } from '../facts/fhir-date.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { otherPatientField } from '../fhir/prefetch.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import type { DraftMedication } from '../services/service.js';

/** The draft orders of an order hook, and which of them the cards are about. */
export interface DraftOrders {
  readonly resources: readonly FhirResource[];
  /** `Type/id` of the drafts the cards speak of (order-select's selections); all when absent. */
  readonly focus?: ReadonlySet<string>;
}

/** A record as it would be with some drafts active, and those drafts read. */
export interface WhatIf {
  readonly record: PatientRecord;
  readonly drafts: readonly DraftMedication[];
}

const MEDICATION_TYPES = ['MedicationRequest', 'MedicationStatement'] as const;

/**
 * Draft statuses that put an order in force. A draft marked cancelled, stopped, entered in
 * error, on hold or completed orders nothing: it is left out, as the same status is on a record
 * order (facts/medication-uses.ts).
 */
const LIVE_DRAFT_STATUS: ReadonlySet<unknown> = new Set([undefined, 'draft', 'active']);

/**
 * Draft statuses that end an order, as signing a discontinuation does: a draft marked stopped,
 * cancelled or completed with the id of an order on file, or a stopped draft that names it in
 * `priorPrescription`, takes that order out of force. A cancelled change (`priorPrescription`) is
 * usually an abandoned edit, not a stop, so it ends nothing. A review (2026-12-07) found the pump
 * card shown "before adding injections" in an order set that stopped the basal insulin.
 */
const ENDING_DRAFT_STATUS: ReadonlySet<unknown> = new Set(['stopped', 'cancelled', 'completed']);

type InsulinRole = 'basal' | 'prandial' | 'premix';

/** The insulin roles of a drug's value sets: a switch within a role replaces the order it switches from. */
function rolesOf(ids: readonly string[]): Set<InsulinRole> {
  const roles = new Set<InsulinRole>();
  for (const id of ids) {
    if (BASAL_SETS.has(id)) roles.add('basal');
    else if (PRANDIAL_SETS.has(id)) roles.add('prandial');
    else if (id === PREMIX_SET) roles.add('premix');
  }
  return roles;
}

/**
 * Whether a draft of these roles takes the place of a record of those: the same role (lispro for
 * aspart at the same meal), or a premix for basal-bolus insulins and back. Taking the place of
 * too much never adds an injection: at worst, a card the draft would have earned does not fire.
 */
function replacesRole(draft: ReadonlySet<InsulinRole>, record: ReadonlySet<InsulinRole>): boolean {
  for (const role of draft) {
    if (record.has(role)) return true;
    if (role === 'premix' && (record.has('basal') || record.has('prandial'))) return true;
    if (role !== 'premix' && record.has('premix')) return true;
  }
  return false;
}

/** The `Type/id` a draft's priorPrescription names (the order it changes), if any. */
function priorOf(order: FhirResource): string | undefined {
  const ref = (order as { priorPrescription?: { reference?: unknown } }).priorPrescription?.reference;
  if (typeof ref !== 'string') return undefined;
  const m = /(?:^|\/)(MedicationRequest\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(ref);
  return m?.[1];
}

/** The records of a type when they are a list; a garbled value is left for the facts to report. */
function listOf(record: PatientRecord, type: string): readonly FhirResource[] | undefined {
  const list: unknown = record.resources.get(type);
  return list === undefined ? [] : Array.isArray(list) ? (list as FhirResource[]) : undefined;
}

function referenceOf(r: FhirResource): string | undefined {
  return r.id === undefined ? undefined : `${r.resourceType}/${r.id}`;
}

/**
 * The draft as an order in force: active, an order, authored now unless it says an earlier time.
 * A draft is being signed now, so a date after ours is the EHR's clock ahead of this service's,
 * not an order for later: it is read as now (an order on file authored ahead is not in force,
 * facts/medication-uses.ts). Everything else (drug, dosage, validity) is the draft's own.
 */
function asActiveOrder(draft: FhirResource, now: Date): FhirResource {
  const authoredOn = (draft as { authoredOn?: unknown }).authoredOn;
  const written = typeof authoredOn === 'string' ? readFhirDate(authoredOn) : 'absent';
  const ahead = typeof written === 'object' && spanOf(written).start > now.getTime();
  return {
    ...draft,
    status: 'active',
    intent: 'order',
    authoredOn: typeof authoredOn === 'string' && !ahead ? authoredOn : now.toISOString(),
  } as FhirResource;
}

/**
 * The record with some draft MedicationRequests in force (docs/order-hooks.md, "What-if record"):
 * a draft for a drug the patient already takes (sharing a medication value set with a current
 * order or statement), for an insulin of the same role (a switch from lispro to aspart; a premix
 * for basal-bolus and back), or naming the order it changes (`priorPrescription`) replaces those
 * records, as a renewal, a switch or a dose change does (a record of the same drug that is no
 * insulin stays beside the draft, as the drug's history); any other draft is added. A draft whose
 * status orders nothing (cancelled, stopped, on hold...) is left out, and one that ends an order on
 * file (ENDING_DRAFT_STATUS) takes it out of force. Draft orders of other types change nothing the rules read and are left out.
 * Medications the draft bundle carries resolve the drafts' `medicationReference`s.
 */
export function withDraftOrders(
  record: PatientRecord,
  bundle: readonly FhirResource[],
  applied: (r: FhirResource) => boolean,
  valueSets: ValueSetIndex,
  now: Date,
): WhatIf {
  const medications = new Map(record.medications);
  for (const r of bundle) {
    if (r.resourceType === 'Medication' && r.id !== undefined) medications.set(`Medication/${r.id}`, r);
  }
  const lookup: PatientRecord = medications.size === record.medications.size ? record : { ...record, medications };
  // A draft for another patient is never this patient's order: the hook request is refused before
  // (hooks/schemas/hook-request.ts), and the pipeline, which other callers reach, leaves it out too.
  const ours = (r: FhirResource): r is MedicationRequest =>
    r.resourceType === 'MedicationRequest' &&
    applied(r) &&
    otherPatientField(r as unknown as Record<string, unknown>, record.patientId) === undefined;
  const orders = bundle.filter((r) => ours(r) && LIVE_DRAFT_STATUS.has(r.status));
  const ending = bundle.filter((r) => ours(r) && ENDING_DRAFT_STATUS.has(r.status));
  if (orders.length === 0 && ending.length === 0) return { record: lookup, drafts: [] };

  const existing = MEDICATION_TYPES.flatMap((type) =>
    (listOf(lookup, type) ?? []).map((r) => {
      const ids = drugClasses(r, lookup, valueSets)?.ids ?? [];
      return { r, ref: referenceOf(r), ids, roles: rolesOf(ids) };
    }),
  );
  const replaced = new Set<FhirResource>();
  for (const draft of ending) {
    const named = [
      referenceOf(draft),
      (draft as MedicationRequest).status === 'stopped' ? priorOf(draft) : undefined,
    ].filter((r) => r !== undefined);
    for (const e of existing) if (e.ref !== undefined && named.includes(e.ref)) replaced.add(e.r);
  }
  const drafts: DraftMedication[] = orders.map((order) => {
    const classes = drugClasses(order, lookup, valueSets);
    const ids = classes?.ids ?? [];
    const ref = referenceOf(order);
    const prior = priorOf(order);
    const roles = rolesOf(ids);
    const replaces = existing.filter(
      (e) =>
        (ref !== undefined && e.ref === ref) ||
        (prior !== undefined && e.ref === prior) ||
        e.ids.some((id) => ids.includes(id)) ||
        replacesRole(roles, e.roles),
    );
    // A record of the same drug (a shared value set) stays beside the draft as the drug's history:
    // its start and its dose, so that a renewal at the same dose of a drug taken for years is no
    // new start, and one at another dose is a dose change (facts/medications.ts). A review of order
    // hooks (2026-12-07) found renewals of amiodarone and tamoxifen taken since 2023 and 2024
    // called "started less than 3 months ago", and the trial card shown. An insulin leaves the
    // record all the same, or a renewal would count its injections twice; so does an earlier
    // version of the draft itself, and a drug the draft switches from (priorPrescription).
    for (const e of replaces) {
      const history = e.roles.size === 0 && e.ref !== ref && e.ids.some((id) => ids.includes(id));
      if (!history) replaced.add(e.r);
    }
    return {
      ...(ref ? { reference: ref } : {}),
      label: classes?.label ?? 'medication',
      valueSets: ids,
      replaces: replaces.flatMap((e) => (e.ref ? [e.ref] : [])),
    };
  });

  const resources = new Map(lookup.resources);
  for (const type of MEDICATION_TYPES) {
    const list = listOf(lookup, type);
    if (!list) continue;
    const kept = list.filter((r) => !replaced.has(r));
    const added = type === 'MedicationRequest' ? orders.map((o) => asActiveOrder(o, now)) : [];
    resources.set(type, [...kept, ...added]);
  }
  return { record: { ...lookup, medications, resources }, drafts };
}

/**
 * The record with the order set's referrals in force: a draft ServiceRequest for this patient,
 * not cancelled, is signed with the drafts the cards speak of, so what it asks for is under way
 * (docs/order-hooks.md). A pump evaluation or a trial referral drafted beside an insulin order
 * holds the card that would suggest it back, as one on file does (a review of order hooks,
 * 2026-12-07, found the pump card shown beside its own referral). Both records of the change
 * have them, so the card stays held on either side.
 */
export function withDraftReferrals(record: PatientRecord, bundle: readonly FhirResource[], now: Date): PatientRecord {
  const referrals = bundle.filter(
    (r) =>
      r.resourceType === 'ServiceRequest' &&
      LIVE_DRAFT_STATUS.has(r.status) &&
      otherPatientField(r as unknown as Record<string, unknown>, record.patientId) === undefined,
  );
  if (referrals.length === 0) return record;
  const list = listOf(record, 'ServiceRequest');
  // A garbled list on file is left for the facts to report; the drafts do not mend it.
  if (!list) return record;
  const resources = new Map(record.resources);
  resources.set('ServiceRequest', [...list, ...referrals.map((r) => asActiveOrder(r, now))]);
  return { ...record, resources };
}
