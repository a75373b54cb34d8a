import type { FhirResource, Observation } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
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
  type Style,
} from './pump-builders.js';

/*
 * Pump-card records a thirteenth review (2026-12-07) found firing where they must not, kept as
 * patients: an islet autoantibody under a LOINC code the value set did not list (GAD65 56540-8,
 * ZnT8 76651-9, IA-2 56718-0), a laboratory note that an HbA1c cannot be trusted in words the
 * service did not read (an abnormal hemoglobin peak, HbC, a raised HbF, a result "rendu sous
 * réserve"), a note that the patient gives one mealtime dose of three or uses it now and then, and
 * a delivery recorded by its outcome (Z37) or by postpartum care (Z39) rather than an O code.
 */

type Ctx = Parameters<typeof usRecord>[0];
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** An islet autoantibody result under its LOINC code, with the laboratory's upper limit and flag. */
function antibody(
  ctx: Ctx,
  style: Style,
  o: { loinc: string; display: string; text: string; value: number; unit: string; high?: number; flag?: 'H' | 'N' },
): Observation {
  const obs = labResult(ctx, style, 'antibody', {
    loinc: o.loinc,
    display: o.display,
    text: o.text,
    value: o.value,
    unit: o.unit,
    ucum: o.unit === 'U/mL' ? '[U]/mL' : o.unit,
    daysAgo: 640,
  });
  return {
    ...obs,
    ...(o.high !== undefined ? { referenceRange: [{ high: { value: o.high, unit: o.unit } }] } : {}),
    ...(o.flag
      ? {
          interpretation: [
            codeable([{ system: INTERPRETATION, code: o.flag, display: o.flag === 'H' ? 'High' : 'Normal' }]),
          ],
        }
      : {}),
  };
}

const GAD_NMOL = {
  loinc: '56540-8',
  display: 'Glutamate decarboxylase 65 Ab [Moles/volume] in Serum',
  text: 'GAD-65 Antibody',
};
const ZNT8 = {
  loinc: '76651-9',
  display: 'Zinc transporter 8 Ab [Units/volume] in Serum by Immunoassay',
  text: 'Zinc Transporter 8 (ZnT8) Antibody',
};

const gadNmol = record({
  id: 'rw-us-gad65-56540-8-nmol-positive',
  title:
    'E11.65 and a GAD-65 antibody of 0.48 nmol/L (limit 0.02, flagged H) under LOINC 56540-8: autoimmune diabetes, no card',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Curtis'], family: 'Example-Nmol', gender: 'male', age: 47, daysSinceBirthday: 35 },
      { extra: [antibody(ctx, 'us', { ...GAD_NMOL, value: 0.48, unit: 'nmol/L', high: 0.02, flag: 'H' })] },
    ),
  pump: null,
});

const gadNmolNoLimit = record({
  id: 'rw-us-gad65-56540-8-no-limit',
  title:
    "E11.65 and a GAD-65 antibody of 0.48 nmol/L under 56540-8 with neither limit nor flag: the cut-off is the assay's, unknown, no card",
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Lonnie'], family: 'Example-Nolimit', gender: 'male', age: 55, daysSinceBirthday: 150 },
      { extra: [antibody(ctx, 'us', { ...GAD_NMOL, value: 0.48, unit: 'nmol/L' })] },
    ),
  pump: null,
});

const znt8Positive = record({
  id: 'rw-us-znt8-76651-9-positive',
  title:
    'E11.65 and a ZnT8 antibody of 212 U/mL (limit 15, flagged H) under LOINC 76651-9: autoimmune diabetes, no card',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Harold'], family: 'Example-Znt', gender: 'male', age: 51, daysSinceBirthday: 220 },
      { extra: [antibody(ctx, 'us', { ...ZNT8, value: 212, unit: 'U/mL', high: 15, flag: 'H' })] },
    ),
  pump: null,
});

