import type { CodeableConcept, Device, DeviceUseStatement } from 'fhir/r4.js';
import { dayBefore } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  conditionOf,
  creatinineOf,
  egfrOf,
  fullMatch,
  hba1cOf,
  LOINC,
  nafldTrial,
  observationOf,
  orderOf,
  pumpCardOf,
  qty,
  rid,
  type StyledContext,
} from './trial-builders.js';

/*
 * Rules 2-4 on NCT04270656: a pump user is excluded (device, device use, Z96.41); the laboratory
 * criteria have an age limit (HbA1c 183 days, eGFR 365 days); the newest eGFR of any formula
 * decides (MDRD only at the same instant), and the card names the formula.
 */

/** A Device of the patient and a statement of its use. */
function deviceInUse(
  ctx: StyledContext,
  suffix: string,
  o: { type: CodeableConcept; name: string; manufacturer?: string; sinceDaysAgo: number },
): [Device, DeviceUseStatement] {
  return [
    {
      resourceType: 'Device',
      id: rid(ctx, suffix),
      status: 'active',
      ...(o.manufacturer ? { manufacturer: o.manufacturer } : {}),
      deviceName: [{ name: o.name, type: 'user-friendly-name' }],
      type: o.type,
      patient: { reference: `Patient/${ctx.patientId}` },
    },
    {
      resourceType: 'DeviceUseStatement',
      id: rid(ctx, `${suffix}-use`),
      status: 'active',
      subject: { reference: `Patient/${ctx.patientId}` },
      timingPeriod: { start: dayBefore(ctx, o.sinceDaysAgo) },
      recordedOn: dayBefore(ctx, o.sinceDaysAgo),
      device: { reference: `Device/${rid(ctx, suffix)}` },
    },
  ];
}

/** An eGFR result written as text by the laboratory (French style "> 60 mL/min/1,73m²"). */
function egfrText(ctx: StyledContext, suffix: string, method: 'MDRD' | 'CKD-EPI', text: string, daysAgo: number) {
  return observationOf(ctx, suffix, {
    code: method === 'MDRD' ? LOINC.egfrMdrd[ctx.style] : LOINC.egfrCkdEpi[ctx.style],
    daysAgo,
    valueString: text,
  });
}

