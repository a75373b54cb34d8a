import type { Observation } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
  labReport,
  labResult,
  order,
  pumpCard,
  record,
  rwDevice,
  rwDeviceUse,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a seventh review (2026-12-05, evening) found misread, kept as patients: a
 * correction scale in words the lists missed ("selon le dextro", "per POCT glucose"), an HbA1c
 * goal sent under the HbA1c LOINC code, a pump holiday (DeviceUseStatement on hold), the French
 * generic name of a premix ("insuline asparte biphasique"), an order "pendant l'hospitalisation"
 * and a rapid insulin "replaced by" another drug; and islet autoantibodies beside a type 2 code.
 */

/** A rapid analogue order at the three meals whose text says how the dose is decided. */
function rapidInWords(ctx: Parameters<typeof frRecord>[0], style: 'fr' | 'us', text: string) {
  return style === 'fr'
    ? order(ctx, 'fr', 'rapid', {
        med: drug(FR_RX.novorapid),
        authoredDaysAgo: 400,
        dosage: [{ ...frDose.at(6, ['ACM', 'ACD', 'ACV'], text) }],
      })
    : order(ctx, 'us', 'rapid', {
        med: drug(US_RX.humalogKwikPen),
        authoredDaysAgo: 400,
        dosage: [usDose.daily(6, 3, text)],
      });
}

const selonLeDextro = record({
  id: 'rw-fr-novorapid-selon-le-dextro',
  title: 'NovoRapid « selon le dextro avant chaque repas » : une échelle de correction, pas de carte',
  rule: 'sliding scale without the flag',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Hervé'], family: 'Dextro-Exemple', gender: 'male', age: 61, daysSinceBirthday: 30 },
      { rapid: [rapidInWords(ctx, 'fr', 'Selon le dextro avant chaque repas')] },
    ),
  pump: null,
});

const perPoct = record({
  id: 'rw-us-humalog-per-poct',
  title: 'Humalog "per POCT glucose with meals" three times a day: a correction scale, no card',
  rule: 'sliding scale without the flag',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Gordon'], family: 'Example-Poct', gender: 'male', age: 57, daysSinceBirthday: 120 },
      { rapid: [rapidInWords(ctx, 'us', 'Inject per POCT glucose with meals')] },
    ),
  pump: null,
});

/** An HbA1c goal a French EHR files as an Observation under the HbA1c LOINC code. */
function goalUnderLoinc(ctx: Parameters<typeof frRecord>[0]): Observation {
  const goal = hba1cResult(ctx, 'fr', 'hba1c-goal', { daysAgo: 3, value: 8.5 });
  return { ...goal, code: codeable([coding('loinc', '4548-4')], 'HbA1c cible (objectif individualisé)') };
}

const goalLoinc = record({
  id: 'rw-fr-hba1c-cible-loinc',
  title:
    '« HbA1c cible » 8,5 % saisie il y a 3 jours sous le code LOINC 4548-4, dernier résultat 7,4 % : un objectif, pas de carte',
  rule: 'HbA1c named by its code, not its words',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Mireille'], family: 'Cible-Exemple', gender: 'female', age: 59, daysSinceBirthday: 70 },
      { hba1c: [hba1cResult(ctx, 'fr', 'hba1c', { daysAgo: 40, value: 7.4 }), goalUnderLoinc(ctx)] },
    ),
  pump: null,
});

const pumpHoliday = record({
  id: 'rw-us-pump-holiday-on-hold',
  title:
    'Tandem t:slim X2 marked inactive, its DeviceUseStatement "on-hold" (pump holiday on injections): not shown off a pump, no card',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Kevin'], family: 'Example-Holiday', gender: 'male', age: 49, daysSinceBirthday: 10 },
      {
        extra: [
          rwDevice(ctx, 'tslim', { status: 'inactive', name: 't:slim X2 insulin pump', manufacturer: 'Tandem' }),
          rwDeviceUse(ctx, 'tslim-use', {
            status: 'on-hold',
            device: { reference: `Device/${ctx.patientId}-tslim` },
            startDaysAgo: 700,
          }),
        ],
      },
    ),
  pump: null,
});

