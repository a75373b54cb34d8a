import type { Medication } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  FR_RX,
  frDose,
  frenchNameOnly,
  frRecord,
  hba1cResult,
  medicationResource,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  statement,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Real-world pump-card records about how long MDI has run, how French records name insulins,
 * and dosing written as free text. Each is the default positive of its style with the insulin
 * records changed.
 */

// ---------------------------------------------------------------------------------------------
// MDI run-in
// ---------------------------------------------------------------------------------------------

const renewedOrders = record({
  id: 'rw-fr-runin-ordonnance-renouvelee',
  title: 'Basal-bolus since 430 days (statements), prescriptions renewed 20 days ago: run-in from the earliest record',
  rule: 'MDI run-in',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Claudine'], family: 'Renouvelee-Exemple', gender: 'female', age: 62, daysSinceBirthday: 48 },
      {
        basal: [
          statement(ctx, 'fr', 'basal', {
            med: drug(FR_RX.tresiba),
            startDaysAgo: 430,
            startAsDateTime: true,
            assertedDaysAgo: 20,
            dosage: [frDose.at(32, ['MORN'], '32 UI le matin')],
          }),
          order(ctx, 'fr', 'basal-renouvellement', {
            med: drug(FR_RX.tresiba),
            authoredDaysAgo: 20,
            dosage: [frDose.at(32, ['MORN'], '32 UI le matin')],
          }),
        ],
        rapid: [
          statement(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.fiasp),
            startDaysAgo: 430,
            startAsDateTime: true,
            assertedDaysAgo: 20,
            dosage: frDose.meals(8, 8, 10),
          }),
          order(ctx, 'fr', 'rapid-renouvellement', {
            med: drug(FR_RX.fiasp),
            authoredDaysAgo: 20,
            dosage: frDose.meals(8, 8, 10),
          }),
        ],
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c', { value: 8.9, daysAgo: 30 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 9.3, daysAgo: 125 }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-runin-ordonnance-renouvelee', 8.9, STANDARD_EVIDENCE, {
    detailIncludes: ['On basal-bolus since'],
  }),
});

const usThreeWeeks = record({
  id: 'rw-us-runin-three-weeks',
  title: 'Lantus for two years, Humalog TID added 31 days ago; HbA1c 9.4% drawn 21 days into basal-bolus',
  rule: 'MDI run-in',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Larry'], family: 'Example-Intensified', gender: 'male', age: 57, daysSinceBirthday: 260 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.lantusSoloStar),
            authoredDaysAgo: 700,
            dosage: [usDose.when(44, ['HS'], 'Inject 44 units under the skin at bedtime')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 31,
            dosage: [usDose.code(6, 'TID', 'Inject 6 units under the skin 3 times daily before meals')],
          }),
        ],
        hba1c: [
          hba1cResult(ctx, 'us', 'hba1c', { value: 9.4, daysAgo: 10 }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.8, daysAgo: 120 }),
        ],
      },
    ),
  pump: null,
});

const frThreeWeeks = record({
  id: 'rw-fr-runin-trois-semaines',
  title: "Toujeo depuis 2 ans, Fiasp aux 3 repas depuis la sortie d'hospitalisation 42 jours avant: HbA1c à J21",
  rule: 'MDI run-in',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Didier'], family: 'Intensification-Exemple', gender: 'male', age: 51, daysSinceBirthday: 88 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.toujeo),
            authoredDaysAgo: 800,
            dosage: [frDose.at(40, ['MORN'], '40 UI le matin')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', { med: drug(FR_RX.fiasp), authoredDaysAgo: 42, dosage: frDose.meals(6, 6, 8) }),
        ],
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c', { value: 10.2, daysAgo: 21 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 11.0, daysAgo: 110 }),
        ],
      },
    ),
  pump: null,
});

