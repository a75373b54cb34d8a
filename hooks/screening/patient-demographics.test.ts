import { describe, expect, test } from '@jest/globals';
import type { Patient } from 'fhir/r4.js';
import { demographicsOf } from './patient-demographics.js';

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

describe('what a coordinator needs to act', () => {
  test.each<[string, Patient, object]>([
    [
      'the MR identifier is the hospital number, the official name and the GP shown',
      {
        resourceType: 'Patient',
        name: [
          { use: 'old', family: 'Old' },
          { use: 'official', given: ['Marie', 'Claire'], family: 'Dupont' },
        ],
        birthDate: '1961-04-02',
        identifier: [
          { system: 'urn:ins', value: '2610475' },
          { type: MR, value: 'IPP-0042' },
        ],
        generalPractitioner: [{ reference: 'Practitioner/1', display: 'Dr Martin' }],
      },
      { name: 'Marie Claire Dupont', birthDate: '1961-04-02', hospitalNumber: 'IPP-0042', clinician: 'Dr Martin' },
    ],
    [
      'without a typed identifier, the first one; a name given as text',
      {
        resourceType: 'Patient',
        name: [{ text: 'Jean Durand' }],
        identifier: [{ value: 'SYN-1' }, { value: 'SYN-2' }],
      },
      { name: 'Jean Durand', hospitalNumber: 'SYN-1' },
    ],
    ['nothing on file', { resourceType: 'Patient' }, {}],
    [
      'an old identifier and a GP without a display are left out',
      {
        resourceType: 'Patient',
        identifier: [{ use: 'old', type: MR, value: 'OLD-1' }],
        generalPractitioner: [{ reference: 'Practitioner/1' }],
      },
      {},
    ],
  ])('%s', (_case, patient, shown) => {
    expect(demographicsOf(patient)).toEqual(shown);
  });
});
