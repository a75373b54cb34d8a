import type { CodeableConcept, Device, DeviceUseStatement, DiagnosticReport, Observation, Quantity } from 'fhir/r4.js';
import { dayBefore } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  conditionOf,
  creatinineOf,
  egfrOf,
  fullMatch,
  hba1cOf,
  imagingReport,
  LOINC,
  nafldTrial,
  observationOf,
  orderOf,
  pumpCardOf,
  qty,
  rid,
  STEATOSIS_CONCLUSION,
  type StyledContext,
} from './trial-builders.js';

/*
 * Rules 2-4 on NCT04270656: a pump user is excluded (device, device use, Z96.41); the laboratory
 * criteria have an age limit (HbA1c 183 days, eGFR 365 days); the newest eGFR of any formula
 * decides (MDRD only at the same instant), and the card names the formula.
 */

/** A Device of the patient and a statement of its use. */
export function deviceInUse(
  ctx: StyledContext,
  suffix: string,
  o: { type?: CodeableConcept; name: string; manufacturer?: string; sinceDaysAgo: number },
): [Device, DeviceUseStatement] {
  return [
    {
      resourceType: 'Device',
      id: rid(ctx, suffix),
      status: 'active',
      ...(o.manufacturer ? { manufacturer: o.manufacturer } : {}),
      deviceName: [{ name: o.name, type: 'user-friendly-name' }],
      ...(o.type ? { type: o.type } : {}),
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

/** An Observation coded LOINC `code`, with the laboratory's wording. */
function loincObs(
  ctx: StyledContext,
  suffix: string,
  o: { code: string; display: string; text: string; daysAgo: number; value?: Quantity; valueString?: string },
): Observation {
  return observationOf(ctx, suffix, {
    code: codeable([coding('loinc', o.code, o.display)], o.text),
    daysAgo: o.daysAgo,
    ...(o.value ? { valueQuantity: o.value } : {}),
    ...(o.valueString !== undefined ? { valueString: o.valueString } : {}),
  });
}

/**
 * A laboratory report carrying one result under the laboratory's local code, contained as `#r`:
 * the prefetch fetches Observations by the value sets' codes, so a locally coded result reaches
 * the service inside the patient's reports, which are fetched whole (evidence id `<report>-r`).
 */
function localResultReport(
  ctx: StyledContext,
  suffix: string,
  o: { text: string; daysAgo: number; value: Quantity },
): DiagnosticReport {
  const result: Observation = observationOf(ctx, 'ignored', {
    code: codeable([coding('local', 'BIO-0412', o.text)], o.text),
    daysAgo: o.daysAgo,
    valueQuantity: o.value,
  });
  delete result.subject;
  return {
    resourceType: 'DiagnosticReport',
    id: rid(ctx, suffix),
    contained: [{ ...result, id: 'r' }],
    status: 'final',
    category: [
      codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }]),
    ],
    code: codeable([coding('local', 'BIO-REIN', ctx.style === 'fr' ? 'Bilan rénal' : 'Renal panel')]),
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: result.effectiveDateTime!,
    result: [{ reference: '#r' }],
  };
}

/** A liver study of another kind than ultrasound (MRI, CT), under the radiology system's code. */
function otherLiverStudy(
  ctx: StyledContext,
  suffix: string,
  o: { code: CodeableConcept; daysAgo: number; conclusion: string },
): DiagnosticReport {
  return imagingReport(ctx, suffix, { code: o.code, daysAgo: o.daysAgo, conclusion: o.conclusion });
}