// A control: a negative ZnT8 antibody under its code leaves the type 2 diabetes standing.
const znt8Negative = record({
  id: 'rw-us-znt8-76651-9-negative',
  title: 'E11.65 and a ZnT8 antibody of 4 U/mL (limit 15) under 76651-9: type 2 stands, the card fires',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dale'], family: 'Example-Zntneg', gender: 'male', age: 58, daysSinceBirthday: 300 },
      { extra: [antibody(ctx, 'us', { ...ZNT8, value: 4, unit: 'U/mL', high: 15, flag: 'N' })] },
    ),
  pump: pumpCard('rw-us-znt8-76651-9-negative', 9.1, STANDARD_EVIDENCE),
});

const ia2Positive = record({
  id: 'rw-fr-ac-anti-ia2-56718-0-positif',
  title:
    'DT2 (E11.9) et des anticorps anti-IA2 à 38 U/mL (N < 7,5) sous le LOINC 56718-0 : diabète auto-immun, pas de carte',
  rule: 'LADA counts as type 1',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Yannick'], family: 'Ia-Deux-Exemple', gender: 'male', age: 44, daysSinceBirthday: 75 },
      {
        extra: [
          antibody(ctx, 'fr', {
            loinc: '56718-0',
            display: 'Anticorps anti-IA2 [Unités/Volume] Sérum ; Numérique',
            text: 'Ac anti-IA2',
            value: 38,
            unit: 'U/mL',
            high: 7.5,
          }),
        ],
      },
    ),
  pump: null,
});

/** The default HbA1c with a laboratory's note (and the older result kept beside it). */
function notedHba1c(ctx: Ctx, style: Style, note: string, loinc?: '17856-6'): FhirResource[] {
  const fr = style === 'fr';
  return [
    hba1cResult(ctx, style, 'hba1c', {
      value: fr ? 8.7 : 9.1,
      daysAgo: fr ? 25 : 33,
      note,
      ...(loinc ? { loinc } : {}),
    }),
    hba1cResult(ctx, style, fr ? 'hba1c-prec' : 'hba1c-prior', { value: fr ? 9.2 : 9.6, daysAgo: fr ? 140 : 190 }),
  ];
}

const abnormalPeak = record({
  id: 'rw-us-hba1c-abnormal-peak-possible-hbe',
  title:
    'Latest HbA1c 9.1 % noted "Abnormal hemoglobin peak detected (possible Hb E). A1c result may be inaccurate": HbA1c unknown, no card',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Sokha'], family: 'Example-Peak', gender: 'female', age: 53, daysSinceBirthday: 40 },
      {
        hba1c: notedHba1c(
          ctx,
          'us',
          'Abnormal hemoglobin peak detected (possible Hb E). A1c result may be inaccurate; recommend fructosamine.',
        ),
      },
    ),
  pump: null,
});

const hemoglobineAnormale = record({
  id: 'rw-fr-hba1c-hemoglobine-anormale-hbc',
  title:
    'HbA1c 8,7 % notée « Présence d’une hémoglobine anormale (type HbC) : le résultat d’HbA1c est sous-estimé ou surestimé » : HbA1c inconnue, pas de carte',
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Awa'], family: 'Anormale-Exemple', gender: 'female', age: 57, daysSinceBirthday: 190 },
      {
        hba1c: notedHba1c(
          ctx,
          'fr',
          "Présence d'une hémoglobine anormale (type HbC) : le résultat d'HbA1c est sous-estimé ou surestimé ; préférer le dosage des fructosamines.",
        ),
      },
    ),
  pump: null,
});

const raisedHbf = record({
  id: 'rw-us-hba1c-hplc-elevated-hbf',
  title:
    'Latest HbA1c 9.1 % by HPLC noted "Elevated Hb F (11.8 %) detected. HbA1c by this method is not valid...": HbA1c unknown, no card',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Tamika'], family: 'Example-Fetal', gender: 'female', age: 45, daysSinceBirthday: 260 },
      {
        hba1c: notedHba1c(
          ctx,
          'us',
          'Elevated Hb F (11.8 %) detected. HbA1c by this method is not valid in the presence of elevated HbF; suggest alternate testing.',
          '17856-6',
        ),
      },
    ),
  pump: null,
});

