import { Operator } from '@medplum/core';
import type { FhirResource, HumanName, Medication, Patient } from 'fhir/r4.js';
import type { Resource } from '@medplum/fhirtypes';
import type { InsulinRegimen, PatientFacts } from '../../facts/patient-facts.js';
import type { CompartmentRepository } from '../fhir/compartment-repository.js';
import type { PageMessages } from './page-messages.js';
import { STANDARD_TYPES } from '../../fhir/record-from-resources.js';
import { runPipeline } from '../../pipeline/run-pipeline.js';
import { combine } from '../../rules/condition-evaluator.js';
import type { ValueSetIndex } from '../../rules/value-sets.js';

/**
 * The most patients the page lists; generated load-test patients beyond it are counted, not
 * shown. Well above the fixture set (503 patients on 2026-12-06, when 500 first cut the last
 * ones off), so every fixture is listed.
 */
export const MAX_LISTED_PATIENTS = 1000;

/** One row of the EHR page's patient list. `null` means the data cannot say. */
export interface PatientSummary {
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly birthDate: string | null;
  readonly age: number | null;
  readonly t2d: boolean | null;
  /** The insulin regimen in words, e.g. "MDI: basal + 3 rapid-acting injections/day". */
  readonly insulin: string;
  readonly hba1c: { readonly percent: number; readonly date: string } | null;
  /** Hepatic steatosis (NAFLD / NASH on file, or steatosis on liver imaging). */
  readonly nafld: boolean | null;
}

/** The patient list with how many patients the store holds. */
export interface PatientList {
  readonly total: number;
  readonly patients: readonly PatientSummary[];
}

/** Types read from the patient's compartment (Patient and Medication are read by id). */
const COMPARTMENT_TYPES = STANDARD_TYPES.filter((t) => t !== 'Patient' && t !== 'Medication');
const MEDICATION_REF = /^Medication\/([A-Za-z0-9\-.]{1,64})$/;

function displayName(patient: Patient | undefined, id: string): string {
  const names: HumanName[] = patient?.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return id;
  if (name.text) return name.text;
  const text = [...(name.given ?? []), name.family ?? ''].join(' ').trim();
  return text || id;
}

function flag(facts: PatientFacts, name: string): boolean | null {
  const v = facts.rule.values.get(name);
  return typeof v === 'boolean' ? v : null;
}

const STATUS_OF = { true: 'met', false: 'not-met', null: 'unknown' } as const;
const FLAG_OF = { met: true, 'not-met': false, unknown: null } as const;

/** "Any of these is true", with the rules' own three-valued `any`: true wins, else unknown wins over false. */
function anyOf(values: readonly (boolean | null)[]): boolean | null {
  return FLAG_OF[
    combine(
      'any',
      values.map((v) => STATUS_OF[String(v) as 'true' | 'false' | 'null']),
    )
  ];
}

/** A count of injections as the list shows it: 3, 2–3, ≥2, ≤4 (no words to translate). */
function countText(count: InsulinRegimen['prandialInjectionsPerDay']): string {
  if (count === undefined) return '?';
  if (typeof count !== 'object') return String(count);
  if (count.low !== undefined && count.high !== undefined) return `${count.low}–${count.high}`;
  return count.low !== undefined ? `≥${count.low}` : `≤${count.high ?? '?'}`;
}

function insulinText(regimen: InsulinRegimen, pump: boolean | null, say: PageMessages['t']): string {
  if (pump === true) return say('ehr.insulin.pump');
  const count = regimen.prandialInjectionsPerDay;
  const least = typeof count === 'number' ? count : typeof count === 'object' ? (count.low ?? 0) : 0;
  const shown = { count: countText(count) };
  const basal = regimen.basal.length > 0;
  const prandial = regimen.rapid.length + regimen.humanRegular.length > 0;
  let text: string;
  if (basal && least >= 2) text = say('ehr.insulin.mdi', shown);
  else if (basal && prandial) text = say('ehr.insulin.basalPrandial', shown);
  else if (regimen.premix.length > 0) text = say('ehr.insulin.premix');
  else if (basal) text = say('ehr.insulin.basal');
  else if (prandial) text = say('ehr.insulin.prandial', shown);
  else text = say('ehr.insulin.none');
  return regimen.incomplete ? say('ehr.insulin.incomplete', { regimen: text }) : text;
}

async function readResources(store: CompartmentRepository, patientId: string): Promise<FhirResource[]> {
  const patientRef = `Patient/${patientId}`;
  const [patient, ...lists] = await Promise.all([
    store.readResource('Patient', patientId),
    ...COMPARTMENT_TYPES.map((resourceType) =>
      store.searchResources({
        resourceType: resourceType as Resource['resourceType'],
        filters: [{ code: 'patient', operator: Operator.EQUALS, value: patientRef }],
        count: 1000,
      }),
    ),
  ]);
  const resources = [patient, ...lists.flat()] as unknown as FhirResource[];
  const medicationIds = new Set<string>();
  for (const r of resources) {
    if (r.resourceType !== 'MedicationRequest' && r.resourceType !== 'MedicationStatement') continue;
    const ref = r.medicationReference?.reference;
    const id = ref ? MEDICATION_REF.exec(ref)?.[1] : undefined;
    if (id) medicationIds.add(id);
  }
  const medications = await Promise.all(
    [...medicationIds].map((id) => store.readResource<Resource>('Medication', id).catch(() => undefined)),
  );
  for (const m of medications) if (m) resources.push(m as unknown as Medication);
  return resources;
}

/** How the list is computed and worded. */
export interface PatientListOptions {
  readonly now: Date;
  readonly alcoholGramsPerDrink: number;
  /** The page's words (CARD_LOCALE): the insulin regimen is written in them. */
  readonly messages: PageMessages;
}

/** Summarises one patient with the same facts engine the services use. */
export async function summarisePatient(
  store: CompartmentRepository,
  patientId: string,
  valueSets: ValueSetIndex,
  options: PatientListOptions,
): Promise<PatientSummary> {
  const outcome = await runPipeline(
    {
      patientId,
      services: [],
      source: { kind: 'resources', resources: await readResources(store, patientId) },
      now: options.now,
      allFacts: true,
    },
    { valueSets, alcoholGramsPerDrink: options.alcoholGramsPerDrink },
  );
  const { record } = outcome;
  const facts = outcome.allFacts!;
  const pump = flag(facts, 'pump');
  return {
    id: patientId,
    name: displayName(record.patient, patientId),
    gender: record.patient?.gender ?? null,
    birthDate: record.patient?.birthDate ?? null,
    age: facts.age.known ? facts.age.value.oldest : null,
    t2d: flag(facts, 'condition.t2d'),
    insulin: facts.insulin.known
      ? insulinText(facts.insulin.value, pump, options.messages.t)
      : options.messages.t('ehr.insulin.unknown'),
    hba1c: facts.hba1c.known ? { percent: facts.hba1c.value.percent, date: facts.hba1c.value.date } : null,
    nafld: anyOf([flag(facts, 'condition.steatosis'), flag(facts, 'condition.nash'), flag(facts, 'imaging.steatosis')]),
  };
}

/** The sandbox store's patients (the first MAX_LISTED_PATIENTS), summarised. */
export async function listPatients(
  store: CompartmentRepository,
  valueSets: ValueSetIndex,
  options: PatientListOptions,
): Promise<PatientList> {
  const ids = store.patientIds();
  const patients = await Promise.all(
    ids.slice(0, MAX_LISTED_PATIENTS).map((id) => summarisePatient(store, id, valueSets, options)),
  );
  return { total: ids.length, patients };
}
