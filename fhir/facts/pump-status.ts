import type { ValueSetIndex } from '../../rules/value-sets.js';
import type { PatientRecord } from '../patient-record.js';
import { conceptLabel, conceptValueSets, readConcept } from './coding.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { known, listLabels, unknown } from './fact.js';
import { asList, asObject, asString } from './json-value.js';
import { matchNames } from './name-match.js';
import type { ConditionFinding } from './patient-facts.js';
import { resourceId, resourceLabel } from './resource-label.js';
import type { Evidence, Fact } from './types.js';

/** Value set of insulin pump devices (SNOMED 69805005). */
export const PUMP_DEVICE_SET = 'insulin-pump-device';
/** Value set of the "insulin pump in place" condition (ICD-10-CM Z96.41). */
export const PUMP_CONDITION_SET = 'insulin-pump-status';

const REF_RE = /(?:^|\/)(Device|Patient)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const DEVICE_ENDED = new Set(['inactive', 'entered-in-error']);
const USE_ENDED = new Set(['completed', 'entered-in-error', 'intended', 'stopped', 'on-hold']);

interface DeviceRead {
  readonly pump: boolean;
  readonly confidence: Evidence['confidence'];
  readonly label: string;
}

/** Whether a Device is an insulin pump, by its type code, else (low confidence) by its names. */
function readDevice(valueSets: ValueSetIndex, device: Record<string, unknown>): DeviceRead & { unreadable: boolean } {
  const type = readConcept(device.type);
  const label = conceptLabel(type) ?? 'device';
  if (conceptValueSets(valueSets, type).includes(PUMP_DEVICE_SET))
    return { pump: true, confidence: 'high', label, unreadable: false };
  const names = [type.text, ...(asList(device.deviceName) ?? []).map((n) => asString(asObject(n)?.name))];
  const byName = names.some((n) => matchNames(valueSets, n).includes(PUMP_DEVICE_SET));
  // A device without a readable coded type could be a pump under a brand name.
  const uncoded = type.malformed || type.codings.every((c) => !c.code);
  return { pump: byName, confidence: 'low', label, unreadable: !byName && uncoded };
}

function refTarget(reference: unknown): { type: string; id: string } | undefined {
  const m = typeof reference === 'string' ? REF_RE.exec(reference) : null;
  return m?.[1] && m[2] ? { type: m[1], id: m[2] } : undefined;
}

/**
 * Whether the patient is already on an insulin pump (CLINICAL.md card A, 5): an active pump
 * Device of the patient, an active DeviceUseStatement of one, an active "pump in place" condition,
 * or insulin dosed as a rate. "No pump" is known only when Device data was loaded completely and
 * no record leaves a pump in doubt.
 */
export function pumpFact(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  pumpCondition: Fact<ConditionFinding> | undefined,
  rateDosed: readonly Evidence[],
  dq: DataQualityLog,
): Fact<boolean> {
  const evidence: Evidence[] = [];
  const doubts: string[] = [];
  const devices = new Map<string, DeviceRead>();
  for (const raw of untrustedResources(record, 'Device')) {
    const d = asObject(raw);
    if (!d) {
      dq.add(raw, 'Device', 'not a JSON object');
      doubts.push(resourceLabel(raw, 'Device'));
      continue;
    }
    const label = resourceLabel(d, 'Device');
    const read = readDevice(valueSets, d);
    devices.set(resourceId(d), read);
    const status = d.status;
    if (typeof status === 'string' && DEVICE_ENDED.has(status)) continue;
    if (!read.pump) {
      if (read.unreadable) {
        dq.add(d, 'Device', 'no readable coded type');
        doubts.push(label);
      }
      continue;
    }
    const owner = refTarget(asObject(d.patient)?.reference);
    if (owner && (owner.type !== 'Patient' || owner.id !== record.patientId)) {
      dq.add(d, 'Device', 'belongs to another patient');
      continue;
    }
    if (status !== 'active' || !owner) {
      dq.add(d, 'Device', status !== 'active' ? 'no readable status' : 'no patient reference');
      doubts.push(label);
      continue;
    }
    evidence.push({ resourceType: 'Device', id: resourceId(d), display: read.label, confidence: read.confidence });
  }

  for (const raw of untrustedResources(record, 'DeviceUseStatement')) {
    const u = asObject(raw);
    const label = resourceLabel(raw, 'DeviceUseStatement');
    if (!u) {
      dq.add(raw, 'DeviceUseStatement', 'not a JSON object');
      doubts.push(label);
      continue;
    }
    const status = u.status;
    if (typeof status === 'string' && USE_ENDED.has(status)) continue;
    const ref = asObject(u.device);
    const reference = asString(ref?.reference);
    let device: DeviceRead | undefined;
    if (reference?.startsWith('#')) {
      const contained = (asList(u.contained) ?? [])
        .map(asObject)
        .find((c) => c?.resourceType === 'Device' && c.id === reference.slice(1));
      if (contained) device = readDevice(valueSets, contained);
    } else {
      const target = refTarget(reference);
      if (target?.type === 'Device') device = devices.get(target.id);
    }
    if (!device) {
      // The device is not in the record: its own reason codes or the reference's display may still say "pump".
      const reasons = (asList(u.reasonCode) ?? []).map(readConcept);
      const coded = reasons.some((c) =>
        conceptValueSets(valueSets, c).some((id) => id === PUMP_DEVICE_SET || id === PUMP_CONDITION_SET),
      );
      const named = matchNames(valueSets, asString(ref?.display)).includes(PUMP_DEVICE_SET);
      device =
        coded || named
          ? { pump: true, confidence: coded ? 'high' : 'low', label: asString(ref?.display) ?? 'insulin pump' }
          : undefined;
    }
    if (device && !device.pump) continue;
    if (status !== 'active' || !device) {
      dq.add(u, 'DeviceUseStatement', status !== 'active' ? 'no readable status' : 'device not in the record');
      doubts.push(label);
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

  if (pumpCondition?.known && pumpCondition.value.present) evidence.push(...pumpCondition.evidence);
  evidence.push(...rateDosed);
  if (evidence.length > 0) return known(true, evidence);

  if (!valueSets.all.has(PUMP_DEVICE_SET)) return unknown(`value set ${PUMP_DEVICE_SET} is not loaded`);
  const unproven = absenceUnproven(record, ['Device']);
  if (unproven) return unknown(`${unproven}: an insulin pump cannot be ruled out`);
  if (record.loaded.has('DeviceUseStatement') && record.truncated.has('DeviceUseStatement')) {
    return unknown('DeviceUseStatement results were truncated at the page cap');
  }
  if (doubts.length > 0) return unknown(`a pump cannot be ruled out: ${listLabels(doubts)}`);
  if (pumpCondition && !pumpCondition.known) return unknown(`pump-in-place condition: ${pumpCondition.reason}`);
  return known(false, []);
}
