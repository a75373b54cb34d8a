import { describe, expect, test } from '@jest/globals';
import { InvalidPrefetchError, readPrefetchValue } from './prefetch.js';

/*
 * Every prefetch key but the Patient's is a search on the patient, so every result names them by
 * reference in its patient field. One that names someone else, or cannot be tied to the patient,
 * is refused with the field that says so (a review of prefetch shapes, 2026-12-07).
 */

const P = 'p1';
const bundle = (resource: Record<string, unknown>) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [{ resource }],
});

describe('a prefetched result must name the patient by reference', () => {
  test.each<[string, string, Record<string, unknown>, string]>([
    [
      'a ResearchSubject of another patient',
      'ResearchSubject',
      { individual: { reference: 'Patient/p2' } },
      'individual.reference',
    ],
    ['a Device of another patient', 'Device', { patient: { reference: 'Patient/p2' } }, 'patient.reference'],
    [
      'an Observation of a patient whose id is longer than FHIR allows',
      'Observation',
      { subject: { reference: `Patient/${'x'.repeat(70)}` } },
      'subject.reference',
    ],
    [
      'an Observation whose subject is an identifier',
      'Observation',
      { subject: { identifier: { value: '123' } } },
      'subject',
    ],
    ['an Observation whose subject is a display', 'Observation', { subject: { display: 'DUPONT Jean' } }, 'subject'],
    ['an Observation whose subject is contained', 'Observation', { subject: { reference: '#pat' } }, 'subject'],
    ['an Observation with no subject', 'Observation', {}, 'subject'],
    ['a ResearchSubject with no individual', 'ResearchSubject', {}, 'individual'],
  ])('%s → refused at %s', (_name, type, fields, field) => {
    let caught: unknown;
    try {
      readPrefetchValue({ key: bundle({ resourceType: type, id: 'r1', ...fields }) }, 'key', type, P);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidPrefetchError);
    expect((caught as InvalidPrefetchError).field).toBe(`prefetch.key.entry[0].resource.${field}`);
  });

  test.each<[string, string, Record<string, unknown>]>([
    ['a relative reference', 'Observation', { subject: { reference: `Patient/${P}` } }],
    [
      'an absolute reference with a version',
      'Observation',
      { subject: { reference: `https://ehr.example/fhir/Patient/${P}/_history/3` } },
    ],
    ['a Device', 'Device', { patient: { reference: `Patient/${P}` } }],
    ['a ResearchSubject', 'ResearchSubject', { individual: { reference: `Patient/${P}`, display: 'the patient' } }],
  ])('%s naming the patient is read', (_name, type, fields) => {
    const read = readPrefetchValue({ key: bundle({ resourceType: type, id: 'r1', ...fields }) }, 'key', type, P);
    expect(read).toMatchObject({ state: 'data', partial: false });
  });
});