const asparteBiphasique = record({
  id: 'rw-fr-asparte-biphasique',
  title:
    'Lantus au coucher et « INSULINE ASPARTE BIPHASIQUE 30 » matin et soir (le nom générique de NovoMix) : un prémélange, pas de carte',
  rule: 'premixed insulin',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Lucien'], family: 'Biphasique-Exemple', gender: 'male', age: 66, daysSinceBirthday: 250 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(
              codeable(
                [coding('local', 'MED-0731', 'INSULINE ASPARTE BIPHASIQUE 30')],
                'INSULINE ASPARTE BIPHASIQUE 30 100 U/ml stylo',
              ),
            ),
            authoredDaysAgo: 90,
            dosage: [frDose.at(14, ['MORN', 'EVE'], '14 UI matin et soir')],
          }),
        ],
      },
    ),
  pump: null,
});

const intraHospitaliere = record({
  id: 'rw-fr-novorapid-pendant-hospitalisation',
  title:
    "NovoRapid aux trois repas avec la note « Pendant l'hospitalisation uniquement » : le séjour ne dit rien de la maison, pas de carte",
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Bernard'], family: 'Sejour-Note', gender: 'male', age: 67, daysSinceBirthday: 180 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 4,
            dosage: frDose.meals(6, 8, 6),
            note: "Pendant l'hospitalisation uniquement",
          }),
        ],
      },
    ),
  pump: null,
});

const replacedBy = record({
  id: 'rw-us-humalog-replaced-by-novolog',
  title: 'Humalog TID still active, its note "Replaced by NovoLog per formulary", no NovoLog order yet: held, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Walter'], family: 'Example-Replaced', gender: 'male', age: 62, daysSinceBirthday: 40 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 500,
            dosage: [usDose.daily(8, 3, 'Inject 8 units under the skin 3 times daily with meals')],
            note: 'Replaced by NovoLog per formulary 11/2026',
          }),
        ],
      },
    ),
  pump: null,
});

const authoredAhead = record({
  id: 'rw-us-humalog-authored-ahead',
  title: 'Humalog TID "active", authoredOn 20 days ahead (an order written for after discharge): not in force, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Harold'], family: 'Example-Ahead', gender: 'male', age: 58, daysSinceBirthday: 33 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: -20,
            dosage: [usDose.daily(8, 3, 'Inject 8 units under the skin 3 times daily with meals')],
          }),
        ],
      },
    ),
  pump: null,
});

const statusReasonNotTaking = record({
  id: 'rw-us-humalog-status-reason-not-taking',
  title:
    'Humalog TID still active, its statusReason "Discontinued - patient not taking" (reconciliation): held, no card',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Leonard'], family: 'Example-Reason', gender: 'male', age: 61, daysSinceBirthday: 140 },
      {
        rapid: [
          {
            ...order(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              authoredDaysAgo: 420,
              dosage: [usDose.daily(8, 3, 'Inject 8 units under the skin 3 times daily with meals')],
            }),
            statusReason: { text: 'Discontinued - patient not taking' },
          },
        ],
      },
    ),
  pump: null,
});

const manPregnancyStatusUnknown = record({
  id: 'rw-us-man-pregnancy-status-unknown',
  title:
    'A man of 50 whose intake form files a pregnancy status (82810-3) "Unknown": a man\'s pregnancy status says nothing, the card fires',
  rule: 'pregnancy on file',
  style: 'us',
  case: 'fires',
  resources: (ctx) => {
    const resources = usRecord(ctx, {
      given: ['Raymond'],
      family: 'Example-Intake',
      gender: 'male',
      age: 50,
      daysSinceBirthday: 75,
    });
    const status: Observation = {
      ...labResult(ctx, 'us', 'pregnancy-status', {
        loinc: '82810-3',
        display: 'Pregnancy status',
        text: 'Pregnancy status',
        value: 0,
        unit: '1',
        daysAgo: 12,
      }),
      valueCodeableConcept: codeable([coding('snomed', '261665006', 'Unknown')], 'Unknown'),
    };
    delete status.valueQuantity;
    return [...resources, status];
  },
  pump: pumpCard('rw-us-man-pregnancy-status-unknown', 9.1, STANDARD_EVIDENCE),
});

