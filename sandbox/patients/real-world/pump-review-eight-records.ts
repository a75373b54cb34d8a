import type { MedicationRequest, Observation } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
  labReport,
  labResult,
  order,
  pumpCard,
  record,
  rwProcedure,
  STANDARD_EVIDENCE,
  statement,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records an eighth review (2026-12-05, night) found misread, kept as patients: an
 * insulin a reconciled statement says is not taken, stops and switches in the words of a note, a
 * correction scale "according to BS", an inpatient order under the category "IP", HbA1c results
 * the laboratory doubts or reports on another scale or only in a report's text, and a type 2 code
 * whose words or antibodies say otherwise. Each sits on one side of a rule that already had
 * patients on the others.
 */

type Ctx = Parameters<typeof usRecord>[0];

/** The default US Humalog order, three meals, with a note. */
function humalogWithNote(
  ctx: Ctx,
  note: string,
  dosageText = 'Inject 12 units under the skin 3 times daily before meals',
) {
  return order(ctx, 'us', 'rapid', {
    med: drug(US_RX.humalogKwikPen),
    authoredDaysAgo: 450,
    dosage: [usDose.daily(12, 3, dosageText)],
    note,
  });
}

const reconciledNotTaking = record({
  id: 'rw-us-humalog-reconciled-not-taking',
  title:
    'Humalog TID still ordered, and a reconciliation statement of Humalog 2 days ago "Patient not taking": the drug itself is in doubt, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Curtis'], family: 'Example-Reconciled', gender: 'male', age: 58, daysSinceBirthday: 90 },
      {
        extra: [
          statement(ctx, 'us', 'humalog-home', {
            med: drug(US_RX.humalogKwikPen),
            dosage: [usDose.daily(12, 3, 'Inject 12 units 3 times daily before meals')],
            assertedDaysAgo: 2,
            note: 'Patient not taking: Reported on reconciliation',
          }),
        ],
      },
    ),
  pump: null,
});

const relaisPompe = record({
  id: 'rw-fr-novorapid-relais-pompe',
  title: 'NovoRapid aux trois repas, note « Relais par pompe le 12/10 » : l’ordonnance est remplacée, pas de carte',
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gilles'], family: 'Relais-Exemple', gender: 'male', age: 60, daysSinceBirthday: 45 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose.meals(8, 10, 8),
            note: 'Relais par pompe le 12/10',
          }),
        ],
      },
    ),
  pump: null,
});

const doseChanged = record({
  id: 'rw-us-humalog-changed-to-8-units',
  title:
    'Humalog TID whose note reads "Changed to 8 units with meals": a dose change on the same order, the card fires',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dale'], family: 'Example-DoseChange', gender: 'male', age: 55, daysSinceBirthday: 15 },
      { rapid: [humalogWithNote(ctx, 'Changed to 8 units with meals 10/2026')] },
    ),
  pump: pumpCard('rw-us-humalog-changed-to-8-units', 9.1, STANDARD_EVIDENCE),
});

const accordingToBs = record({
  id: 'rw-us-humalog-according-to-bs',
  title: 'Humalog "2-10 units TID before meals according to BS": a correction scale, no card',
  rule: 'sliding scale without the flag',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Norman'], family: 'Example-PerBs', gender: 'male', age: 63, daysSinceBirthday: 200 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.daily(2, 3, '2-10 units TID before meals according to BS')],
          }),
        ],
      },
    ),
  pump: null,
});

/** An order placed during a stay two months ago, under the category "IP", still marked active. */
function inpatientAbbreviated(ctx: Ctx): MedicationRequest {
  return {
    ...order(ctx, 'us', 'rapid', {
      med: drug(US_RX.humalogKwikPen),
      authoredDaysAgo: 80,
      dosage: [usDose.daily(6, 3, 'Inject 6 units under the skin 3 times daily with meals')],
    }),
    category: [{ text: 'IP' }],
  };
}

