import { describe, expect, test } from '@jest/globals';
import { forTheStay, shortCourse } from './inpatient-order.js';

const R4 = 'http://terminology.hl7.org/CodeSystem/medicationrequest-category';
const STU3 = 'http://hl7.org/fhir/medication-request-category';
const STATEMENT = 'http://terminology.hl7.org/CodeSystem/medication-statement-category';

describe('an order or statement for the hospital stay', () => {
  test.each<[string, Record<string, unknown>, boolean]>([
    ['R4 category inpatient', { category: [{ coding: [{ system: R4, code: 'inpatient' }] }] }, true],
    ['STU3 category inpatient', { category: [{ coding: [{ system: STU3, code: 'inpatient' }] }] }, true],
    [
      'a statement category inpatient, given as one concept',
      { category: { coding: [{ system: STATEMENT, code: 'inpatient' }] } },
      true,
    ],
    ['category inpatient without a system', { category: [{ coding: [{ code: 'Inpatient' }] }] }, true],
    [
      'inpatient under a local system is a local code, not the FHIR one',
      { category: [{ coding: [{ system: 'urn:local', code: 'inpatient' }] }] },
      false,
    ],
    ['a local "IP" category', { category: [{ coding: [{ system: 'urn:oid:1.2.3', code: 'IP' }] }] }, true],
    ['a category in French words', { category: [{ text: 'Prescription intra-hospitalière' }] }, true],
    [
      'a local category whose display says inpatient',
      { category: [{ coding: [{ system: 'urn:local', code: '7', display: 'Inpatient Meds' }] }] },
      true,
    ],
    ['category outpatient', { category: [{ coding: [{ system: R4, code: 'outpatient' }] }] }, false],
    ['category community', { category: [{ coding: [{ system: R4, code: 'community' }] }] }, false],
    ['dosing text limited to the stay', { dosageInstruction: [{ text: '6 units with meals, inpatient only' }] }, true],
    ['a statement dosage limited to the stay', { dosage: [{ text: 'pendant l’hospitalisation uniquement' }] }, true],
    ['a note that ends it at discharge', { note: [{ text: 'À arrêter à la sortie.' }] }, true],
    ['a home drug carried on during the stay', { note: [{ text: 'Continue during hospital stay' }] }, false],
    [
      'a stay named as the time of a pause',
      { note: [{ text: 'Held during admission only, resumed at discharge' }] },
      false,
    ],
    ['nothing about a stay', { dosageInstruction: [{ text: '10 units at bedtime' }] }, false],
  ])('%s: %s', (_name, r, expected) => {
    expect(forTheStay(r)).toBe(expected);
  });
});

describe('a short course', () => {
  test.each<[string, Record<string, unknown>, boolean]>([
    ['courseOfTherapyType acute', { courseOfTherapyType: { coding: [{ code: 'acute' }] } }, true],
    ['courseOfTherapyType acute, padded', { courseOfTherapyType: { coding: [{ code: ' acute ' }] } }, true],
    ['courseOfTherapyType continuous', { courseOfTherapyType: { coding: [{ code: 'continuous' }] } }, false],
    ['no course type', {}, false],
  ])('%s', (_name, r, expected) => {
    expect(shortCourse(r)).toBe(expected);
  });
});
