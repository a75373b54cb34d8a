import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  day,
  drug,
  dx,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
  humalogAtMeals,
  order,
  pumpCard,
  record,
  rwDevice,
  rwDeviceUse,
  STANDARD_EVIDENCE,
  statement,
  US_DX,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records an eighteenth review (2026-12-07, night: US laboratory values deciding the
 * HbA1c) found firing where they must not, kept as patients: a laboratory note that names the
 * variant interfering with the assay ("Interference: HbS"), a value the laboratory calls not
 * reportable, and a newest result withdrawn for a hemoglobin variant, which let an older value of
 * the same assay decide: the variant is the patient's, for life. And the control: the footnote
 * that variants may interfere, with none found, leaves the value as it is. A review of French
 * hospital records that night found cards for patients whose death the ward had written (a problem
 * coded "Dead", a note on the diabetes) before the Patient's own flag was set. A review of pump
 * records found a pump read as given up when its Device was only marked inactive (a lapse of
 * cover, a broken pump awaiting replacement), when its use stopped 12 days ago, and when pods were
 * dispensed 20 days ago on an order marked completed. The control: a pump given up three years
 * ago, its use statement ended then, gives the card. A review of medication lists found a
 * correction written as a ratio over a threshold ("1 unit per 50 mg/dL over 150 before meals")
 * counted as three meal injections, and withheld cards where a meal dose or a carbohydrate ratio
 * came with a correction beside it ("+ correction…"), which is basal-bolus.
 */

const TSLIM = codeable(
  [coding('snomed', '69805005', 'Insulin pump, device (physical object)')],
  't:slim X2 insulin pump w/ Control-IQ',
);

