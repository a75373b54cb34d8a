import type { ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { conceptLabel, readConcept, type ReadConcept } from './coding.js';
import { classifyConcept, codingLabel } from './concept-class.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { known, listLabels, unknown, type Evidence, type Fact } from './fact.js';
import { annotationTexts } from './annotation-text.js';
import { stopDatesInText } from './dosage-text.js';
import { DAY_MS, lastInstant, readFhirDate } from './fhir-date.js';
import { asList, asObject, asString } from './json-value.js';
import type { ConditionFinding } from './patient-facts.js';
import { resourceId, resourceLabel } from './resource-label.js';

/** Value set of insulin pump devices (SNOMED 69805005 and kinds of it, and pump brand names). */
export const PUMP_DEVICE_SET = 'insulin-pump-device';
/** Value set of devices known not to be pumps: glucose sensors and meters, pens, common implants. */
export const NON_PUMP_DEVICE_SET = 'non-pump-device';
/** Value set of the "insulin pump in place" condition (ICD-10-CM Z96.41). */
export const PUMP_CONDITION_SET = 'insulin-pump-status';
/** Value set of pump insertion or initiation procedures. */
export const PUMP_PROCEDURE_SET = 'insulin-pump-procedure';

const REF_RE = /(?:^|\/)(Device|Patient)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const USE_ENDED = new Set(['completed', 'stopped']);
/**
 * How long after a pump's use ended the pump is still in doubt: a pump stopped for a repair, a
 * lapse of cover or a holiday comes back, and a pump given up this recently was evaluated already
 * (a review of pump records, 2026-12-07, found a pump stopped 10 days ago "awaiting replacement"
 * read as no pump and the card shown).
 */
const RECENT_STOP_DAYS = 180;
// A pump paused ("pump holiday") or about to start: neither on a pump now nor shown off one.
const USE_PAUSED_OR_PLANNED = new Set(['on-hold', 'intended']);

/** What a Device is: a pump, known not to be one, or a type the service cannot classify. */
type DeviceKind =
  | { readonly kind: 'pump'; readonly confidence: Evidence['confidence']; readonly label: string }
  | { readonly kind: 'other'; readonly label: string }
  | { readonly kind: 'unclassified'; readonly label: string; readonly why: string };

/**
 * Classifies a Device by its type codes and its names (type text, deviceName). A pump matches the
 * pump set; a glucose sensor, meter or pen matches the non-pump set and never blocks a card. Any
 * other type (a code the value sets do not hold, a local code, no type at all) cannot be
 * classified: it might be a pump under a brand name, so "no pump" cannot be shown.
 */
function readDevice(valueSets: ValueSetIndex, device: Record<string, unknown>): DeviceKind {
  const type = readConcept(device.type);
  const names = (asList(device.deviceName) ?? []).map((n) => asString(asObject(n)?.name));
  const label = conceptLabel(type) ?? names.find((n) => n !== undefined) ?? 'device';
  const cls = classifyConcept(valueSets, type, 'device', 'always', names);
  if (cls.ids.includes(PUMP_DEVICE_SET))
    return { kind: 'pump', confidence: cls.byCode.includes(PUMP_DEVICE_SET) ? 'high' : 'low', label };
  if (cls.ids.includes(NON_PUMP_DEVICE_SET)) return { kind: 'other', label };
  const coded = type.codings.find((c) => c.code);
  const why = coded
    ? `Device type ${codingLabel(coded.system, coded.code)} is not classified`
    : 'Device has no classifiable type';
  return { kind: 'unclassified', label, why };
}

function refTarget(reference: unknown): { type: string; id: string } | undefined {
  const m = typeof reference === 'string' ? REF_RE.exec(reference) : null;
  return m?.[1] && m[2] ? { type: m[1], id: m[2] } : undefined;
}

/** The inputs of the pump fact that other facts supply. */
export interface PumpInputs {
  /** The "insulin pump in place" condition fact. */
  readonly condition: Fact<ConditionFinding>;
  /** The pump procedure fact. */
  readonly procedure: Fact<ConditionFinding>;
  /** Current insulin orders dosed as a rate in units per hour. */
  readonly rateDosed: readonly Evidence[];
  /**
   * Possibly current orders or statements of pump supplies (reservoirs, infusion sets, pods): the
   * patient is on a pump or starting one, so "no pump" cannot be shown. Absent: none.
   */
  readonly pumpSupplies?: readonly string[];
  /**
   * Current insulin orders or statements whose words fix a pump start ("Relais pompe prévu le
   * 12/12/2026 en HDJ"): the evaluation is done, so "no pump" cannot be shown. Absent: none.
   */
  readonly pumpPlans?: readonly string[];
}

/**
 * Reads the record's Devices: pump evidence, devices by id, doubts, and the pumps marked inactive.
 * FHIR R4 Device.status `inactive` is "no longer available for use (e.g. lost, expired, damaged)":
 * a broken pump awaiting replacement, or one paused while its cover lapsed, as much as one given up.
 */
function readDevices(record: PatientRecord, valueSets: ValueSetIndex, dq: DataQualityLog) {
  const evidence: Evidence[] = [];
  const doubts: string[] = [];
  const byId = new Map<string, DeviceKind>();
  const inactivePumps: { readonly id: string; readonly label: string; readonly notes: readonly string[] }[] = [];
  for (const raw of untrustedResources(record, 'Device')) {
    const d = asObject(raw);
    if (!d) {
      dq.add(raw, 'Device', 'not a JSON object');
      doubts.push(`unreadable record ${resourceLabel(raw, 'Device')}`);
      continue;
    }
    const label = resourceLabel(d, 'Device');
    const kind = readDevice(valueSets, d);
    byId.set(resourceId(d), kind);
    const status = d.status;
    if (status === 'entered-in-error') continue;
    const owner = refTarget(asObject(d.patient)?.reference);
    if (owner && (owner.type !== 'Patient' || owner.id !== record.patientId)) {
      dq.add(d, 'Device', 'belongs to another patient');
      continue;
    }
    if (kind.kind === 'other') continue;
    if (status === 'inactive') {
      if (kind.kind === 'pump') inactivePumps.push({ id: resourceId(d), label, notes: annotationTexts(d.note) });
      continue;
    }
    if (kind.kind === 'unclassified') {
      dq.add(d, 'Device', kind.why);
      doubts.push(`${kind.why} (${label})`);
      continue;
    }
    if (status !== 'active' || !owner) {
      dq.add(d, 'Device', status !== 'active' ? 'no readable status' : 'no patient reference');
      doubts.push(`${label}: a pump whose status or owner cannot be read`);
      continue;
    }
    evidence.push({ resourceType: 'Device', id: resourceId(d), display: kind.label, confidence: kind.confidence });
  }
  return { evidence, doubts, byId, inactivePumps };
}

/** The device a DeviceUseStatement is about: contained, in the record, or told by its reason and display. */
function statedDevice(
  valueSets: ValueSetIndex,
  u: Record<string, unknown>,
  byId: ReadonlyMap<string, DeviceKind>,
): DeviceKind | undefined {
  const ref = asObject(u.device);
  const reference = asString(ref?.reference);
  if (reference?.startsWith('#')) {
    const contained = (asList(u.contained) ?? [])
      .map(asObject)
      .find((c) => c?.resourceType === 'Device' && c.id === reference.slice(1));
    if (contained) return readDevice(valueSets, contained);
  } else {
    const target = refTarget(reference);
    const known = target?.type === 'Device' ? byId.get(target.id) : undefined;
    if (known) return known;
  }
  // The device is not in the record: its reason codes or the reference's display may still say "pump".
  const reasons: ReadConcept[] = (asList(u.reasonCode) ?? []).map(readConcept);
  const coded = reasons.some((c) =>
    classifyConcept(valueSets, c, 'condition', 'never').ids.includes(PUMP_CONDITION_SET),
  );
  const display = asString(ref?.display);
  const named = classifyConcept(valueSets, { codings: [], malformed: false }, 'device', 'always', [display]).ids;
  if (coded || named.includes(PUMP_DEVICE_SET))
    return { kind: 'pump', confidence: coded ? 'high' : 'low', label: display ?? 'insulin pump' };
  if (named.includes(NON_PUMP_DEVICE_SET)) return { kind: 'other', label: display ?? 'device' };
  return undefined;
}

/** Days since a device use statement's period ended; undefined when it gives no end. */
function endedDaysAgo(u: Record<string, unknown>, now: Date): number | undefined {
  const end = readFhirDate(asObject(u.timingPeriod)?.end ?? u.timingDateTime);
  return typeof end === 'object' ? (now.getTime() - lastInstant(end)) / DAY_MS : undefined;
}

// DeviceRequest statuses (R4 request-status): a draft was never sent, a revoked or erroneous one
// never stood; any other (active, on hold, completed: delivered, or a status no one can read) may
// mean a pump is on its way or in use.
const REQUEST_NOT_STANDING = new Set(['draft', 'revoked', 'entered-in-error']);

/**
 * Pump orders: a DeviceRequest for an insulin pump (by its code, or the Device it references) that
 * is under way or was carried out. The patient is starting a pump or already on one, so "no pump"
 * cannot be shown; a request for any other device (a meter, a sensor, a wheelchair) says nothing.
 */
function pumpRequests(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  byId: ReadonlyMap<string, DeviceKind>,
  dq: DataQualityLog,
): string[] {
  const doubts: string[] = [];
  for (const raw of untrustedResources(record, 'DeviceRequest')) {
    const r = asObject(raw);
    if (!r) continue;
    if (typeof r.status === 'string' && REQUEST_NOT_STANDING.has(r.status)) continue;
    if (r.doNotPerform === true) continue;
    const reference = asString(asObject(r.codeReference)?.reference);
    const contained = reference?.startsWith('#')
      ? (asList(r.contained) ?? [])
          .map(asObject)
          .find((c) => c?.resourceType === 'Device' && c.id === reference.slice(1))
      : undefined;
    const target = refTarget(reference);
    const device = contained
      ? readDevice(valueSets, contained)
      : target?.type === 'Device'
        ? byId.get(target.id)
        : undefined;
    const coded = classifyConcept(valueSets, readConcept(r.codeCodeableConcept), 'device', 'always', [
      asString(asObject(r.codeReference)?.display),
    ]);
    if (device?.kind !== 'pump' && !coded.ids.includes(PUMP_DEVICE_SET)) continue;
    const label = resourceLabel(r, 'DeviceRequest');
    dq.add(r, 'DeviceRequest', 'an insulin pump is ordered');
    doubts.push(`an insulin pump is ordered (${label}, ${typeof r.status === 'string' ? r.status : 'no status'})`);
  }
  return doubts;
}

/**
 * Whether the patient is already on an insulin pump: an active pump Device of the patient, an
 * active DeviceUseStatement of one, a pump insertion or initiation Procedure, an active "pump in
 * place" condition (ICD-10-CM Z96.41), or insulin dosed as a rate. "No pump" is known only when
 * Device data was loaded completely and no record leaves a pump in doubt: a device of a type the
 * service cannot classify, pump supplies ordered as a medication, a pump ordered (DeviceRequest),
 * a pump Device marked inactive (unless a statement shows its use ended 180 days ago or more), or
 * a pump's use that ended within 180 days or on a date not recorded make it unknown; a glucose
 * sensor or a pen does not.
 */
export function pumpFact(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  inputs: PumpInputs,
  dq: DataQualityLog,
  now: Date,
): Fact<boolean> {
  const { evidence, doubts, byId, inactivePumps } = readDevices(record, valueSets, dq);
  // Pumps whose use a statement shows ended long ago: their inactive Device is a pump given up.
  const givenUp = new Set<string>();
  for (const supply of inputs.pumpSupplies ?? []) doubts.push(`pump supplies ordered: ${supply}`);
  for (const plan of inputs.pumpPlans ?? []) doubts.push(`a pump start is planned in the words of ${plan}`);
  doubts.push(...pumpRequests(record, valueSets, byId, dq));
  for (const raw of untrustedResources(record, 'DeviceUseStatement')) {
    const u = asObject(raw);
    const label = resourceLabel(raw, 'DeviceUseStatement');
    if (!u) {
      dq.add(raw, 'DeviceUseStatement', 'not a JSON object');
      doubts.push(`unreadable record ${label}`);
      continue;
    }
    const status = u.status;
    if (status === 'entered-in-error') continue;
    const device = statedDevice(valueSets, u, byId);
    if (device?.kind === 'other') continue;
    if (typeof status === 'string' && USE_ENDED.has(status)) {
      if (device?.kind !== 'pump') continue;
      const ended = endedDaysAgo(u, now);
      if (ended === undefined || ended < RECENT_STOP_DAYS) {
        doubts.push(
          `${label}: pump use ${status} ${ended === undefined ? 'on a date not recorded' : `${Math.round(ended)} days ago`}`,
        );
      } else {
        const target = refTarget(asString(asObject(u.device)?.reference));
        if (target?.type === 'Device') givenUp.add(target.id);
      }
      continue;
    }
    if (typeof status === 'string' && USE_PAUSED_OR_PLANNED.has(status)) {
      // Only a device known to be a pump: a paused CPAP or a device not in the record says nothing.
      if (device?.kind === 'pump') doubts.push(`${label}: pump use ${status}`);
      continue;
    }
    if (!device || device.kind === 'unclassified' || status !== 'active') {
      const why =
        device?.kind === 'unclassified'
          ? device.why
          : status !== 'active'
            ? 'no readable status'
            : 'device not in the record';
      dq.add(u, 'DeviceUseStatement', why);
      doubts.push(`${label}: ${why}`);
      continue;
    }
    const date = asString(asObject(u.timingPeriod)?.start) ?? asString(u.timingDateTime) ?? asString(u.recordedOn);
    evidence.push({
      resourceType: 'DeviceUseStatement',
      id: resourceId(u),
      ...(date ? { date } : {}),
      display: device.label,
      confidence: device.confidence,
    });
  }

  // A stop dated in the Device's own note ("Pompe arrêtée en mai 2019, retour aux multi-injections").
  const longAgo = now.getTime() - RECENT_STOP_DAYS * DAY_MS;
  for (const p of inactivePumps) {
    const stops = p.notes.flatMap(stopDatesInText);
    if (stops.length > 0 && Math.max(...stops) < longAgo) givenUp.add(p.id);
    if (!givenUp.has(p.id))
      doubts.push(`${p.label}: a pump marked inactive (lost, broken, paused), not shown given up`);
  }
  for (const f of [inputs.condition, inputs.procedure]) if (f.known && f.value.present) evidence.push(...f.evidence);
  evidence.push(...inputs.rateDosed);
  if (evidence.length > 0) return known(true, evidence);

  if (!valueSets.all.has(PUMP_DEVICE_SET)) return unknown(`value set ${PUMP_DEVICE_SET} is not loaded`);
  const unproven = absenceUnproven(record, ['Device']);
  if (unproven) return unknown(`${unproven}: an insulin pump cannot be ruled out`);
  if (record.loaded.has('DeviceUseStatement') && record.truncated.has('DeviceUseStatement')) {
    return unknown('DeviceUseStatement results were truncated at the page cap');
  }
  if (doubts.length > 0) return unknown(`a pump cannot be ruled out: ${listLabels(doubts)}`);
  if (!inputs.condition.known) return unknown(`pump-in-place condition: ${inputs.condition.reason}`);
  if (!inputs.procedure.known) return unknown(`pump procedure: ${inputs.procedure.reason}`);
  return known(false, []);
}