const AUDIT_C = codeable([coding('loinc', '75626-2', 'Total score [AUDIT-C]')], 'AUDIT-C');
const UCUM_EGFR = (value: number): Quantity => qty(value, 'mL/min/1.73m2', 'mL/min/{1.73_m2}');

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
  fullMatch({
    id: 'rw-us-egfr-69405-9-newer-25',
    title: 'CKD-EPI 84 seven months ago, then an eGFR 25 coded 69405-9 (no formula stated) two weeks ago: excluded',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Walter',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-old', { method: 'CKD-EPI', value: 84, daysAgo: 200 }),
          loincObs(ctx, 'egfr', {
            code: '69405-9',
            display: 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood',
            text: 'eGFR',
            daysAgo: 14,
            value: UCUM_EGFR(25),
          }),
          creatinineOf(ctx, 'creat', 14, 240),
        ],
      },
    },
    pump: pumpCardOf('rw-us-egfr-69405-9-newer-25'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-dfg-estime-code-local-26',
    title: 'CKD-EPI 84 il y a sept mois, puis « DFG estimé » 26 sous un code local du laboratoire : exclu',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gérard',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-old', { method: 'CKD-EPI', value: 84, daysAgo: 200 }),
          localResultReport(ctx, 'renal', { text: 'DFG estimé', daysAgo: 14, value: UCUM_EGFR(26) }),
          creatinineOf(ctx, 'creat', 14, 230),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-dfg-estime-code-local-26'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-egfr-cystatin-c-newer-52',
    title:
      'MDRD 27 ten months ago, then a cystatin C eGFR 52 (50210-4) three weeks ago: the newer decides, not excluded',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Vernon',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr-old', { method: 'MDRD', value: 27, daysAgo: 300 }),
          loincObs(ctx, 'egfr', {
            code: '50210-4',
            display:
              'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Cystatin C-based formula',
            text: 'eGFR cystatin C',
            daysAgo: 20,
            value: UCUM_EGFR(52),
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-egfr-cystatin-c-newer-52'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-alcohol-audit-c-10',
    title: 'AUDIT-C 10 three weeks ago, beside 1 drink a day three months ago: the alcohol exclusion is met',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Duane',
      extra: (ctx) => [
        observationOf(ctx, 'audit-c', {
          code: AUDIT_C,
          category: 'social-history',
          daysAgo: 21,
          valueQuantity: qty(10, '{score}'),
        }),
      ],
    },
    pump: pumpCardOf('rw-us-alcohol-audit-c-10'),
    nafld: nafldTrial(false, { 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-alcool-texte-4-verres-jour',
    title: "Consommation d'alcool saisie en texte « 4 verres/jour » : 40 g/jour, exclu",
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Marcel',
      replace: {
        drinks: (ctx) => [
          loincObs(ctx, 'drinks', {
            code: '74013-4',
            display: 'Alcoholic drinks per day',
            text: "Consommation d'alcool",
            daysAgo: 40,
            valueString: '4 verres/jour',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-alcool-texte-4-verres-jour'),
    nafld: nafldTrial(false, { 'alcohol-over-limit': 'met' }),
  }),
  // Drinks counted in words (a review of alcohol entries, 2026-12-06): before, the unit was not
  // read, the exclusion was left to confirm and the trial card fired.
  fullMatch({
    id: 'rw-us-alcohol-text-6-beers-a-day',
    title: 'Alcohol use written "6 beers a day" under LOINC 74013-4: 84 g/day, excluded, no trial card',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Dwight',
      replace: {
        drinks: (ctx) => [
          loincObs(ctx, 'drinks', {
            code: '74013-4',
            display: 'Alcoholic drinks per day',
            text: 'Alcohol use',
            daysAgo: 40,
            valueString: '6 beers a day',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-alcohol-text-6-beers-a-day'),
    nafld: nafldTrial(false, { 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-alcool-texte-3-verres-de-vin',
    title: "Consommation d'alcool saisie « 3 verres de vin par jour » : 30 g/jour, exclu, pas d'essai",
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Roger',
      replace: {
        drinks: (ctx) => [
          loincObs(ctx, 'drinks', {
            code: '74013-4',
            display: 'Alcoholic drinks per day',
            text: "Consommation d'alcool",
            daysAgo: 40,
            valueString: '3 verres de vin par jour',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-alcool-texte-3-verres-de-vin'),
    nafld: nafldTrial(false, { 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-alcool-1-verre-par-jour-unite',
    title: "Consommation d'alcool 1 « verre/j » (unité française) : 10 g/jour pour un homme, non exclu",
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Henri',
      replace: {
        drinks: (ctx) => [
          loincObs(ctx, 'drinks', {
            code: '74013-4',
            display: 'Alcoholic drinks per day',
            text: "Consommation d'alcool",
            daysAgo: 40,
            value: { value: 1, unit: 'verre/j' },
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-alcool-1-verre-par-jour-unite'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-alcohol-per-drinking-day-newer',
    title:
      'Drinks per drinking day (11287-0) newer than 1 drink a day: not per day, so the alcohol limit is to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Calvin',
      extra: (ctx) => [
        loincObs(ctx, 'drinking-day', {
          code: '11287-0',
          display: 'Alcoholic drinks per drinking day - Reported',
          text: 'Drinks per drinking day',
          daysAgo: 21,
          value: qty(5, '{drinks}/d'),
        }),
      ],
    },
    pump: pumpCardOf('rw-us-alcohol-per-drinking-day-newer'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-irm-hepatique-apres-echo',
    title:
      'Échographie avec stéatose il y a 14 mois, IRM hépatique sans stéatose il y a 2 mois : non lue, stéatose à confirmer',
    rule: 'liver studies other than ultrasound',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Yves',
      without: ['steatosis'],
      extra: (ctx) => [
        otherLiverStudy(ctx, 'liver-mri', {
          code: codeable([coding('local', 'IRM-FOIE', 'IRM hépatique')], 'IRM hépatique'),
          daysAgo: 60,
          conclusion: 'Pas de stéatose hépatique (fraction de graisse 3 %). Pas de lésion focale.',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-irm-hepatique-apres-echo'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-ct-abdomen-after-us',
    title: 'Ultrasound with steatosis 14 months ago, CT Abdomen (41806-1) 3 months ago: not read, steatosis to confirm',
    rule: 'liver studies other than ultrasound',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Lloyd',
      without: ['steatosis'],
      extra: (ctx) => [
        otherLiverStudy(ctx, 'liver-ct', {
          code: codeable([coding('loinc', '41806-1', 'CT Abdomen')], 'CT ABDOMEN W CONTRAST'),
          daysAgo: 90,
          conclusion: 'Liver normal in size and attenuation. No focal lesion.',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-ct-abdomen-after-us'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-mri-before-us-steatosis',
    title: 'MRI abdomen two years ago, then an ultrasound with steatosis 14 months ago: the newer ultrasound decides',
    rule: 'liver studies other than ultrasound',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Floyd',
      without: ['steatosis'],
      extra: (ctx) => [
        otherLiverStudy(ctx, 'liver-mri', {
          code: codeable([coding('local', 'MRABD', 'MRI abdomen')], 'MRI ABDOMEN WO CONTRAST'),
          daysAgo: 700,
          conclusion: 'Unremarkable liver.',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-mri-before-us-steatosis'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-echo-normale-apres-irm',
    title:
      "IRM hépatique il y a 7 mois, échographie normale il y a un mois : l'échographie plus récente décide, pas de stéatose",
    rule: 'liver studies other than ultrasound',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Alain',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 30,
            conclusion: 'Foie de taille normale, pas de stéatose. Vésicule alithiasique.',
          }),
        ],
      },
      extra: (ctx) => [
        otherLiverStudy(ctx, 'liver-mri', {
          code: codeable([coding('local', 'IRM-FOIE', 'IRM hépatique')], 'IRM hépatique'),
          daysAgo: 200,
          conclusion: 'Stéatose hépatique (fraction de graisse 14 %).',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-echo-normale-apres-irm'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-fibroscan-cap-310-apres-echo-steatose',
    title:
      'Échographie avec stéatose il y a 14 mois, FibroScan il y a 2 mois (6,1 kPa, CAP 310 dB/m) : le CAP confirme la stéatose, la carte sort',
    rule: 'liver studies other than ultrasound',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Hervé',
      without: ['steatosis'],
      extra: (ctx) => [
        otherLiverStudy(ctx, 'fibroscan', {
          code: codeable([coding('local', 'FIBRO', 'FibroScan')], 'FibroScan (élastométrie hépatique)'),
          daysAgo: 60,
          conclusion: 'Élasticité hépatique 6,1 kPa (F0-F1). CAP 310 dB/m.',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-fibroscan-cap-310-apres-echo-steatose'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-loinc-18748-4-abdominal-us-steatosis',
    title:
      'Abdominal ultrasound with steatosis filed under the generic LOINC 18748-4 "Diagnostic imaging study": its title decides, the card fires',
    rule: 'liver studies other than ultrasound',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Dwight',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            code: codeable([coding('loinc', '18748-4', 'Diagnostic imaging study')], 'US ABDOMEN COMPLETE'),
            daysAgo: 425,
            conclusion: STEATOSIS_CONCLUSION.us,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-loinc-18748-4-abdominal-us-steatosis'),
    nafld: nafldTrial(true),
  }),
];