const usUndated = record({
  id: 'rw-us-runin-undated',
  title: 'Insulins known only from an outside medication history with no dates: card fires, MDI duration to confirm',
  rule: 'MDI run-in',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Carol'], family: 'Example-Outside', gender: 'female', age: 63, daysSinceBirthday: 205 },
      {
        basal: [
          statement(ctx, 'us', 'basal', {
            med: drug(US_RX.toujeoMax),
            dosage: [usDose.code(52, 'QD', 'Inject 52 units under the skin once daily')],
            note: 'Imported from outside medication history',
          }),
        ],
        rapid: [
          statement(ctx, 'us', 'rapid', {
            med: drug(US_RX.novologFlexPen),
            dosage: [usDose.code(10, 'TID', 'Inject 10 units under the skin 3 times daily with meals')],
            note: 'Imported from outside medication history',
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-runin-undated', 9.1, STANDARD_EVIDENCE, { mdiDurationToConfirm: true }),
});

const frUndated = record({
  id: 'rw-fr-runin-traitement-personnel',
  title: "Traitement personnel saisi à l'admission sans date (intent plan, no authoredOn): MDI duration to confirm",
  rule: 'MDI run-in',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Yvette'], family: 'Admission-Exemple', gender: 'female', age: 70, daysSinceBirthday: 175 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.lantus),
            authoredDaysAgo: null,
            intent: 'plan',
            dosage: [frDose.at(22, ['HS'], '22 UI au coucher')],
            note: 'Traitement personnel du patient',
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.apidra),
            authoredDaysAgo: null,
            intent: 'plan',
            dosage: frDose.meals(6, 8, 8),
            note: 'Traitement personnel du patient',
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-runin-traitement-personnel', 8.7, STANDARD_EVIDENCE, { mdiDurationToConfirm: true }),
});

// ---------------------------------------------------------------------------------------------
// French names and accents
// ---------------------------------------------------------------------------------------------

const detemirNovorapid = record({
  id: 'rw-fr-noms-detemir-novorapid',
  title: 'Prescribed by INN: "INSULINE DÉTÉMIR" and "NovoRapid FlexPen", CIP13 and French name only (no ATC)',
  rule: 'French names and accents',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Thérèse'], family: 'Denomination-Exemple', gender: 'female', age: 60, daysSinceBirthday: 23 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(
              frenchNameOnly('3400935563545', 'INSULINE DÉTÉMIR 100 U/ml, solution injectable en stylo prérempli'),
            ),
            authoredDaysAgo: 600,
            dosage: [frDose.at(14, ['MORN', 'HS'], '14 UI matin et coucher')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(frenchNameOnly('3400935981110', 'NovoRapid FlexPen 100 unités/ml')),
            authoredDaysAgo: 600,
            dosage: frDose.meals(8, 10, 8),
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-noms-detemir-novorapid', 8.7, STANDARD_EVIDENCE),
});

const abasaglarAsparte = record({
  id: 'rw-fr-noms-abasaglar-asparte',
  title: 'ABASAGLAR KwikPen and "Insuline asparte Sanofi" by CIP13 and French name only (no ATC)',
  rule: 'French names and accents',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Frédéric'], family: 'Biosimilaire-Exemple', gender: 'male', age: 48, daysSinceBirthday: 330 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(
              frenchNameOnly(
                '3400930004906',
                'ABASAGLAR 100 unités/ml, solution injectable en stylo prérempli KwikPen',
              ),
            ),
            authoredDaysAgo: 550,
            dosage: [frDose.at(36, ['HS'], '36 UI au coucher')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(
              frenchNameOnly('3400930182536', 'INSULINE ASPARTE SANOFI 100 unités/ml, solution injectable en stylo'),
            ),
            authoredDaysAgo: 550,
            dosage: frDose.meals(10, 12, 10),
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-noms-abasaglar-asparte', 8.7, STANDARD_EVIDENCE),
});

const toujeoHumalogMedications = record({
  id: 'rw-fr-noms-toujeo-humalog-ucd',
  title: 'Hospital pharmacy: Toujeo as a Medication coded by UCD with its name, Humalog contained with UCD and name',
  rule: 'French names and accents',
  style: 'fr',
  case: 'fires',
  resources: (ctx) => {
    const toujeo = medicationResource(
      ctx,
      'med-toujeo',
      codeable([coding('ucd', '3400894210573', 'TOUJEO 300U/ML STYLO 1,5ML')], 'Toujeo 300 unités/ml SoloStar'),
    );
    const humalog: Medication = {
      resourceType: 'Medication',
      id: 'humalog',
      status: 'active',
      code: codeable([coding('ucd', '3400893826737', 'HUMALOG 100U/ML STYLO KWIKPEN 3ML')], 'Humalog KwikPen 100 U/ml'),
    };
    return frRecord(
      ctx,
      { given: ['Éric'], family: 'Pharmacie-Exemple', gender: 'male', age: 55, daysSinceBirthday: 250 },
      {
        basal: [
          toujeo,
          order(ctx, 'fr', 'basal', {
            med: { reference: `Medication/${toujeo.id ?? ''}` },
            authoredDaysAgo: 480,
            dosage: [frDose.at(48, ['MORN'], '48 UI le matin')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: { reference: '#humalog', contained: humalog },
            authoredDaysAgo: 480,
            dosage: frDose.meals(12, 12, 14),
          }),
        ],
      },
    );
  },
  pump: pumpCard('rw-fr-noms-toujeo-humalog-ucd', 8.7, STANDARD_EVIDENCE),
});

const umulineProfil = record({
  id: 'rw-fr-noms-umuline-profil',
  title: 'UMULINE PROFIL 30 morning and evening plus UMULINE RAPIDE at lunch, by name only: a premix, no basal',
  rule: 'French names and accents',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Lucien'], family: 'Profil-Exemple', gender: 'male', age: 76, daysSinceBirthday: 140 },
      {
        basal: [
          order(ctx, 'fr', 'premix', {
            med: drug(frenchNameOnly('3400935277374', 'UMULINE PROFIL 30 100 UI/ml, suspension injectable KwikPen')),
            authoredDaysAgo: 1000,
            dosage: [
              frDose.at(24, ['ACM'], '24 UI avant le petit-déjeuner'),
              frDose.at(18, ['ACV'], '18 UI avant le dîner'),
            ],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(frenchNameOnly('3400935277145', 'UMULINE RAPIDE 100 UI/ml, solution injectable KwikPen')),
            authoredDaysAgo: 1000,
            dosage: [frDose.at(6, ['ACD'], '6 UI avant le déjeuner')],
          }),
        ],
      },
    ),
  pump: null,
});

const cip13Only = record({
  id: 'rw-fr-noms-cip13-seul',
  title: 'Rapid insulin ordered by a bare CIP13 code (no name, no ATC) three times a day: cannot be classified',
  rule: 'French names and accents',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Odile'], family: 'Code-Seul', gender: 'female', age: 67, daysSinceBirthday: 70 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(codeable([coding('cip13', '3400935981110')])),
            authoredDaysAgo: 500,
            dosage: frDose.meals(8, 8, 8),
          }),
        ],
      },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Free-text dosing
// ---------------------------------------------------------------------------------------------

const matinMidiSoir = record({
  id: 'rw-fr-texte-matin-midi-soir',
  title: 'NovoRapid with only the text "8 UI matin, midi et soir" (no timing): 3 a day read from the text',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Marcel'], family: 'Texte-Libre', gender: 'male', age: 66, daysSinceBirthday: 199 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.text('8 UI matin, midi et soir', 8)],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-texte-matin-midi-soir', 8.7, STANDARD_EVIDENCE, {
    detailIncludes: ['schedule read from the dosage text'],
  }),
});

