import type { FixturePatient } from '../fixture.js';
import { dayBefore } from '../builders.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  frDose,
  frRecord,
  humalogSaying,
  novorapidSaying,
  order,
  pumpCard,
  record,
  statement,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
  rwDevice,
} from './pump-builders.js';

/*
 * Pump-card records a fifteenth review (2026-12-07, how medications are written, and dates) found
 * firing where they must not, kept as patients:
 * - a rapid insulin dosed at one meal whose free text goes on to name other moments for something
 *   else ("Check blood sugar before breakfast, lunch and supper", "Surveillance glycémique matin,
 *   midi et soir"), read as three injections;
 * - a course written in the dosing words ("pendant 10 jours (cure de corticoïdes)", "for 7 days
 *   while on prednisone") on an order left open for a year and a half, read as a standing regimen;
 * - a statement of lispro "with meals" dated only by the day it was asserted, nearly three years
 *   ago, read as current.
 * - pump supplies and orders under their pharmacy, billing and French names ("Insulin Disposable
 *   Pump Misc", HCPCS A9274 "External ambulatory insulin delivery system", "Forfait PSCI"), read
 *   as no pump;
 * - a pump named on the problem list by its maker or model ("on Tandem Mobi with Control-IQ",
 *   "traité par MiniMed 640G"), and a pump fitting coded Z46.81 as an encounter diagnosis closed
 *   after the visit, read as no pump.
 * Then two withheld where the card should fire: Humalog cartridges named with the reusable pen
 * they go into, "(HumaPen Savvio)", read as a pen rather than an insulin; and a "MiniMed InPen smart
 * insulin pen", Medtronic's pen for injections, read as a pump by its maker's name.
 */