const sousReserve = record({
  id: 'rw-fr-hba1c-rendue-sous-reserve-coagule',
  title:
    'HbA1c 8,7 % notée « Résultat rendu sous réserve : échantillon partiellement coagulé. À contrôler » : HbA1c inconnue, pas de carte',
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Josiane'], family: 'Reserve-Exemple', gender: 'female', age: 66, daysSinceBirthday: 5 },
      {
        hba1c: notedHba1c(
          ctx,
          'fr',
          'Résultat rendu sous réserve : échantillon partiellement coagulé. À contrôler sur nouveau prélèvement.',
        ),
      },
    ),
  pump: null,
});

// A control: a reassurance and the footnote every result carries are no doubt.
const footnoteOnly = record({
  id: 'rw-us-hba1c-no-abnormal-peak-footnote',
  title:
    'Latest HbA1c 9.1 % noted "No abnormal hemoglobin peak detected. Results may be inaccurate in patients with hemoglobin variants": no doubt, the card fires',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Glenn'], family: 'Example-Footnote', gender: 'male', age: 61, daysSinceBirthday: 18 },
      {
        hba1c: notedHba1c(
          ctx,
          'us',
          'No abnormal hemoglobin peak detected. Results may be inaccurate in patients with hemoglobin variants or a recent transfusion.',
        ),
      },
    ),
  pump: pumpCard('rw-us-hba1c-no-abnormal-peak-footnote', 9.1, STANDARD_EVIDENCE),
});

const onlyAtSupper = record({
  id: 'rw-us-humalog-statement-only-at-supper',
  title:
    'Humalog ordered 3 times daily; the reconciled statement notes "Pt states she only uses her Humalog at supper": injections unknown, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Rhonda'], family: 'Example-Supper', gender: 'female', age: 59, daysSinceBirthday: 95 },
      {
        extra: [
          statement(ctx, 'us', 'rapid-statement', {
            med: drug(US_RX.humalogKwikPen),
            dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
            assertedDaysAgo: 12,
            note: 'Pt states she only uses her Humalog at supper - does not eat breakfast, lunch at work.',
          }),
        ],
      },
    ),
  pump: null,
});

const quAuDiner = record({
  id: 'rw-fr-novorapid-qu-au-diner',
  title:
    'NovoRapid aux trois repas, note « Ne fait sa NovoRapid qu’au dîner depuis l’été » : nombre d’injections inconnu, pas de carte',
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Thierry'], family: 'Diner-Exemple', gender: 'male', age: 54, daysSinceBirthday: 170 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose.meals(8, 10, 8),
            note: "Ne fait sa NovoRapid qu'au dîner depuis l'été (travaille en horaires décalés).",
          }),
        ],
      },
    ),
  pump: null,
});

const occasionally = record({
  id: 'rw-us-humalog-used-occasionally-large-meals',
  title:
    'Humalog "3 times daily with meals. Pt reports using it only occasionally with large meals.": not scheduled, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Earl'], family: 'Example-Occasional', gender: 'male', age: 63, daysSinceBirthday: 45 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [
              usDose.daily(
                12,
                3,
                'Inject 12 units under the skin 3 times daily with meals. Pt reports using it only occasionally with large meals.',
              ),
            ],
          }),
        ],
      },
    ),
  pump: null,
});

// A control: a lapse now and then is adherence, not the regimen.
const oubliParfois = record({
  id: 'rw-fr-novorapid-trois-injections-oubli-parfois',
  title:
    'NovoRapid aux trois repas, note « Fait bien ses trois injections, oublie parfois celle du midi » : le schéma tient, la carte s’affiche',
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Odile'], family: 'Oubli-Exemple', gender: 'female', age: 68, daysSinceBirthday: 210 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose.meals(8, 10, 8),
            note: 'Fait bien ses trois injections, oublie parfois celle du midi.',
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-novorapid-trois-injections-oubli-parfois', 8.7, STANDARD_EVIDENCE),
});