const sixHuitSix = record({
  id: 'rw-fr-texte-6-8-6',
  title: 'NovoRapid with only the text "6-8-6" (doses at breakfast, lunch and dinner, no timing): 3 a day',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Lucienne'], family: 'Texte-Libre', gender: 'female', age: 64, daysSinceBirthday: 301 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.text('6-8-6', 6)],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-texte-6-8-6', 8.7, STANDARD_EVIDENCE, {
    detailIncludes: ['schedule read from the dosage text'],
  }),
});

const dateNotDoses = record({
  id: 'rw-fr-texte-date-pas-doses',
  title: 'NovoRapid with only the text "Début le 20-11-26" (a date, not doses 20, 11 and 26): no count, no card',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Henri'], family: 'Texte-Libre', gender: 'male', age: 61, daysSinceBirthday: 12 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.text('Début le 20-11-26', 6)],
          }),
        ],
      },
    ),
  pump: null,
});

const midiOuSoir = record({
  id: 'rw-fr-texte-midi-ou-soir',
  title:
    'NovoRapid with only the text "8 UI au repas le plus copieux (midi ou soir)": one meal of two, no count, no card',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Raymonde'], family: 'Texte-Libre', gender: 'female', age: 63, daysSinceBirthday: 48 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.text('8 UI au repas le plus copieux (midi ou soir)', 8)],
          }),
        ],
      },
    ),
  pump: null,
});