/** A GAD65 antibody level (LOINC 13926-1) with the laboratory's upper limit. */
function gad65(ctx: Parameters<typeof usRecord>[0], value: number, high?: number): Observation {
  const obs = labResult(ctx, 'us', 'gad65', {
    loinc: '13926-1',
    display: 'Glutamate decarboxylase 65 Ab [Units/volume] in Serum',
    text: 'GAD-65 Antibody',
    value,
    unit: 'U/mL',
    ucum: '[U]/mL',
    daysAgo: 60,
  });
  return high === undefined ? obs : { ...obs, referenceRange: [{ high: { value: high, unit: 'U/mL' } }] };
}

const gadPositive = record({
  id: 'rw-us-gad65-positive-beside-e11',
  title: 'E11.65 on the problem list, GAD-65 antibody 45 U/mL (limit 5) two months ago: autoimmune diabetes, no card',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dennis'], family: 'Example-Gad', gender: 'male', age: 46, daysSinceBirthday: 60 },
      { extra: [gad65(ctx, 45, 5)] },
    ),
  pump: null,
});

const gadNegative = record({
  id: 'rw-us-gad65-negative',
  title: 'E11.65, GAD-65 antibody 0.4 U/mL (limit 5): type 2 stands, the card fires',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Russell'], family: 'Example-GadNeg', gender: 'male', age: 53, daysSinceBirthday: 130 },
      { extra: [gad65(ctx, 0.4, 5)] },
    ),
  pump: pumpCard('rw-us-gad65-negative', 9.1, STANDARD_EVIDENCE),
});

const gadNoLimit = record({
  id: 'rw-us-gad65-no-limit',
  title: "E11.65, GAD-65 antibody 12 U/mL with neither limit nor flag: the cut-off is the assay's, unknown, no card",
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Gregory'], family: 'Example-GadAssay', gender: 'male', age: 50, daysSinceBirthday: 20 },
      { extra: [gad65(ctx, 12)] },
    ),
  pump: null,
});

const antiGadPositif = record({
  id: 'rw-fr-ac-anti-gad-positif',
  title:
    'DT2 (E11), « Ac anti-GAD » POSITIF dans le bilan du laboratoire (code local) : diabète auto-immun, pas de carte',
  rule: 'LADA counts as type 1',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Yannick'], family: 'AntiGad-Exemple', gender: 'male', age: 44, daysSinceBirthday: 90 },
      {
        extra: [
          labReport(ctx, 'fr', 'bilan-auto-immun', {
            daysAgo: 200,
            code: codeable([coding('local', 'BIO-AUTOAC', 'Auto-anticorps du diabète')], 'Bilan auto-immun du diabète'),
            contained: [
              {
                resourceType: 'Observation',
                id: 'gad',
                status: 'final',
                code: codeable([coding('local', 'AC-GAD', 'Ac anti-GAD')], 'Anticorps anti-GAD'),
                valueString: 'POSITIF (38 UI/ml ; N < 5)',
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

export const PUMP_REVIEW_SEVEN_RECORDS: readonly FixturePatient[] = [
  selonLeDextro,
  perPoct,
  goalLoinc,
  pumpHoliday,
  asparteBiphasique,
  intraHospitaliere,
  replacedBy,
  authoredAhead,
  statusReasonNotTaking,
  manPregnancyStatusUnknown,
  gadPositive,
  gadNegative,
  gadNoLimit,
  antiGadPositif,
];