const categoryIp = record({
  id: 'rw-us-humalog-category-ip',
  title:
    'Humalog TID ordered during a stay 80 days ago under the category "IP", still active: the stay’s order, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Vernon'], family: 'Example-Ip', gender: 'male', age: 66, daysSinceBirthday: 300 },
      { rapid: [inpatientAbbreviated(ctx)] },
    ),
  pump: null,
});

const bilanTexte = record({
  id: 'rw-fr-bilan-hba1c-en-texte',
  title:
    '« Bilan diabète » (code local) il y a 4 jours, résultat seulement dans la conclusion « HbA1c : 6,9 % » : la dernière HbA1c est inconnue, pas de carte',
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Josiane'], family: 'Bilan-Exemple', gender: 'female', age: 64, daysSinceBirthday: 20 },
      {
        extra: [
          {
            ...labReport(ctx, 'fr', 'bilan', {
              daysAgo: 4,
              code: codeable([coding('local', 'BIL-DIAB', 'Bilan diabète')], 'Bilan diabète'),
              contained: [],
              conclusion: 'HbA1c : 6,9 % (52 mmol/mol). Glycémie à jeun 1,21 g/L.',
            }),
          },
        ],
      },
    ),
  pump: null,
});

/** A newer HbA1c reported by a JDS/JSCC-calibrated method (a Japanese laboratory's report). */
function jdsResult(ctx: Ctx): Observation {
  return labResult(ctx, 'us', 'hba1c-jds', {
    loinc: '62388-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood by JDS/JSCC protocol',
    text: 'HbA1c (JDS)',
    value: 6.6,
    unit: '%',
    ucum: '%',
    daysAgo: 6,
  });
}

const jdsNewer = record({
  id: 'rw-us-a1c-jds-newer',
  title:
    'A newer HbA1c 6.6 % by the JDS/JSCC protocol (62388-4) after the 9.1 %: another scale, the latest is unknown, no card',
  rule: 'HbA1c named by its code, not its words',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Kenji'], family: 'Example-Jds', gender: 'male', age: 52, daysSinceBirthday: 5 },
      {
        extra: [jdsResult(ctx)],
      },
    ),
  pump: null,
});

const transfusionNote = record({
  id: 'rw-us-a1c-falsely-low-transfusion',
  title:
    'The latest HbA1c 9.1 % noted "Result may be falsely low due to red cell transfusion on 10/12": the laboratory doubts it, no card',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Lloyd'], family: 'Example-Transfused', gender: 'male', age: 61, daysSinceBirthday: 100 },
      {
        hba1c: [
          hba1cResult(ctx, 'us', 'hba1c', {
            value: 9.1,
            daysAgo: 33,
            note: 'Result may be falsely low due to red cell transfusion on 10/12',
          }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.6, daysAgo: 190 }),
        ],
      },
    ),
  pump: null,
});

/** A local GADA result as a US reference laboratory names it. */
function gada(ctx: Ctx): Observation {
  const obs = labResult(ctx, 'us', 'gada', {
    loinc: '13926-1',
    display: 'GADA',
    text: 'GADA',
    value: 0,
    unit: '1',
    daysAgo: 40,
  });
  const local: Observation = {
    ...obs,
    code: codeable([coding('local', 'LAB-GADA', 'GADA')], 'GADA'),
    valueString: 'POSITIVE',
  };
  delete local.valueQuantity;
  return local;
}

const gadaPositive = record({
  id: 'rw-us-gada-positive-local',
  title: 'E11.65, a local "GADA" result "POSITIVE" 40 days ago: autoimmune diabetes, no card',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Harold'], family: 'Example-Gada', gender: 'male', age: 47, daysSinceBirthday: 250 },
      {
        // The result inside its report, as the reference laboratory sends it.
        extra: [
          labReport(ctx, 'us', 'gada-report', {
            daysAgo: 40,
            code: codeable([coding('local', 'LAB-AUTOAB', 'Diabetes autoantibodies')], 'Diabetes autoantibodies'),
            contained: [gada(ctx)],
          }),
        ],
      },
    ),
  pump: null,
});

