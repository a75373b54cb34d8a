import type { MedicationRequest } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  FR_RX,
  frDose,
  frRecord,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a fifth review found misread, kept as patients: a pump named only by an
 * ICD-10-CM complication code (T85.614A, a pump that broke down), a type 1 diabetes named only
 * by a SNOMED CT code with no display (444073006), and an order for the hospital stay whose
 * category is written in words ("Hospitalisation", "Inpatient") rather than coded.
 */

/** An order's category as a hospital writes it, in its own words and codes. */
function inCategory(o: MedicationRequest, category: MedicationRequest['category']): MedicationRequest {
  return { ...o, ...(category ? { category } : {}) };
}

const pumpBreakdown = record({
  id: 'rw-us-pump-breakdown-t85614',
  title:
    'ED diagnosis T85.614A "Breakdown (mechanical) of insulin pump, initial encounter" 40 days ago, injections as backup: on a pump, no card',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Victor'], family: 'Example-Breakdown', gender: 'male', age: 51, daysSinceBirthday: 90 },
      {
        extra: [
          dx(ctx, 'pump-breakdown', {
            code: codeable([
              coding('icd10cm', 'T85.614A', 'Breakdown (mechanical) of insulin pump, initial encounter'),
            ]),
            recordedDaysAgo: 40,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: null,
});

const t1Uncontrolled = record({
  id: 'rw-us-t1-444073006-no-display',
  title:
    'Beside the T2D problem, a problem coded SNOMED 444073006 (type I diabetes mellitus uncontrolled) with no display or text: type 1, no card',
  rule: 'type 1 known only by a complication code',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Norman'], family: 'Example-Snomed', gender: 'male', age: 44, daysSinceBirthday: 15 },
      { extra: [dx(ctx, 't1-snomed', { code: codeable([coding('snomed', '444073006')]), recordedDaysAgo: 300 })] },
    ),
  pump: null,
});

const hospitalisationWords = record({
  id: 'rw-fr-novorapid-hospitalisation',
  title:
    'Lantus en ville, NovoRapid 3 fois par jour prescrite pour le séjour (catégorie écrite « Hospitalisation », sans code) : le séjour ne dit rien de la maison, pas de carte',
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Armand'], family: 'Sejour-Exemple', gender: 'male', age: 63, daysSinceBirthday: 200 },
      {
        rapid: [
          inCategory(
            order(ctx, 'fr', 'rapid', {
              med: drug(FR_RX.novorapid),
              authoredDaysAgo: 3,
              dosage: frDose.meals(6, 8, 6),
            }),
            [{ text: 'Hospitalisation' }],
          ),
        ],
      },
    ),
  pump: null,
});

const inpatientLocal = record({
  id: 'rw-us-humalog-inpatient-local-category',
  title:
    'Humalog TID ordered on admission, category a local code displayed "Inpatient" (no HL7 code), Lantus at home: no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Clifford'], family: 'Example-Admit', gender: 'male', age: 60, daysSinceBirthday: 77 },
      {
        rapid: [
          inCategory(
            order(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              authoredDaysAgo: 2,
              dosage: [usDose.daily(6, 3, 'Inject 6 units under the skin 3 times daily with meals')],
            }),
            [codeable([{ system: 'http://hospital.example.org/order-class', code: 'IP', display: 'Inpatient' }])],
          ),
        ],
      },
    ),
  pump: null,
});

const outpatientWords = record({
  id: 'rw-us-humalog-outpatient-words',
  title:
    'Humalog TID whose category is written "Outpatient / discharge prescription" under a local code: a home order, the card fires',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Floyd'], family: 'Example-Discharge', gender: 'male', age: 57, daysSinceBirthday: 120 },
      {
        rapid: [
          inCategory(
            order(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              authoredDaysAgo: 450,
              dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
            }),
            [codeable([{ system: 'http://hospital.example.org/order-class', code: 'OP', display: 'Outpatient' }])],
          ),
        ],
      },
    ),
  pump: pumpCard('rw-us-humalog-outpatient-words', 9.1, STANDARD_EVIDENCE),
});

export const PUMP_CODED_RECORDS: readonly FixturePatient[] = [
  pumpBreakdown,
  t1Uncontrolled,
  hospitalisationWords,
  inpatientLocal,
  outpatientWords,
];