const Z37_FR = codeable(
  [coding('cim10Smt', 'Z37.0', 'Naissance unique, enfant vivant')],
  'Accouchement par césarienne à 37 SA, enfant vivant',
);
const Z37_US = codeable([coding('icd10cm', 'Z37.0', 'Single live birth')], 'Single live birth');

const postPartumJ17 = record({
  id: 'rw-fr-post-partum-z37-cesarienne-j17',
  title:
    'DT2 sous basal-bolus, accouchement par césarienne il y a 17 jours (Z37.0 et l’acte CCAM) : issue récente d’une grossesse, pas de carte',
  rule: 'pregnancy on file',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Samia'], family: 'Cesarienne-Exemple', gender: 'female', age: 34, daysSinceBirthday: 60 },
      {
        extra: [
          dx(ctx, 'z37', { code: Z37_FR, onsetDaysAgo: 17, recordedDaysAgo: 17, category: 'encounter-diagnosis' }),
          rwProcedure(ctx, 'cesarienne', {
            code: codeable(
              [
                {
                  system: 'https://smt.esante.gouv.fr/terminologie-ccam',
                  code: 'JQGA003',
                  display: 'Accouchement par césarienne programmée, par laparotomie',
                },
              ],
              'Césarienne programmée',
            ),
            status: 'completed',
            performedDaysAgo: 17,
          }),
        ],
      },
    ),
  pump: null,
});

const postpartumVisit = record({
  id: 'rw-us-postpartum-visit-z39-2',
  title: 'Routine postpartum follow-up (Z39.2) 30 days ago: a pregnancy just ended, no card',
  rule: 'pregnancy on file',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Jasmine'], family: 'Example-Postnatal', gender: 'female', age: 31, daysSinceBirthday: 140 },
      {
        extra: [
          dx(ctx, 'z39', {
            code: codeable(
              [coding('icd10cm', 'Z39.2', 'Encounter for routine postpartum follow-up')],
              'Postpartum care',
            ),
            onsetDaysAgo: 30,
            recordedDaysAgo: 30,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: null,
});

const deliveryUndated = record({
  id: 'rw-fr-z37-naissance-sans-date',
  title:
    'Un Z37.0 « Naissance unique, enfant vivant » sans date de début ni de saisie : grossesse inconnue, pas de carte',
  rule: 'pregnancy on file',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Nadia'], family: 'Naissance-Exemple', gender: 'female', age: 36, daysSinceBirthday: 20 },
      { extra: [dx(ctx, 'z37', { code: Z37_FR, category: 'encounter-diagnosis' })] },
    ),
  pump: null,
});

// A control: a delivery two years ago is a past pregnancy's outcome.
const deliveryPast = record({
  id: 'rw-us-single-live-birth-two-years-ago',
  title: 'A single live birth (Z37.0) recorded 700 days ago: a past pregnancy, the card fires',
  rule: 'pregnancy on file',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Crystal'], family: 'Example-Birth', gender: 'female', age: 39, daysSinceBirthday: 88 },
      {
        extra: [
          dx(ctx, 'z37', { code: Z37_US, onsetDaysAgo: 700, recordedDaysAgo: 700, category: 'encounter-diagnosis' }),
        ],
      },
    ),
  pump: pumpCard('rw-us-single-live-birth-two-years-ago', 9.1, STANDARD_EVIDENCE),
});

export const PUMP_REVIEW_THIRTEEN_RECORDS: readonly FixturePatient[] = [
  gadNmol,
  gadNmolNoLimit,
  znt8Positive,
  znt8Negative,
  ia2Positive,
  abnormalPeak,
  hemoglobineAnormale,
  raisedHbf,
  sousReserve,
  footnoteOnly,
  onlyAtSupper,
  quAuDiner,
  occasionally,
  oubliParfois,
  postPartumJ17,
  postpartumVisit,
  deliveryUndated,
  deliveryPast,
];