const steroidInduced = record({
  id: 'rw-us-e11-steroid-induced',
  title: 'E11.65 whose text reads "Steroid-induced hyperglycemia/diabetes": the type is in doubt, no card',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Edwin'], family: 'Example-Steroid', gender: 'male', age: 59, daysSinceBirthday: 33 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable(
              [coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia')],
              'Steroid-induced hyperglycemia/diabetes',
            ),
            onsetDaysAgo: 700,
            recordedDaysAgo: 700,
          }),
        ],
      },
    ),
  pump: null,
});

const CPT = 'http://www.ama-assn.org/go/cpt';
const CCAM = 'https://smt.esante.gouv.fr/terminologie-ccam';

const ccamColoscopie = record({
  id: 'rw-fr-coloscopie-ccam',
  title:
    'Une coloscopie codée en CCAM (HHQE005, « Coloscopie totale ») il y a 2 ans : un autre acte, la carte s’affiche',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Alain'], family: 'Coloscopie-Exemple', gender: 'male', age: 62, daysSinceBirthday: 70 },
      {
        extra: [
          rwProcedure(ctx, 'coloscopie', {
            code: codeable(
              [
                {
                  system: CCAM,
                  code: 'HHQE005',
                  display: "Coloscopie totale avec franchissement de l'orifice iléocolique",
                },
              ],
              'Coloscopie totale',
            ),
            status: 'completed',
            performedDaysAgo: 700,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-coloscopie-ccam', 8.7, STANDARD_EVIDENCE),
});

const bareCpt = record({
  id: 'rw-us-procedure-bare-cpt',
  title:
    'A procedure coded only CPT 99213, with no display or text: it could be anything, a pump start included; unknown, no card',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Milton'], family: 'Example-BareCpt', gender: 'male', age: 57, daysSinceBirthday: 110 },
      {
        extra: [
          rwProcedure(ctx, 'visit', {
            code: { coding: [{ system: CPT, code: '99213' }] },
            status: 'completed',
            performedDaysAgo: 40,
          }),
        ],
      },
    ),
  pump: null,
});

const totalPancreatectomy = record({
  id: 'rw-us-total-pancreatectomy-cpt',
  title:
    'E11.65 and a 2019 CPT 48160 "Pancreatectomy, total or subtotal, with autologous transplantation of pancreas or pancreatic islet cells": a pancreatogenic diabetes, no card',
  rule: 'diabetes of another type',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Howard'], family: 'Example-Tpiat', gender: 'male', age: 44, daysSinceBirthday: 160 },
      {
        extra: [
          rwProcedure(ctx, 'tpiat', {
            code: codeable(
              [
                {
                  system: CPT,
                  code: '48160',
                  display:
                    'Pancreatectomy, total or subtotal, with autologous transplantation of pancreas or pancreatic islet cells',
                },
              ],
              'Total pancreatectomy with islet autotransplantation',
            ),
            status: 'completed',
            performedDaysAgo: 2200,
          }),
        ],
      },
    ),
  pump: null,
});

const whipple = record({
  id: 'rw-fr-duodenopancreatectomie-cephalique',
  title:
    'Une duodénopancréatectomie céphalique (CCAM, 2018) : une partie du pancréas reste, le diabète de type 2 demeure, la carte s’affiche',
  rule: 'diabetes of another type',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Yves'], family: 'Whipple-Exemple', gender: 'male', age: 66, daysSinceBirthday: 12 },
      {
        extra: [
          rwProcedure(ctx, 'dpc', {
            code: codeable(
              [{ system: CCAM, code: 'HNFA007', display: 'Duodénopancréatectomie céphalique' }],
              'Duodénopancréatectomie céphalique',
            ),
            status: 'completed',
            performedDaysAgo: 3000,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-duodenopancreatectomie-cephalique', 8.7, STANDARD_EVIDENCE),
});

export const PUMP_REVIEW_EIGHT_RECORDS: readonly FixturePatient[] = [
  ccamColoscopie,
  bareCpt,
  totalPancreatectomy,
  whipple,
  reconciledNotTaking,
  relaisPompe,
  doseChanged,
  accordingToBs,
  categoryIp,
  bilanTexte,
  jdsNewer,
  transfusionNote,
  gadaPositive,
  steroidInduced,
];