export const PUMP_REVIEW_FIFTEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-humalog-supper-check-bg-before-meals',
    title:
      'Humalog sig "Inject 8 units with supper. Check blood sugar before breakfast, lunch and supper." (no timing): one injection, no card',
    rule: 'free-text dosing',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Dolores'], family: 'Example-Supper', gender: 'female', age: 64, daysSinceBirthday: 75 },
        {
          rapid: humalogSaying(
            ctx,
            'Inject 8 units under the skin with supper. Check blood sugar before breakfast, lunch and supper.',
          ),
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-soir-surveillance-matin-midi-soir',
    title:
      'NovoRapid « 8 UI au repas du soir. Surveillance glycémique matin, midi et soir. » : une injection rapide, pas de carte',
    rule: 'free-text dosing',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Armelle'], family: 'Surveillance-Soir', gender: 'female', age: 62, daysSinceBirthday: 200 },
        { rapid: novorapidSaying(ctx, '8 UI au repas du soir. Surveillance glycémique matin, midi et soir.') },
      ),
    pump: null,
  }),
  // A control: the dose's own sentence names the three meals; the check's sentence adds nothing.
  record({
    id: 'rw-us-humalog-three-meals-check-bg-at-bedtime',
    title:
      'Humalog sig "Inject 10 units before breakfast, lunch and dinner. Check blood sugar before meals and at bedtime." (no timing): three injections, the card fires',
    rule: 'free-text dosing',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Harold'], family: 'Example-Checks', gender: 'male', age: 58, daysSinceBirthday: 130 },
        {
          rapid: humalogSaying(
            ctx,
            'Inject 10 units under the skin before breakfast, lunch and dinner. Check blood sugar before meals and at bedtime.',
          ),
        },
      ),
    pump: pumpCard('rw-us-humalog-three-meals-check-bg-at-bedtime', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-fr-novorapid-pendant-10-jours-cure-corticoides',
    title:
      'NovoRapid « 6 UI matin, midi et soir pendant 10 jours (cure de corticoïdes) », prescrite il y a 530 jours et restée active : la cure est finie, pas de carte',
    rule: 'ended statements and orders',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Hervé'], family: 'Cure-Finie', gender: 'male', age: 66, daysSinceBirthday: 90 },
        { rapid: novorapidSaying(ctx, '6 UI matin, midi et soir pendant 10 jours (cure de corticoïdes)', 530) },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-tid-for-7-days-on-prednisone',
    title:
      'Humalog sig "Inject 6 units before meals three times daily for 7 days while on prednisone", ordered 530 days ago and still active: the course is over, no card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Leonard'], family: 'Example-Course', gender: 'male', age: 61, daysSinceBirthday: 300 },
        {
          rapid: [
            order(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              authoredDaysAgo: 530,
              dosage: [
                usDose.sig(
                  'Inject 6 units under the skin before meals three times daily for 7 days while on prednisone',
                ),
              ],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-lispro-statement-asserted-2024-only',
    title:
      'Humalog known only from a statement "with meals, 3 times a day" with no effective date, asserted 1,050 days ago: not shown to be current, no card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Gloria'], family: 'Example-Asserted', gender: 'female', age: 67, daysSinceBirthday: 20 },
        {
          rapid: [
            statement(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              assertedDaysAgo: 1050,
              dosage: [usDose.daily(10, 3, 'Inject 10 units under the skin 3 times daily with meals')],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-problem-t2dm-on-tandem-mobi',
    title:
      'Problem "Type 2 diabetes mellitus on Tandem Mobi with Control-IQ" beside open Lantus and Humalog orders: on a pump, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Trevor'], family: 'Example-Mobi', gender: 'male', age: 55, daysSinceBirthday: 60 },
        {
          extra: [
            dx(ctx, 'pump-problem', {
              code: codeable(
                [coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia')],
                'Type 2 diabetes mellitus on Tandem Mobi with Control-IQ',
              ),
              onsetDaysAgo: 150,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-dt2-traite-par-minimed-640g',
    title: 'Problème « Diabète de type 2 traité par MiniMed 640G » à côté des stylos : sous pompe, pas de carte',
    rule: 'pump recorded elsewhere',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Lucien'], family: 'Pompe-640G', gender: 'male', age: 60, daysSinceBirthday: 222 },
        {
          extra: [
            dx(ctx, 'pompe', {
              code: codeable(
                [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
                'Diabète de type 2 traité par MiniMed 640G',
              ),
              onsetDaysAgo: 400,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-z46-81-encounter-diagnosis-resolved',
    title:
      'Encounter diagnosis Z46.81 "Encounter for fitting and adjustment of insulin pump", closed (resolved) after the visit 60 days ago: a pump fitted, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Sheila'], family: 'Example-Fitting', gender: 'female', age: 59, daysSinceBirthday: 5 },
        {
          extra: [
            dx(ctx, 'pump-fitting', {
              code: codeable(
                [coding('icd10cm', 'Z46.81', 'Encounter for fitting and adjustment of insulin pump')],
                'Encounter for fitting and adjustment of insulin pump',
              ),
              category: 'encounter-diagnosis',
              clinicalStatus: 'resolved',
              onsetDaysAgo: 60,
              recordedDaysAgo: 60,
              abatementDaysAgo: 60,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-minimed-inpen-smart-pen',
    title:
      'Device "MiniMed InPen smart insulin pen" (Medtronic) beside Lantus and Humalog: a connected pen for injections, not a pump, the card fires',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Gordon'], family: 'Example-Inpen', gender: 'male', age: 63, daysSinceBirthday: 44 },
        {
          extra: [
            rwDevice(ctx, 'inpen', {
              status: 'active',
              type: codeable([], 'MiniMed InPen smart insulin pen'),
              manufacturer: 'Medtronic',
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-minimed-inpen-smart-pen', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-insulin-disposable-pump-misc-pods',
    title:
      'Open Lantus and Humalog orders beside a current "Insulin Disposable Pump Misc" (the pharmacy name of Omnipod pods), "Change pod every 72 hours": on a pump or starting one, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Wendell'], family: 'Example-Pods', gender: 'male', age: 57, daysSinceBirthday: 180 },
        {
          extra: [
            order(ctx, 'us', 'pods', {
              med: drug(codeable([], 'Insulin Disposable Pump Misc')),
              authoredDaysAgo: 45,
              dosage: [usDose.sig('Change pod every 72 hours')],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-forfait-psci-consommables',
    title:
      'Stylos Lantus et NovoRapid encore prescrits, à côté d’une prescription « Forfait PSCI (consommables) » : sous pompe ou sur le point de l’être, pas de carte',
    rule: 'pump recorded elsewhere',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Josiane'], family: 'Forfait-Pompe', gender: 'female', age: 64, daysSinceBirthday: 95 },
        {
          extra: [
            order(ctx, 'fr', 'forfait', {
              med: drug(codeable([], 'Forfait PSCI (consommables)')),
              authoredDaysAgo: 30,
              dosage: [frDose.text('1 forfait par mois')],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-device-request-hcpcs-a9274',
    title:
      'A completed DeviceRequest coded HCPCS A9274 "External ambulatory insulin delivery system, disposable" (Omnipod, V-Go) beside open MDI orders: a pump ordered, no card',
    rule: 'pump ordered',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Loretta'], family: 'Example-Hcpcs', gender: 'female', age: 62, daysSinceBirthday: 310 },
        {
          extra: [
            {
              resourceType: 'DeviceRequest',
              id: `${ctx.patientId}-a9274`,
              status: 'completed',
              intent: 'order',
              codeCodeableConcept: codeable([
                {
                  system: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
                  code: 'A9274',
                  display:
                    'External ambulatory insulin delivery system, disposable, each, includes all supplies and accessories',
                },
              ]),
              subject: { reference: `Patient/${ctx.patientId}` },
              authoredOn: dayBefore(ctx, 40),
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-humalog-cartouche-humapen-savvio',
    title:
      'Humalog nommé « HUMALOG 100 U/ml sol inj en cartouche (HumaPen Savvio) », 6-10-8 UI aux repas : une insuline, non un stylo, la carte s’affiche',
    rule: 'French names and accents',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Maryse'], family: 'Cartouche-Stylo', gender: 'female', age: 60, daysSinceBirthday: 250 },
        {
          rapid: [
            order(ctx, 'fr', 'rapid', {
              med: drug(codeable([], 'HUMALOG 100 U/ml sol inj en cartouche (HumaPen Savvio)')),
              authoredDaysAgo: 500,
              dosage: frDose.meals(6, 10, 8),
            }),
          ],
        },
      ),
    pump: pumpCard('rw-fr-humalog-cartouche-humapen-savvio', 8.7, STANDARD_EVIDENCE),
  }),
];