export const PUMP_REVIEW_EIGHTEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-a1c-note-interference-hbs',
    title: 'HbA1c 8.7 % 20 days ago, the laboratory\'s note "Interference: HbS": the value is in doubt, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Dwayne'], family: 'Example-Variant', gender: 'male', age: 57, daysSinceBirthday: 40 },
        { hba1c: [hba1cResult(ctx, 'us', 'hba1c', { value: 8.7, daysAgo: 20, note: 'Interference: HbS' })] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-a1c-not-reportable-no-cause',
    title: 'HbA1c 9.2 % 12 days ago, noted "HbA1c not reportable on this specimen.": no value to decide on, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Lorraine'], family: 'Example-Unreportable', gender: 'female', age: 63, daysSinceBirthday: 75 },
        {
          hba1c: [
            hba1cResult(ctx, 'us', 'hba1c', {
              value: 9.2,
              daysAgo: 12,
              note: 'HbA1c not reportable on this specimen.',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-a1c-withdrawn-for-variant-older-9',
    title:
      'Newest HbA1c 10 days ago not performed ("Hb variant (HbS) detected. Recommend fructosamine."), an HbA1c of 9.0 % 90 days ago: the variant is lifelong, the older value in doubt too, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Marcus'], family: 'Example-Withdrawn', gender: 'male', age: 52, daysSinceBirthday: 200 },
        {
          hba1c: [
            {
              ...hba1cResult(ctx, 'us', 'hba1c-new', {
                daysAgo: 10,
                note: 'HbA1c not performed: Hb variant (HbS) detected. Recommend fructosamine.',
              }),
              dataAbsentReason: {
                coding: [
                  {
                    system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
                    code: 'not-performed',
                    display: 'Not Performed',
                  },
                ],
              },
            },
            hba1cResult(ctx, 'us', 'hba1c', { value: 9.0, daysAgo: 90 }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-a1c-footnote-variants-may-interfere',
    title:
      'Control: HbA1c 9.1 % 25 days ago with the footnote "Hemoglobin variants such as HbS and HbC may interfere with this method. No variant detected.": the card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Glenda'], family: 'Example-Footnote', gender: 'female', age: 61, daysSinceBirthday: 120 },
        {
          hba1c: [
            hba1cResult(ctx, 'us', 'hba1c', {
              value: 9.1,
              daysAgo: 25,
              note: 'Hemoglobin variants such as HbS and HbC may interfere with this method. No variant detected.',
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-a1c-footnote-variants-may-interfere', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-fr-deces-probleme-snomed',
    title:
      'Problème « Décédé le … » codé SNOMED 419099009 (Dead) il y a 16 jours, Patient.deceased non renseigné : le patient est peut-être décédé, pas de carte',
    rule: 'deceased or inactive patient',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Gérard'], family: 'Exemple-Deces', gender: 'male', age: 71, daysSinceBirthday: 30 },
        {
          extra: [
            dx(ctx, 'deces', {
              code: codeable([coding('snomed', '419099009', 'Dead')], `Décédé le ${day(ctx, 16)}`),
              onsetDaysAgo: 16,
              recordedDaysAgo: 15,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-t2d-note-patient-deceased',
    title:
      'The type 2 diabetes problem carries the note "Patient deceased on …, notified by family"; Patient.deceased not set: whether the patient lives cannot be told, no card',
    rule: 'deceased or inactive patient',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Harold'], family: 'Example-Deceased', gender: 'male', age: 68, daysSinceBirthday: 90 },
        {
          t2d: [
            {
              ...dx(ctx, 't2d', { code: US_DX.t2d, onsetDaysAgo: 4000, recordedDaysAgo: 3990 }),
              note: [{ text: `Patient deceased on ${day(ctx, 9)}, notified by family.` }],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-pere-decede-controle',
    title:
      'Témoin : antécédent familial « Père décédé d’un infarctus à 52 ans » au problème : la mort d’un parent, le patient vit, la carte',
    rule: 'deceased or inactive patient',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Alain'], family: 'Exemple-Famille', gender: 'male', age: 59, daysSinceBirthday: 12 },
        {
          extra: [
            dx(ctx, 'atcd-familial', {
              code: codeable(
                [coding('cim10Smt', 'Z82.4', 'Antécédents familiaux de cardiopathie ischémique')],
                'Père décédé d’un infarctus à 52 ans',
              ),
              onsetDaysAgo: 2000,
            }),
          ],
        },
      ),
    pump: pumpCard('rw-fr-pere-decede-controle', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-pump-device-inactive-cover-lapsed',
    title:
      'A t:slim X2 pump Device marked inactive ("Pump on hold - insurance lapsed, bridging with MDI"): a pump paused, not given up, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Curtis'], family: 'Example-Lapse', gender: 'male', age: 58, daysSinceBirthday: 50 },
        {
          extra: [
            {
              ...rwDevice(ctx, 'pump', { status: 'inactive', type: TSLIM, manufacturer: 'Tandem Diabetes Care' }),
              note: [{ text: 'Pump on hold - insurance lapsed, bridging with MDI until coverage restored' }],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-pump-use-stopped-12-days-ago',
    title:
      'Pump use statement stopped 12 days ago ("Pump cracked - warranty replacement pending"), the pump Device inactive: a pump given up this recently was evaluated already, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Renee'], family: 'Example-Cracked', gender: 'female', age: 54, daysSinceBirthday: 140 },
        {
          extra: [
            rwDevice(ctx, 'pump', { status: 'inactive', type: TSLIM }),
            {
              ...rwDeviceUse(ctx, 'pump-use', {
                status: 'stopped',
                device: { reference: `Device/${ctx.patientId}-pump`, display: 't:slim X2' },
                startDaysAgo: 900,
                endDaysAgo: 12,
              }),
              reasonCode: [codeable([], 'Pump cracked - warranty replacement pending')],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-omnipod-pods-completed-20-days-ago',
    title:
      'The reconciliation lists "Insulin Disposable Pump (OMNIPOD 5 G7 PODS) Misc", completed 20 days ago: pods used this recently, a pump may be in use, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Terrence'], family: 'Example-Pods', gender: 'male', age: 62, daysSinceBirthday: 210 },
        {
          extra: [
            statement(ctx, 'us', 'pods', {
              med: drug(codeable([], 'Insulin Disposable Pump (OMNIPOD 5 G7 PODS) Misc')),
              status: 'completed',
              startDaysAgo: 400,
              endDaysAgo: 20,
              dosage: [{ text: 'Change pod every 72 hours' }],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-pump-given-up-three-years-ago',
    title:
      'Control: a pump Device inactive, its use statement completed 1,100 days ago, back on MDI since: the pump was given up long ago, the card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Wanda'], family: 'Example-GivenUp', gender: 'female', age: 66, daysSinceBirthday: 33 },
        {
          extra: [
            rwDevice(ctx, 'pump', { status: 'inactive', type: TSLIM }),
            rwDeviceUse(ctx, 'pump-use', {
              status: 'completed',
              device: { reference: `Device/${ctx.patientId}-pump`, display: 't:slim X2' },
              startDaysAgo: 2000,
              endDaysAgo: 1100,
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-pump-given-up-three-years-ago', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-humalog-ratio-over-150-before-meals',
    title:
      'Humalog "Inject 1 unit per 50 mg/dL over 150 before meals" at breakfast, lunch and dinner: a correction with no fixed dose, not MDI, no card',
    rule: 'sliding scale without the flag',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Dale'], family: 'Example-Ratio', gender: 'male', age: 60, daysSinceBirthday: 15 },
        {
          rapid: humalogAtMeals(ctx, 1, 'Inject 1 unit per 50 mg/dL over 150 before meals'),
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-ratio-glucidique-plus-correction',
    title:
      'NovoRapid « 1 UI pour 10 g de glucides avant chaque repas + correction 1 UI par tranche de 0,50 g/L au-dessus de 1,50 g/L » (ACM, ACD, ACV) : insulinothérapie fonctionnelle, 3 injections, la carte',
    rule: 'sliding scale without the flag',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Sylvie'], family: 'Exemple-Glucides', gender: 'female', age: 62, daysSinceBirthday: 80 },
        {
          rapid: [
            order(ctx, 'fr', 'rapid', {
              med: drug(FR_RX.novorapid),
              authoredDaysAgo: 500,
              dosage: [
                frDose.at(
                  6,
                  ['ACM', 'ACD', 'ACV'],
                  '1 UI pour 10 g de glucides avant chaque repas + correction 1 UI par tranche de 0,50 g/L au-dessus de 1,50 g/L',
                ),
              ],
            }),
          ],
        },
      ),
    pump: pumpCard('rw-fr-ratio-glucidique-plus-correction', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-8-units-with-meals-add-correction',
    title:
      'Humalog "Inject 8 units with meals, add correction 1 unit per 50 mg/dL over 150" before each meal: a fixed meal dose with a correction beside it, 3 injections, the card',
    rule: 'sliding scale without the flag',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Bonnie'], family: 'Example-Addition', gender: 'female', age: 57, daysSinceBirthday: 160 },
        {
          rapid: humalogAtMeals(ctx, 8, 'Inject 8 units with meals, add correction 1 unit per 50 mg/dL over 150'),
        },
      ),
    pump: pumpCard('rw-us-8-units-with-meals-add-correction', 9.1, STANDARD_EVIDENCE),
  }),
];
