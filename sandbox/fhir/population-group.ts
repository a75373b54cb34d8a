import type { Group } from '@medplum/fhirtypes';

/** The id of the Group of every patient the sandbox loads: `GET /fhir/Group/sandbox-population/$export`. */
export const POPULATION_GROUP_ID = 'sandbox-population';

const PATIENT_REFERENCE = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * The Group a Group-level Bulk Data export names: every loaded patient, as an actual group of
 * persons. The Bulk Data IG leaves how Groups are made to the server
 * (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#endpoint---group-of-patients).
 */
export function populationGroup(patientIds: readonly string[]): Group {
  return {
    resourceType: 'Group',
    id: POPULATION_GROUP_ID,
    type: 'person',
    actual: true,
    name: 'Sandbox population: every synthetic patient loaded at start-up',
    quantity: patientIds.length,
    member: patientIds.map((id) => ({ entity: { reference: `Patient/${id}` } })),
  };
}

/** The ids of a Group's active Patient members (`Patient/<id>`, relative or absolute), each once. */
export function groupPatientIds(group: Group): string[] {
  const ids = (group.member ?? [])
    .filter((m) => m.inactive !== true)
    .flatMap((m) => PATIENT_REFERENCE.exec(m.entity?.reference ?? '')?.[1] ?? []);
  return [...new Set(ids)];
}