export const DEVICE_LAB_RECORDS: readonly FixturePatient[] = [
  // Rule 2: pump user excluded from NCT04270656.
  fullMatch({
    id: 'rw-fr-pump-device-omnipod',
    title:
      'Omnipod patch pump started 2 months ago (Device SNOMED 69805005 + DeviceUseStatement), old MDI orders never stopped',
    rule: 'pump user excluded from NCT04270656',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Bernard',
      extra: (ctx) =>
        deviceInUse(ctx, 'pump', {
          type: codeable([coding('snomed', '69805005', 'Insulin pump, device')], 'Pompe à insuline patch'),
          name: 'Omnipod DASH',
          manufacturer: 'Insulet',
          sinceDaysAgo: 60,
        }),
    },
    pump: null,
    nafld: nafldTrial(false, { 'pump-user': 'met', 'mdi-glargine-degludec': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-pump-z9641',
    title: 'Insulin pump in place coded as ICD-10-CM Z96.41 only (no Device record): excluded as a pump user',
    rule: 'pump user excluded from NCT04270656',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Gary',
      extra: (ctx) => [
        conditionOf(ctx, 'pump-status', {
          code: codeable(
            [coding('icd10cm', 'Z96.41', 'Presence of insulin pump (external) (internal)')],
            'Insulin pump in place',
          ),
          recordedDaysAgo: 45,
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { 'pump-user': 'met', 'mdi-glargine-degludec': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-pump-insulin-rate',
    title:
      'NovoLog ordered as a pump basal rate (0.9 Units/h) while the old MDI orders stay active: a pump user, excluded',
    rule: 'pump user excluded from NCT04270656',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Curtis',
      extra: (ctx) => [
        orderOf(ctx, 'pump-insulin', {
          drug: {
            concept: codeable(
              [coding('rxnorm', '311040', 'insulin aspart, human 100 UNT/ML Injectable Solution')],
              'NovoLOG 100 unit/mL vial (insulin pump)',
            ),
          },
          authoredDaysAgo: 40,
          dosage: [
            {
              text: 'Basal 0.9 Units/hr via insulin pump; boluses per pump settings',
              route: codeable([coding('snomed', '34206005', 'Subcutaneous route')]),
              doseAndRate: [{ rateQuantity: qty(0.9, 'Units/hr', '[iU]/h') }],
            },
          ],
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { 'pump-user': 'met', 'mdi-glargine-degludec': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-cgm-dexcom',
    title: 'Dexcom G7 CGM in use (SNOMED interstitial glucose monitoring system), no pump: both cards fire',
    rule: 'pump user excluded from NCT04270656',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Dennis',
      extra: (ctx) =>
        deviceInUse(ctx, 'cgm', {
          type: codeable(
            [coding('snomed', '700585005', 'Invasive interstitial-fluid glucose monitoring system')],
            'Continuous glucose monitor',
          ),
          name: 'Dexcom G7',
          manufacturer: 'Dexcom',
          sinceDaysAgo: 300,
        }),
    },
    pump: pumpCardOf('rw-us-cgm-dexcom'),
    nafld: nafldTrial(true, { 'pump-user': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-cgm-freestyle-libre',
    title: 'FreeStyle Libre 2 sensor known by its name only (no type code), no pump: both cards fire',
    rule: 'pump user excluded from NCT04270656',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Gérard',
      extra: (ctx) =>
        deviceInUse(ctx, 'cgm', {
          type: codeable([], 'Capteur de glucose interstitiel'),
          name: 'FreeStyle Libre 2',
          manufacturer: 'Abbott',
          sinceDaysAgo: 500,
        }),
    },
    pump: pumpCardOf('rw-fr-cgm-freestyle-libre'),
    nafld: nafldTrial(true, { 'pump-user': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-device-unclassified',
    title:
      'An active device coded in the hospital catalogue only (local code, neutral name): pump-user to confirm, no pump card',
    rule: 'pump user excluded from NCT04270656',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Daniel',
      extra: (ctx) =>
        deviceInUse(ctx, 'dm', {
          type: codeable([coding('local', 'DM-70412', 'Dispositif médical réf. 70412')]),
          name: 'Réf. catalogue 70412',
          sinceDaysAgo: 120,
        }),
    },
    pump: null,
    nafld: nafldTrial(true, { 'pump-user': 'unknown' }),
  }),

  // Rule 3: age limit on trial laboratory values.
  fullMatch({
    id: 'rw-us-hba1c-8-months',
    title: 'Last HbA1c 8.4% drawn 8 months ago: the HbA1c key criterion is unknown, no trial card and no pump card',
    rule: 'age limit on trial laboratory values',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Kenneth',
      replace: { hba1c: (ctx) => [hba1cOf(ctx, 'hba1c', 8.4, 243), hba1cOf(ctx, 'hba1c-prev', 8.1, 330)] },
    },
    pump: null,
    nafld: nafldTrial(false, { hba1c: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-egfr-14-months',
    title: 'Last eGFR (MDRD 81) 14 months old: the renal exclusion is to confirm, the trial card still fires',
    rule: 'age limit on trial laboratory values',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Michel',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr', { method: 'MDRD', value: 81, daysAgo: 425 }),
          creatinineOf(ctx, 'creat', 425, 85),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-egfr-14-months'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-labs-recent',
    title:
      'HbA1c 7.6% and eGFR CKD-EPI 76 both drawn 12 days ago: within their limits, the trial card fires (HbA1c < 8: no pump card)',
    rule: 'age limit on trial laboratory values',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Serge',
      replace: {
        hba1c: (ctx) => [hba1cOf(ctx, 'hba1c', 7.6, 12), hba1cOf(ctx, 'hba1c-prev', 8.3, 110)],
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 76, daysAgo: 12 }),
          creatinineOf(ctx, 'creat', 12, 92),
        ],
      },
    },
    pump: null,
    nafld: nafldTrial(true, { 'egfr-under-30': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-hba1c-recent-below',
    title: 'Recent HbA1c 6.1% after an 8.9% eight months ago: the recent one decides, HbA1c >= 6.5 not met',
    rule: 'age limit on trial laboratory values',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Larry',
      replace: { hba1c: (ctx) => [hba1cOf(ctx, 'hba1c', 6.1, 25), hba1cOf(ctx, 'hba1c-prev', 8.9, 250)] },
    },
    pump: null,
    nafld: nafldTrial(false, { hba1c: 'not-met' }),
  }),

  // Rule 4: newest eGFR of any formula.
  fullMatch({
    id: 'rw-us-egfr-ckdepi-newer',
    title: 'MDRD 25 seven months ago, CKD-EPI 48 three weeks ago: the newer CKD-EPI decides and the card names it',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Walter',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-old', { method: 'MDRD', value: 25, daysAgo: 200 }),
          creatinineOf(ctx, 'creat-old', 200, 230),
          egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 48, daysAgo: 20 }),
          creatinineOf(ctx, 'creat', 20, 140),
        ],
      },
    },
    pump: pumpCardOf('rw-us-egfr-ckdepi-newer'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'not-met' }, ['CKD-EPI formula: no MDRD result of that date']),
  }),
  fullMatch({
    id: 'rw-us-egfr-reported-below-30',
    title: 'MDRD eGFR reported by the laboratory as "< 30" (comparator, value 30) two weeks ago: below 30, excluded',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Roland',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr', { method: 'MDRD', value: 30, daysAgo: 14, comparator: '<' }),
          creatinineOf(ctx, 'creat', 14, 230),
        ],
      },
    },
    pump: pumpCardOf('rw-us-egfr-reported-below-30'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-egfr-mdrd-newer-27',
    title: 'CKD-EPI 45 seven months ago, MDRD 27 two weeks ago: the newer MDRD excludes',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Roland',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-old', { method: 'CKD-EPI', value: 45, daysAgo: 200 }),
          egfrOf(ctx, 'egfr', { method: 'MDRD', value: 27, daysAgo: 15 }),
          creatinineOf(ctx, 'creat', 15, 224),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-egfr-mdrd-newer-27'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-egfr-same-draw-mdrd-28',
    title: 'One draw reported twice, MDRD 28 and CKD-EPI 33 at the same instant: MDRD is preferred, excluded',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Russell',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-mdrd', { method: 'MDRD', value: 28, daysAgo: 18 }),
          egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 33, daysAgo: 18 }),
          creatinineOf(ctx, 'creat', 18, 205),
        ],
      },
    },
    pump: pumpCardOf('rw-us-egfr-same-draw-mdrd-28'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-egfr-over-60-text',
    title:
      'eGFR reported as text "> 60 mL/min/1,73m²" three weeks ago after an MDRD 28 ten months ago: the bound decides, not met',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Lionel',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-old', { method: 'MDRD', value: 28, daysAgo: 300 }),
          egfrText(ctx, 'egfr', 'CKD-EPI', '> 60 mL/min/1,73m²', 20),
          creatinineOf(ctx, 'creat', 20, 88),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-egfr-over-60-text'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-egfr-newest-unreadable',
    title: 'Newest eGFR "Unable to calculate: hemolyzed specimen" after an MDRD 72: the renal exclusion is to confirm',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Eugene',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-old', { method: 'MDRD', value: 72, daysAgo: 200 }),
          egfrText(ctx, 'egfr', 'CKD-EPI', 'Unable to calculate: hemolyzed specimen', 10),
        ],
      },
    },
    pump: pumpCardOf('rw-us-egfr-newest-unreadable'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'unknown' }),
  }),
];
