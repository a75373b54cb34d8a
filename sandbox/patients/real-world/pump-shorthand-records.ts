import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  FR_RX,
  frDose,
  frenchNameOnly,
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
 * Real-world pump-card records in the shorthand hospitals write and a fifth review found misread:
 * a pregnancy coded anywhere in the obstetric chapter or dated in weeks, a sliding scale named by
 * its US or French abbreviation, a pump fitting written as a visit's diagnosis, pen needles named
 * after the pen, an old order never closed beside a newer and smaller one, a result sent with both
 * a value and the reason it has none. None of these may give a card.
 */

const pregnancyO24919 = record({
  id: 'rw-us-pregnancy-o24919',
  title: 'T2D on basal-bolus, "Unspecified diabetes mellitus in pregnancy" (O24.919) 60 days ago: no pump card',
  rule: 'pregnancy on file',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Jessica'], family: 'Example-Obstetric', gender: 'female', age: 36, daysSinceBirthday: 140 },
      {
        extra: [
          dx(ctx, 'pregnancy', {
            code: codeable([
              coding('icd10cm', 'O24.919', 'Unspecified diabetes mellitus in pregnancy, unspecified trimester'),
            ]),
            onsetDaysAgo: 60,
            recordedDaysAgo: 58,
          }),
        ],
      },
    ),
  pump: null,
});

const grossesse24Sa = record({
  id: 'rw-fr-grossesse-24-sa',
  title: 'DT2 sous basal-bolus, « Grossesse à 24 SA » en texte libre (sans code): pas de carte pompe',
  rule: 'pregnancy on file',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Léa'], family: 'Semaines-Exemple', gender: 'female', age: 33, daysSinceBirthday: 70 },
      {
        extra: [dx(ctx, 'grossesse', { code: { text: 'Grossesse à 24 SA' }, onsetDaysAgo: 150, recordedDaysAgo: 20 })],
      },
    ),
  pump: null,
});

const perIss = record({
  id: 'rw-us-humalog-per-iss',
  title: 'Humalog TID whose sig says "Inject per ISS before meals" (insulin sliding scale): no scheduled dose, no card',
  rule: 'sliding scale without the flag',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Ronald'], family: 'Example-Scale', gender: 'male', age: 64, daysSinceBirthday: 300 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.daily(0, 3, 'Inject per ISS before meals')],
          }),
        ],
      },
    ),
  pump: null,
});

const selonGc = record({
  id: 'rw-fr-novorapid-selon-gc',
  title: 'NovoRapid aux repas « 2 UI si GC 2-2,5 g/l ; 4 UI si 2,5-3 g/l »: une échelle, pas de carte',
  rule: 'sliding scale without the flag',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Paulette'], family: 'Echelle-Exemple', gender: 'female', age: 67, daysSinceBirthday: 5 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose
              .meals(2, 2, 2)
              .map((d) => ({ ...d, text: 'NovoRapid: 2 UI si GC 2-2,5 g/l ; 4 UI si 2,5-3 g/l' })),
          }),
        ],
      },
    ),
  pump: null,
});

const pumpFittingVisit = record({
  id: 'rw-us-pump-fitting-z4681',
  title:
    'Encounter diagnosis Z46.81 "Encounter for fitting and adjustment of insulin pump" 80 days ago: on a pump, no card',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dennis'], family: 'Example-Fitting', gender: 'male', age: 55, daysSinceBirthday: 180 },
      {
        extra: [
          dx(ctx, 'pump-fitting', {
            code: codeable([coding('icd10cm', 'Z46.81', 'Encounter for fitting and adjustment of insulin pump')]),
            onsetDaysAgo: 80,
            recordedDaysAgo: 80,
          }),
        ],
      },
    ),
  pump: null,
});

const aiguillesNommees = record({
  id: 'rw-fr-aiguilles-pour-novorapid',
  title:
    'Lantus seule, et « Aiguilles NovoFine pour stylo NovoRapid » 3 fois par jour: des aiguilles, pas une insuline',
  rule: 'French names and accents',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Bernard'], family: 'Aiguilles-Exemple', gender: 'male', age: 62, daysSinceBirthday: 33 },
      {
        rapid: [
          order(ctx, 'fr', 'aiguilles', {
            med: drug(frenchNameOnly('3400941234567', 'Aiguilles NovoFine 6 mm pour stylo NovoRapid')),
            authoredDaysAgo: 300,
            dosage: [frDose.text('3 fois par jour aux repas')],
          }),
        ],
      },
    ),
  pump: null,
});

const oldOrderLeftOpen = record({
  id: 'rw-us-humalog-old-tid-new-daily',
  title: 'Humalog TID ordered 2 years ago never closed, Humalog once daily ordered 170 days ago: 1 to 3 a day, unknown',
  rule: 'duplicate records of one drug',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Carol'], family: 'Example-Reduced', gender: 'female', age: 66, daysSinceBirthday: 90 },
      {
        rapid: [
          order(ctx, 'us', 'rapid-old', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 720,
            dosage: [usDose.daily(10, 3, 'Inject 10 units 3 times daily before meals')],
          }),
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 170,
            dosage: [usDose.daily(6, 1, 'Inject 6 units once daily with dinner')],
          }),
        ],
      },
    ),
  pump: null,
});

const valueWithAbsentReason = record({
  id: 'rw-us-hba1c-value-and-absent-reason',
  title: 'The only HbA1c, 8.9 %, sent with dataAbsentReason "error" (FHIR obs-6 broken): unreadable, unknown',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Frank'], family: 'Example-Absent', gender: 'male', age: 58, daysSinceBirthday: 12 },
      {
        hba1c: [
          {
            ...hba1cResult(ctx, 'us', 'hba1c', { daysAgo: 12, value: 8.9 }),
            dataAbsentReason: codeable([
              { system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'error', display: 'Error' },
            ]),
          },
        ],
      },
    ),
  pump: null,
});

/** A guard: a renewal of the same schedule still gives the card. */
const renewedSameSchedule = record({
  id: 'rw-us-humalog-renewed-same-tid',
  title: 'Humalog TID ordered 2 years ago and renewed TID 170 days ago, both left active: 3 a day, card fires',
  rule: 'duplicate records of one drug',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Larry'], family: 'Example-Renewed', gender: 'male', age: 61, daysSinceBirthday: 222 },
      {
        rapid: [
          order(ctx, 'us', 'rapid-old', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 720,
            dosage: [usDose.daily(10, 3, 'Inject 10 units 3 times daily before meals')],
          }),
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 170,
            dosage: [usDose.daily(12, 3, 'Inject 12 units 3 times daily before meals')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-humalog-renewed-same-tid', 9.1, STANDARD_EVIDENCE),
});

/** Records in hospital shorthand that must not give a card, and one guard that must. */
export const PUMP_SHORTHAND_RECORDS: readonly FixturePatient[] = [
  pregnancyO24919,
  grossesse24Sa,
  perIss,
  selonGc,
  pumpFittingVisit,
  aiguillesNommees,
  oldOrderLeftOpen,
  valueWithAbsentReason,
  renewedSameSchedule,
];
