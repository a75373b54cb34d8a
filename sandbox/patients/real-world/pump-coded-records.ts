import type { MedicationRequest } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
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
 * category is written in words ("Hospitalisation", "Inpatient") rather than coded. And what a
 * sixth review found: a breakfast written "petit-déjeuner" counted as lunch too, a type 1 left
 * open beside an E11 code ("? LADA"), insulin every 4 hours with tube feeds, an HbA1c the
 * laboratory calls uninterpretable, diabetes after a pancreatectomy coded E89.1.
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

const petitDejeuner = record({
  id: 'rw-fr-novorapid-petit-dejeuner',
  title:
    'Lantus au coucher et NovoRapid « 8 UI au petit-déjeuner » : une seule injection rapide, pas de multi-injections, pas de carte',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Odile'], family: 'Matin-Exemple', gender: 'female', age: 66, daysSinceBirthday: 41 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 400,
            dosage: [{ text: '8 UI au petit-déjeuner' }],
          }),
        ],
      },
    ),
  pump: null,
});

const ladaQuestion = record({
  id: 'rw-us-t2d-question-lada',
  title:
    'The only diabetes entry is E11.65 whose text reads "Type 2 DM, now on insulin, ? LADA": type 1 left open, no card',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Keith'], family: 'Example-Lada', gender: 'male', age: 46, daysSinceBirthday: 230 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable(
              [coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia')],
              'Type 2 DM, now on insulin, ? LADA',
            ),
            onsetDaysAgo: 1400,
            recordedDaysAgo: 1400,
          }),
        ],
      },
    ),
  pump: null,
});

const tubeFeeds = record({
  id: 'rw-us-humalog-q4h-tube-feeds',
  title: 'Humalog Q4H "every 4 hours while on continuous tube feeds": not mealtime injections, no card',
  rule: 'free-text dosing',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Walter'], family: 'Example-Feeds', gender: 'male', age: 71, daysSinceBirthday: 12 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 60,
            dosage: [
              {
                ...usDose.code(4, 'Q4H', 'Inject 4 units under the skin every 4 hours while on continuous tube feeds'),
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const hba1cVariant = record({
  id: 'rw-fr-hba1c-variant-ininterpretable',
  title:
    "Dernière HbA1c 8,7 % avec la note du laboratoire « Présence d'un variant de l'hémoglobine : résultat ininterprétable » : HbA1c inconnue, pas de carte",
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Fatou'], family: 'Variant-Exemple', gender: 'female', age: 59, daysSinceBirthday: 80 },
      {
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c', {
            value: 8.7,
            daysAgo: 25,
            note: "Présence d'un variant de l'hémoglobine (HbS) : résultat d'HbA1c ininterprétable, doser la fructosamine.",
          }),
        ],
      },
    ),
  pump: null,
});

const pancreatectomy = record({
  id: 'rw-us-e891-after-pancreatectomy',
  title:
    'E11.65 by habit, with E89.1 "Postprocedural hypoinsulinemia" and Z90.410 on the problem list: not type 2, no card',
  rule: 'diabetes of another type',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Stanley'], family: 'Example-Whipple', gender: 'male', age: 63, daysSinceBirthday: 300 },
      {
        extra: [
          dx(ctx, 'e891', {
            code: codeable([coding('icd10cm', 'E89.1', 'Postprocedural hypoinsulinemia')]),
            recordedDaysAgo: 900,
          }),
          dx(ctx, 'z90410', {
            code: codeable([coding('icd10cm', 'Z90.410', 'Acquired total absence of pancreas')]),
            recordedDaysAgo: 900,
          }),
        ],
      },
    ),
  pump: null,
});

export const PUMP_CODED_RECORDS: readonly FixturePatient[] = [
  pumpBreakdown,
  t1Uncontrolled,
  hospitalisationWords,
  inpatientLocal,
  outpatientWords,
  petitDejeuner,
  ladaQuestion,
  tubeFeeds,
  hba1cVariant,
  pancreatectomy,
];
