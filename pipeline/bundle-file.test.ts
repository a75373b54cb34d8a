import { describe, expect, test } from '@jest/globals';
import { bundleContents } from './bundle-file.js';

const patient = { resourceType: 'Patient', id: 'p1' };
const a1c = (id: string, subject: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: {},
  subject: { reference: subject },
});

describe("a Bundle file's references to its own entries", () => {
  test('a subject, a listed result, a medication and an encounter given by fullUrl are written Type/id', () => {
    const { resources } = bundleContents({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:aaa', resource: patient },
        { fullUrl: 'urn:uuid:bbb', resource: a1c('o1', 'urn:uuid:aaa') },
        {
          fullUrl: 'urn:uuid:ccc',
          resource: {
            resourceType: 'DiagnosticReport',
            id: 'r1',
            status: 'entered-in-error',
            code: {},
            result: [{ reference: 'urn:uuid:bbb' }],
          },
        },
        { fullUrl: 'urn:uuid:ddd', resource: { resourceType: 'Medication', id: 'm1' } },
        {
          resource: {
            resourceType: 'MedicationRequest',
            id: 'mr1',
            status: 'active',
            intent: 'order',
            subject: { reference: 'urn:uuid:aaa' },
            medicationReference: { reference: 'urn:uuid:ddd' },
            encounter: { reference: 'urn:uuid:eee' },
          },
        },
        { fullUrl: 'urn:uuid:eee', resource: { resourceType: 'Encounter', id: 'e1' } },
      ],
    });
    const byId = new Map(resources.map((r) => [r.id, r as unknown as Record<string, unknown>]));
    expect(byId.get('o1')?.subject).toEqual({ reference: 'Patient/p1' });
    expect(byId.get('r1')?.result).toEqual([{ reference: 'Observation/o1' }]);
    expect(byId.get('mr1')?.medicationReference).toEqual({ reference: 'Medication/m1' });
    expect(byId.get('mr1')?.encounter).toEqual({ reference: 'Encounter/e1' });
  });

  test('a reference to no entry of the file is left as written', () => {
    const { resources } = bundleContents({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: patient }, { resource: a1c('o1', 'urn:uuid:elsewhere') }],
    });
    expect((resources[1] as unknown as Record<string, unknown>).subject).toEqual({ reference: 'urn:uuid:elsewhere' });
  });
});

describe('a Bundle file that is only part of the record', () => {
  test.each<[string, Record<string, unknown>, string | undefined]>([
    ['a whole collection', { type: 'collection', entry: [{ resource: patient }] }, undefined],
    [
      'a searchset with a next page',
      {
        type: 'searchset',
        link: [{ relation: 'next', url: 'https://ehr/fhir?page=2' }],
        entry: [{ resource: patient }],
      },
      'the Bundle has a next page',
    ],
    [
      'a searchset whose total is beyond its matches',
      { type: 'searchset', total: 137, entry: [{ resource: patient, search: { mode: 'match' } }] },
      'the Bundle holds 1 of 137 matches',
    ],
    [
      'a searchset whose total counts its matches, not its includes',
      {
        type: 'searchset',
        total: 1,
        entry: [
          { resource: patient, search: { mode: 'match' } },
          { resource: { resourceType: 'Medication', id: 'm1' }, search: { mode: 'include' } },
        ],
      },
      undefined,
    ],
    [
      'an OperationOutcome warning that data was left out (Epic\'s "suppressed")',
      {
        type: 'searchset',
        entry: [
          { resource: patient },
          {
            resource: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'warning', code: 'suppressed', diagnostics: 'Additional data may be present' }],
            },
            search: { mode: 'outcome' },
          },
        ],
      },
      'the Bundle carries an OperationOutcome warning that data was left out',
    ],
    [
      'an OperationOutcome of information only',
      {
        type: 'searchset',
        entry: [
          { resource: patient },
          {
            resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] },
          },
        ],
      },
      undefined,
    ],
  ])('%s', (_name, bundle, incomplete) => {
    const contents = bundleContents({ resourceType: 'Bundle', ...bundle });
    expect(contents.incomplete).toBe(incomplete);
    expect(contents.resources.some((r) => r.resourceType === 'OperationOutcome')).toBe(false);
  });
});