const troisFoisParJour = record({
  id: 'rw-fr-texte-3-fois-par-jour',
  title: 'Humalog with only the text "10 UI 3 fois par jour avant les repas": 3 a day read from the text',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Jeanine'], family: 'Trois-Fois', gender: 'female', age: 59, daysSinceBirthday: 90 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.humalog),
            authoredDaysAgo: 500,
            dosage: [frDose.text('10 UI 3 fois par jour avant les repas', 10)],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-texte-3-fois-par-jour', 8.7, STANDARD_EVIDENCE, {
    detailIncludes: ['schedule read from the dosage text'],
  }),
});

const beforeEachMeal = record({
  id: 'rw-us-text-before-each-meal',
  title: 'NovoLog sig only: "Inject 8 units under the skin before each meal" (no timing): 3 a day from the sig',
  rule: 'free-text dosing',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Timothy'], family: 'Example-Sig', gender: 'male', age: 45, daysSinceBirthday: 111 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.novologFlexPen),
            authoredDaysAgo: 450,
            dosage: [usDose.sig('Inject 8 units under the skin before each meal', 8)],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-text-before-each-meal', 9.1, STANDARD_EVIDENCE, {
    detailIncludes: ['schedule read from the dosage text'],
  }),
});

const midiSeulement = record({
  id: 'rw-fr-texte-midi-seulement',
  title: 'NovoRapid with only the text "6 UI le midi": one injection a day read from the text',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Paulette'], family: 'Midi-Exemple', gender: 'female', age: 70, daysSinceBirthday: 260 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.text('6 UI le midi', 6)],
          }),
        ],
      },
    ),
  pump: null,
});

const withMeals = record({
  id: 'rw-us-text-with-meals',
  title: 'Humalog sig only: "Inject 6-10 units under the skin with meals" (how many meals not said): unknown',
  rule: 'free-text dosing',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Deborah'], family: 'Example-Meals', gender: 'female', age: 54, daysSinceBirthday: 35 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.sig('Inject 6-10 units under the skin with meals')],
          }),
        ],
      },
    ),
  pump: null,
});

const avecLesRepas = record({
  id: 'rw-fr-texte-avec-les-repas',
  title: 'NovoRapid with only the text "8 UI avec les repas": how many meals not said, unknown',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['René'], family: 'Repas-Exemple', gender: 'male', age: 58, daysSinceBirthday: 300 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.text('8 UI avec les repas', 8)],
          }),
        ],
      },
    ),
  pump: null,
});

const genericMealTiming = record({
  id: 'rw-us-text-generic-meal-timing',
  title: 'Humalog timing.when "C" (with meals, count not said) and a sig "three times daily": timing unreadable',
  rule: 'free-text dosing',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Frank'], family: 'Example-Generic', gender: 'male', age: 65, daysSinceBirthday: 185 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.when(10, ['C'], 'Inject 10 units under the skin three times daily with meals')],
          }),
        ],
      },
    ),
  pump: null,
});

/** Run-in, French-name and free-text records. */
export const PUMP_DOSING_RECORDS: readonly FixturePatient[] = [
  renewedOrders,
  usThreeWeeks,
  frThreeWeeks,
  usUndated,
  frUndated,
  detemirNovorapid,
  abasaglarAsparte,
  toujeoHumalogMedications,
  umulineProfil,
  cip13Only,
  matinMidiSoir,
  sixHuitSix,
  dateNotDoses,
  midiOuSoir,
  troisFoisParJour,
  beforeEachMeal,
  midiSeulement,
  withMeals,
  avecLesRepas,
  genericMealTiming,
];
