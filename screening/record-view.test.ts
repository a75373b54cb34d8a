import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { PopulationRecords, patientOf } from './population-records.js';
import { RecordView } from './record-view.js';

const TEMPLATES = {
  patient: 'Patient/{{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  medicationRequests:
    'MedicationRequest?patient={{context.patientId}}&status=active&_include=MedicationRequest:medication',
  hba1c:
    'Observation?patient={{context.patientId}}&code=http://loinc.org|4548-4,http://loinc.org|17856-6&_sort=-date&_count=2',
  serviceRequests: 'ServiceRequest?patient={{context.patientId}}&status=active,completed',
  researchSubjects: 'ResearchSubject?patient={{context.patientId}}&_include=ResearchSubject:study',
};

const view = new RecordView(TEMPLATES);

function hba1c(id: string, patient: string, date: string, code = '4548-4'): FhirResource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: date,
  };
}

describe('the record view reads what the prefetch reads', () => {
  test('the export asks for the types of the templates and the included ones', () => {
    expect(view.types.sort()).toEqual(
      [
        'Condition',
        'Medication',
        'MedicationRequest',
        'Observation',
        'Patient',
        'ResearchStudy',
        'ResearchSubject',
        'ServiceRequest',
      ].sort(),
    );
  });

  test('the type filters carry the status and code tokens, none for a type read whole', () => {
    expect(view.typeFilters).toEqual([
      'MedicationRequest?status=active',
      'Observation?code=http://loinc.org|4548-4,http://loinc.org|17856-6',
      'ServiceRequest?status=active,completed',
    ]);
  });

  test.each([
    ['an HbA1c by its LOINC code', hba1c('o1', 'p1', '2026-01-01'), ['hba1c']],
    ['an Observation of another code', hba1c('o2', 'p1', '2026-01-01', '2345-7'), []],
    [
      'a stopped MedicationRequest',
      {
        resourceType: 'MedicationRequest',
        id: 'm1',
        status: 'stopped',
        intent: 'order',
        subject: { reference: 'Patient/p1' },
      },
      [],
    ],
    [
      'an active MedicationRequest',
      {
        resourceType: 'MedicationRequest',
        id: 'm2',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/p1' },
      },
      ['medicationRequests'],
    ],
    ['a Condition', { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' } }, ['conditions']],
    [
      'a Procedure, which no template reads',
      { resourceType: 'Procedure', id: 'x', status: 'completed', subject: { reference: 'Patient/p1' } },
      [],
    ],
  ] as [string, FhirResource, string[]][])('%s answers %j', (_name, resource, keys) => {
    expect(view.queriesOf(resource).map((q) => q.key)).toEqual(keys);
  });
});

describe('the population is split by patient', () => {
  test.each([
    ['a Patient by its id', { resourceType: 'Patient', id: 'p1' }, 'p1'],
    ['a Condition by subject', { resourceType: 'Condition', id: 'c', subject: { reference: 'Patient/p2' } }, 'p2'],
    [
      'an absolute subject',
      { resourceType: 'Condition', id: 'c', subject: { reference: 'https://ehr.example/fhir/Patient/p3' } },
      'p3',
    ],
    ['a Device by patient', { resourceType: 'Device', id: 'd', patient: { reference: 'Patient/p4' } }, 'p4'],
    [
      'a ResearchSubject by individual',
      {
        resourceType: 'ResearchSubject',
        id: 'r',
        status: 'candidate',
        study: {},
        individual: { reference: 'Patient/p5' },
      },
      'p5',
    ],
    ['a Condition of a Group', { resourceType: 'Condition', id: 'c', subject: { reference: 'Group/g' } }, undefined],
  ] as [string, FhirResource, string | undefined][])('%s', (_name, resource, patient) => {
    expect(patientOf(resource)).toBe(patient);
  });

  test('each record holds its own resources, the newest N of a paged query, and the Medications it names', () => {
    const records = new PopulationRecords(view);
    const med = { resourceType: 'Medication', id: 'insulin', code: { text: 'insulin glargine' } } as FhirResource;
    const order = {
      resourceType: 'MedicationRequest',
      id: 'mr',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/a' },
      medicationReference: { reference: 'Medication/insulin' },
    } as FhirResource;
    for (const r of [
      { resourceType: 'Patient', id: 'a' },
      { resourceType: 'Patient', id: 'b' },
      hba1c('h1', 'a', '2026-01-01'),
      hba1c('h3', 'a', '2026-03-01'),
      hba1c('h2', 'a', '2026-02-01'),
      hba1c('hb', 'b', '2026-02-01'),
      order,
      med,
      { resourceType: 'Medication', id: 'unused' },
      { resourceType: 'Condition', id: 'g', subject: { reference: 'Group/x' } },
    ] as FhirResource[])
      records.add(r);
    expect(records.patientIds()).toEqual(['a', 'b']);
    const a = records.take('a');
    expect(a.patient?.id).toBe('a');
    expect((a.resources.get('Observation') ?? []).map((r) => r.id)).toEqual(['h3', 'h2']);
    expect([...a.truncated]).toEqual(['Observation']);
    expect([...(a.newestFirst ?? [])]).toEqual(['Observation']);
    expect([...a.medications.keys()]).toEqual(['Medication/insulin']);
    expect(a.unresolvedMedications).toEqual([]);
    const b = records.take('b');
    expect((b.resources.get('Observation') ?? []).map((r) => r.id)).toEqual(['hb']);
    expect([...b.truncated]).toEqual([]);
    // The Condition of a Group names no patient: counted apart, for the run's report.
    expect(records.unattributed).toBe(1);
    expect(records.ignored).toBe(0);
    expect(records.patientCount).toBe(0);
  });
});
