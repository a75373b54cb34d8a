import type { Dosage, Medication } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  day,
  drug,
  FR_RX,
  frDose,
  frRecord,
  insulinUnits,
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
 * Real-world pump-card records about the insulin regimen as orders and statements record it:
 * premixes, the same drug recorded twice, ended records, sliding scales without the flag, and
 * regular human insulin. Each is the default positive of its style with the insulin changed.
 */

// ---------------------------------------------------------------------------------------------
// Premixed insulin
// ---------------------------------------------------------------------------------------------

const premixStaleOrder = record({
  id: 'rw-fr-premix-novomix-ancienne-ordonnance',
  title: 'Lantus + NovoRapid at each meal, and an old NovoMix 30 order never closed: basal exists apart, card fires',
  rule: 'premixed insulin',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Lucette'], family: 'Melange-Exemple', gender: 'female', age: 66, daysSinceBirthday: 33 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.lantus),
            authoredDaysAgo: 430,
            dosage: [frDose.at(30, ['HS'], '30 UI au coucher')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 430,
            dosage: frDose.meals(10, 8, 12),
          }),
        ],
        extra: [
          order(ctx, 'fr', 'novomix', {
            med: drug(FR_RX.novomix30),
            authoredDaysAgo: 1300,
            dosage: [
              frDose.at(28, ['ACM'], '28 UI avant le petit-déjeuner'),
              frDose.at(22, ['ACV'], '22 UI avant le dîner'),
            ],
            note: 'Ancien schéma à 2 injections de mélange (avant passage en basal-bolus)',
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-premix-novomix-ancienne-ordonnance', 8.7, STANDARD_EVIDENCE, {
    detailExcludes: ['rw-fr-premix-novomix-ancienne-ordonnance-novomix'],
  }),
});

const novomixPlusLunch = record({
  id: 'rw-fr-premix-novomix-plus-midi',
  title: 'NovoMix 30 morning and evening plus NovoRapid at lunch: no separate basal, not basal-bolus',
  rule: 'premixed insulin',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Albert'], family: 'Trois-Injections', gender: 'male', age: 63, daysSinceBirthday: 280 },
      {
        basal: [
          order(ctx, 'fr', 'novomix', {
            med: drug(FR_RX.novomix30),
            authoredDaysAgo: 700,
            dosage: [
              frDose.at(26, ['ACM'], '26 UI avant le petit-déjeuner'),
              frDose.at(20, ['ACV'], '20 UI avant le dîner'),
            ],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 700,
            dosage: [frDose.at(8, ['ACD'], '8 UI avant le déjeuner')],
          }),
        ],
      },
    ),
  pump: null,
});

const humulin7030 = record({
  id: 'rw-us-premix-humulin-7030',
  title: 'Humulin 70/30 KwikPen BID plus Humulin R before lunch: the NPH in the premix is not a basal',
  rule: 'premixed insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Raymond'], family: 'Example-Premix', gender: 'male', age: 69, daysSinceBirthday: 190 },
      {
        basal: [
          order(ctx, 'us', 'premix', {
            med: drug(US_RX.humulin7030KwikPen),
            authoredDaysAgo: 800,
            dosage: [usDose.code(34, 'BID', 'Inject 34 units under the skin twice daily before breakfast and supper')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humulinRVial),
            authoredDaysAgo: 800,
            dosage: [usDose.when(8, ['ACD'], 'Inject 8 units under the skin 30 minutes before lunch')],
          }),
        ],
      },
    ),
  pump: null,
});

const ryzodeg = record({
  id: 'rw-fr-premix-ryzodeg',
  title: 'Ryzodeg (degludec/aspart) at dinner plus NovoRapid morning and noon: the co-formulation is no basal',
  rule: 'premixed insulin',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Nicole'], family: 'Coformulation-Exemple', gender: 'female', age: 57, daysSinceBirthday: 61 },
      {
        basal: [
          order(ctx, 'fr', 'ryzodeg', {
            med: drug(FR_RX.ryzodeg),
            authoredDaysAgo: 520,
            dosage: [frDose.at(24, ['ACV'], '24 UI avant le dîner')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 520,
            dosage: [
              frDose.at(6, ['ACM'], '6 UI avant le petit-déjeuner'),
              frDose.at(8, ['ACD'], '8 UI avant le déjeuner'),
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const premixCodedAsLispro = record({
  id: 'rw-us-premix-coded-as-lispro',
  title:
    'Lantus at bedtime and "Humalog Mix 75/25 KwikPen" BID whose order carries only the ingredient code insulin lispro: a premix, no card',
  rule: 'premixed insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Eugene'], family: 'Example-Mix', gender: 'male', age: 64, daysSinceBirthday: 250 },
      {
        rapid: [
          order(ctx, 'us', 'mix', {
            med: drug(codeable([coding('rxnorm', '86009', 'insulin lispro')], 'Humalog Mix 75/25 KwikPen')),
            authoredDaysAgo: 600,
            dosage: [usDose.code(18, 'BID', 'Inject 18 units under the skin twice daily with breakfast and supper')],
          }),
        ],
      },
    ),
  pump: null,
});

const ryzodegCodedAsDegludec = record({
  id: 'rw-fr-ryzodeg-code-degludec',
  title:
    'Ryzodeg at dinner recorded with the ATC code of degludec alone, plus NovoRapid at each meal: the co-formulation is no basal',
  rule: 'premixed insulin',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Ginette'], family: 'Coformulation-Exemple', gender: 'female', age: 62, daysSinceBirthday: 12 },
      {
        basal: [
          order(ctx, 'fr', 'ryzodeg', {
            med: drug(codeable([coding('atc', 'A10AE06', 'insuline dégludec')], 'RYZODEG 70/30 FlexTouch')),
            authoredDaysAgo: 480,
            dosage: [frDose.at(22, ['ACV'], '22 UI avant le dîner')],
          }),
        ],
      },
    ),
  pump: null,
});

const formularyCode = record({
  id: 'rw-us-premix-formulary-code',
  title: 'Humalog TID plus a second insulin known only by a local formulary code (premix or basal?): no card',
  rule: 'premixed insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) => {
    const erx = medicationResource(ctx, 'med-erx', {
      coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.698288', code: '114392' }],
    });
    return usRecord(
      ctx,
      { given: ['Gloria'], family: 'Example-Formulary', gender: 'female', age: 61, daysSinceBirthday: 44 },
      {
        basal: [
          erx,
          order(ctx, 'us', 'insulin-erx', {
            med: { reference: `Medication/${erx.id ?? ''}` },
            authoredDaysAgo: 450,
            dosage: [usDose.code(30, 'BID', 'Inject 30 units under the skin twice daily before breakfast and supper')],
          }),
        ],
      },
    );
  },
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Duplicate records of one drug
// ---------------------------------------------------------------------------------------------

const orderAndStatementTid = record({
  id: 'rw-us-dup-order-and-statement-tid',
  title: 'Humalog TID both as an order and as a reconciled statement: one drug, 3 injections a day (not 6)',
  rule: 'duplicate records of one drug',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Kenneth'], family: 'Example-Twice', gender: 'male', age: 58, daysSinceBirthday: 320 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.code(12, 'TID', 'Inject 12 units under the skin 3 times daily with meals')],
          }),
          statement(ctx, 'us', 'rapid-statement', {
            med: drug(US_RX.humalogKwikPen),
            startDaysAgo: 460,
            assertedDaysAgo: 33,
            dosage: [usDose.daily(12, 3, '12 units three times a day')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-dup-order-and-statement-tid', 9.1, [...STANDARD_EVIDENCE, 'rapid-statement'], {
    detailIncludes: ['3 injections a day scheduled at meals'],
  }),
});

const twoMomentOrders = record({
  id: 'rw-fr-dup-deux-ordonnances-matin-soir',
  title: 'NovoRapid prescribed twice: 8 UI in the morning (diabetologist) and 10 UI in the evening (GP): 2 a day',
  rule: 'duplicate records of one drug',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Pascal'], family: 'Deux-Ordonnances', gender: 'male', age: 54, daysSinceBirthday: 210 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.at(8, ['ACM'], '8 UI le matin avant le petit-déjeuner')],
          }),
          order(ctx, 'fr', 'rapid-soir', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 300,
            dosage: [frDose.at(10, ['ACV'], '10 UI le soir avant le dîner')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-dup-deux-ordonnances-matin-soir', 8.7, [...STANDARD_EVIDENCE, 'rapid-soir'], {
    detailIncludes: ['2 injections a day scheduled at meals'],
  }),
});

const onceDailyTwice = record({
  id: 'rw-us-dup-humalog-once-daily',
  title: 'Humalog once daily at supper, recorded as an order and as a statement: 1 injection, not 2',
  rule: 'duplicate records of one drug',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Donna'], family: 'Example-Supper', gender: 'female', age: 66, daysSinceBirthday: 150 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.when(10, ['ACV'], 'Inject 10 units under the skin before supper')],
          }),
          statement(ctx, 'us', 'rapid-statement', {
            med: drug(US_RX.humalogKwikPen),
            startDaysAgo: 455,
            assertedDaysAgo: 33,
            dosage: [usDose.code(10, 'QD', '10 units daily with supper')],
          }),
        ],
      },
    ),
  pump: null,
});

const renewalLunch = record({
  id: 'rw-fr-dup-renouvellement-midi',
  title: 'NovoRapid at lunch prescribed, then renewed without closing the first order: still 1 injection a day',
  rule: 'duplicate records of one drug',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Maryse'], family: 'Renouvellement-Exemple', gender: 'female', age: 71, daysSinceBirthday: 260 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 380,
            dosage: [frDose.at(6, ['ACD'], '6 UI au déjeuner')],
          }),
          order(ctx, 'fr', 'rapid-renouvellement', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 20,
            dosage: [frDose.at(6, ['ACD'], '6 UI au déjeuner')],
          }),
        ],
      },
    ),
  pump: null,
});

const duplicateWithMeals = record({
  id: 'rw-fr-dup-avec-les-repas',
  title: 'NovoRapid at lunch (order) and the same NovoRapid "avec les repas" (statement): at least 1, unknown',
  rule: 'duplicate records of one drug',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Daniel'], family: 'Conciliation-Exemple', gender: 'male', age: 60, daysSinceBirthday: 120 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [frDose.at(6, ['ACD'], '6 UI au déjeuner')],
          }),
          statement(ctx, 'fr', 'rapid-conciliation', {
            med: drug(FR_RX.novorapid),
            startDaysAgo: 510,
            assertedDaysAgo: 25,
            dosage: [frDose.text('6 UI avec les repas', 6)],
          }),
        ],
      },
    ),
  pump: null,
});

const switchNeverClosed = record({
  id: 'rw-us-dup-humalog-then-novolog-daily',
  title: 'Humalog once daily, then NovoLog once daily after a formulary switch, both open: 1 or 2 injections, unknown',
  rule: 'duplicate records of one drug',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Gary'], family: 'Example-Formulary', gender: 'male', age: 63, daysSinceBirthday: 95 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 400,
            dosage: [usDose.code(10, 'QD', 'Inject 10 units under the skin once daily with the largest meal')],
          }),
          order(ctx, 'us', 'rapid-novolog', {
            med: drug(US_RX.novologFlexPen),
            authoredDaysAgo: 300,
            dosage: [usDose.daily(10, 1, 'Inject 10 units under the skin daily with a meal')],
            note: 'Formulary substitution for Humalog',
          }),
        ],
      },
    ),
  pump: null,
});

const twoRapidDrugsOneTid = record({
  id: 'rw-fr-dup-novorapid-tid-et-humalog',
  title: 'NovoRapid at each meal, and an old Humalog "1 fois par jour" never closed: at least 3 a day, card fires',
  rule: 'duplicate records of one drug',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Odile'], family: 'Deux-Rapides', gender: 'female', age: 62, daysSinceBirthday: 14 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 420,
            dosage: frDose.meals(8, 10, 12),
          }),
          order(ctx, 'fr', 'rapid-humalog', {
            med: drug(FR_RX.humalog),
            authoredDaysAgo: 900,
            dosage: [frDose.text('Humalog 8 UI 1 fois par jour', 8)],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-dup-novorapid-tid-et-humalog', 8.7, [...STANDARD_EVIDENCE, 'rapid-humalog'], {
    detailIncludes: ['3–4 injections a day scheduled at meals'],
  }),
});

// ---------------------------------------------------------------------------------------------
// Ended statements and orders
// ---------------------------------------------------------------------------------------------

const validityInFuture = record({
  id: 'rw-us-ended-validity-in-future',
  title: 'Orders valid until 65 days from now; an older NovoLog order whose validity ended 535 days ago is ignored',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Steven'], family: 'Example-Refills', gender: 'male', age: 50, daysSinceBirthday: 77 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.lantusSoloStar),
            authoredDaysAgo: 300,
            validity: { startDaysAgo: 300, endDaysAgo: -65 },
            dosage: [usDose.when(40, ['HS'], 'Inject 40 units under the skin at bedtime')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 300,
            validity: { startDaysAgo: 300, endDaysAgo: -65 },
            dosage: [usDose.code(14, 'TID', 'Inject 14 units under the skin 3 times daily before meals')],
          }),
        ],
        extra: [
          order(ctx, 'us', 'novolog-old', {
            med: drug(US_RX.novologFlexPen),
            authoredDaysAgo: 900,
            validity: { startDaysAgo: 900, endDaysAgo: 535 },
            dosage: [usDose.code(14, 'TID', 'Inject 14 units under the skin 3 times daily before meals')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-ended-validity-in-future', 9.1, STANDARD_EVIDENCE, {
    detailExcludes: ['rw-us-ended-validity-in-future-novolog-old'],
  }),
});

const statementEnded = record({
  id: 'rw-fr-ended-statement-fin',
  title: 'NovoRapid statement still "active" but its effectivePeriod ended two years ago: basal only',
  rule: 'ended statements and orders',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Colette'], family: 'Arret-Exemple', gender: 'female', age: 72, daysSinceBirthday: 300 },
      {
        rapid: [
          statement(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            startDaysAgo: 1100,
            endDaysAgo: 730,
            assertedDaysAgo: 1100,
            dosage: frDose.meals(6, 6, 6),
            note: "Insuline rapide arrêtée à la sortie d'hospitalisation",
          }),
        ],
      },
    ),
  pump: null,
});

const validityPast = record({
  id: 'rw-us-ended-validity-past',
  title: 'Humalog order left "active" but its dispense validity ended 4 months ago: basal only',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Linda'], family: 'Example-Expired', gender: 'female', age: 64, daysSinceBirthday: 18 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 600,
            validity: { startDaysAgo: 600, endDaysAgo: 120 },
            dosage: [usDose.code(10, 'TID', 'Inject 10 units under the skin 3 times daily before meals')],
          }),
        ],
      },
    ),
  pump: null,
});

function withBoundsPeriod(d: Dosage, start: string, end: string): Dosage {
  return { ...d, timing: { ...d.timing, repeat: { ...d.timing?.repeat, boundsPeriod: { start, end } } } };
}

const boundsPeriodEnded = record({
  id: 'rw-us-ended-bounds-period',
  title: 'Humalog TID with a timing boundsPeriod that ended 95 days ago (order status never updated)',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Ronald'], family: 'Example-Bounds', gender: 'male', age: 67, daysSinceBirthday: 230 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 420,
            dosage: [
              withBoundsPeriod(
                usDose.daily(10, 3, 'Inject 10 units under the skin 3 times daily before meals'),
                day(ctx, 420),
                day(ctx, 95),
              ),
            ],
          }),
        ],
      },
    ),
  pump: null,
});

function forMonths(d: Dosage, months: number): Dosage {
  return {
    ...d,
    timing: {
      ...d.timing,
      repeat: {
        ...d.timing?.repeat,
        boundsDuration: { value: months, unit: 'mois', system: 'http://unitsofmeasure.org', code: 'mo' },
      },
    },
  };
}

const threeMonthsOver = record({
  id: 'rw-fr-ended-duree-3-mois',
  title: 'NovoRapid prescribed "pendant 3 mois" 200 days ago and not renewed (boundsDuration ran out); Lantus renewed',
  rule: 'ended statements and orders',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Jacques'], family: 'Trois-Mois', gender: 'male', age: 62, daysSinceBirthday: 100 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.lantus),
            authoredDaysAgo: 45,
            dosage: [forMonths(frDose.at(28, ['HS'], '28 UI au coucher, pendant 3 mois'), 3)],
          }),
          statement(ctx, 'fr', 'basal-habituel', {
            med: drug(FR_RX.lantus),
            startDaysAgo: 1500,
            assertedDaysAgo: 45,
            dosage: [frDose.at(28, ['HS'], '28 UI au coucher')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 200,
            dosage: frDose.meals(6, 8, 6).map((d) => forMonths({ ...d, text: `${d.text ?? ''}, pendant 3 mois` }, 3)),
          }),
        ],
      },
    ),
  pump: null,
});

const pointInTime = record({
  id: 'rw-fr-ended-prise-ponctuelle',
  title: 'NovoRapid known only from a statement dated two years ago (effectiveDateTime): not shown current, unknown',
  rule: 'ended statements and orders',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Ginette'], family: 'Ancienne-Liste', gender: 'female', age: 69, daysSinceBirthday: 15 },
      {
        rapid: [
          statement(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            effectiveDaysAgo: 730,
            dosage: frDose.meals(8, 8, 8),
          }),
        ],
      },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Sliding scale without the flag
// ---------------------------------------------------------------------------------------------

const fixedPlusCorrection = record({
  id: 'rw-us-sliding-plus-fixed-prandial',
  title: 'Humalog 8 units before meals plus a separate correction-scale order (dose range 0-10, no flag): 3 a day',
  rule: 'sliding scale without the flag',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Barbara'], family: 'Example-Correction', gender: 'female', age: 59, daysSinceBirthday: 66 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.when(8, ['ACM', 'ACD', 'ACV'], 'Inject 8 units under the skin before meals')],
          }),
          order(ctx, 'us', 'rapid-correction', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [
              {
                text: 'Correction scale: 2 units per 50 mg/dL above 150 mg/dL, before meals and at bedtime',
                timing: { repeat: { when: ['ACM', 'ACD', 'ACV', 'HS'] } },
                doseAndRate: [{ doseRange: { low: insulinUnits('us', 0), high: insulinUnits('us', 10) } }],
              },
            ],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-sliding-plus-fixed-prandial', 9.1, STANDARD_EVIDENCE, {
    detailIncludes: ['3 injections a day scheduled at meals'],
  }),
});

const doseRangeZero = record({
  id: 'rw-us-sliding-dose-range-zero',
  title: 'Humalog "0-12 units" TID (doseRange low 0, no asNeeded flag): a correction scale, not MDI',
  rule: 'sliding scale without the flag',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Gary'], family: 'Example-Range', gender: 'male', age: 61, daysSinceBirthday: 10 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [
              {
                ...usDose.code(0, 'TID', 'Inject 0-12 units under the skin 3 times daily before meals'),
                doseAndRate: [{ doseRange: { low: insulinUnits('us', 0), high: insulinUnits('us', 12) } }],
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const selonGlycemie = record({
  id: 'rw-fr-sliding-selon-glycemie',
  title: 'NovoRapid "UI selon glycémie avant chaque repas" at ACM/ACD/ACV, no dose and no asNeeded flag',
  rule: 'sliding scale without the flag',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Monique'], family: 'Glycemie-Exemple', gender: 'female', age: 74, daysSinceBirthday: 200 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [
              {
                text: 'UI selon glycémie capillaire avant chaque repas',
                timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', when: ['ACM', 'ACD', 'ACV'] } },
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const fixedAndCorrectionOneLine = record({
  id: 'rw-fr-sliding-dose-fixe-plus-correction',
  title: 'NovoRapid "6 UI avant chaque repas + correction selon protocole" in one line: the fixed part cannot be told',
  rule: 'sliding scale without the flag',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Hervé'], family: 'Protocole-Exemple', gender: 'male', age: 65, daysSinceBirthday: 140 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: [
              frDose.at(6, ['ACM', 'ACD', 'ACV'], '6 UI avant chaque repas + correction selon protocole du service'),
            ],
          }),
        ],
      },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Regular human insulin
// ---------------------------------------------------------------------------------------------

const humulinRNph = record({
  id: 'rw-us-regular-humulin-r-nph',
  title: 'Human basal-bolus: Humulin N morning and bedtime, Humulin R before each meal',
  rule: 'regular human insulin',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Maria'], family: 'Example-Human', gender: 'female', age: 56, daysSinceBirthday: 140 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.humulinNKwikPen),
            authoredDaysAgo: 700,
            dosage: [usDose.when(22, ['MORN', 'HS'], 'Inject 22 units under the skin in the morning and at bedtime')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humulinRVial),
            authoredDaysAgo: 700,
            dosage: [usDose.when(10, ['ACM', 'ACD', 'ACV'], 'Inject 10 units under the skin 30 minutes before meals')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-regular-humulin-r-nph', 9.1, STANDARD_EVIDENCE),
});

const afrezzaInhaled = record({
  id: 'rw-us-afrezza-inhaled-at-meals',
  title:
    'Lantus at bedtime and Afrezza inhaled at each meal (ingredient: regular human insulin; form: inhalation powder): no injections at meals, no card',
  rule: 'regular human insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) => {
    const afrezza: Medication = {
      resourceType: 'Medication',
      id: `${ctx.patientId}-med-afrezza`,
      status: 'active',
      code: { text: 'Afrezza 4 unit cartridge' },
      form: { text: 'Inhalation powder' },
      ingredient: [
        { itemCodeableConcept: codeable([coding('rxnorm', '253182', 'insulin, regular, human')]), isActive: true },
      ],
    };
    return usRecord(
      ctx,
      { given: ['Marvin'], family: 'Example-Inhaled', gender: 'male', age: 59, daysSinceBirthday: 140 },
      {
        rapid: [
          afrezza,
          order(ctx, 'us', 'afrezza', {
            med: { reference: `Medication/${afrezza.id ?? ''}` },
            authoredDaysAgo: 300,
            dosage: [
              {
                text: 'Inhale 1 cartridge (4 units) at the start of each meal',
                timing: { repeat: { when: ['ACM', 'ACD', 'ACV'] } },
              },
            ],
          }),
        ],
      },
    );
  },
  pump: null,
});

const correctionScaleInText = record({
  id: 'rw-us-correction-scale-in-text',
  title:
    'Humalog TID whose only dose is the text "0-10 Units, Subcutaneous, 3 times daily with meals": a correction scale, no card',
  rule: 'sliding scale without the flag',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Lyle'], family: 'Example-Scale', gender: 'male', age: 66, daysSinceBirthday: 9 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 400,
            dosage: [
              {
                text: '0-10 Units, Subcutaneous, 3 times daily with meals',
                timing: usDose.code(0, 'TID', '').timing!,
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const actrapidInsulatard = record({
  id: 'rw-fr-regular-actrapid-insulatard',
  title: 'Insulatard matin et coucher, Actrapid avant les trois repas (schéma insulines humaines)',
  rule: 'regular human insulin',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Raymonde'], family: 'Humaine-Exemple', gender: 'female', age: 73, daysSinceBirthday: 310 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.insulatard),
            authoredDaysAgo: 900,
            dosage: [frDose.at(18, ['MORN', 'HS'], '18 UI le matin et au coucher')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', { med: drug(FR_RX.actrapid), authoredDaysAgo: 900, dosage: frDose.meals(8, 6, 8) }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-regular-actrapid-insulatard', 8.7, STANDARD_EVIDENCE),
});

const afrezza = record({
  id: 'rw-us-regular-afrezza-inhaled',
  title: 'Lantus plus Afrezza (inhaled regular human insulin) with each meal: prandial, but not an injection',
  rule: 'regular human insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dennis'], family: 'Example-Inhaled', gender: 'male', age: 53, daysSinceBirthday: 170 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(
              codeable(
                [coding('rxnorm', '1543202', 'insulin, regular, human 4 UNT Inhalation Powder')],
                'Afrezza 4 unit cartridge (inhaled)',
              ),
            ),
            authoredDaysAgo: 450,
            dosage: [
              {
                text: 'Inhale 1 cartridge (4 units) by mouth 3 times daily at the start of each meal',
                timing: {
                  code: codeable(
                    [{ system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation', code: 'TID' }],
                    'TID',
                  ),
                },
                route: codeable([coding('snomed', '447694001', 'Respiratory tract route')], 'Inhalation'),
                doseAndRate: [{ doseQuantity: insulinUnits('us', 4) }],
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const regularAc = record({
  id: 'rw-us-regular-ac-timing',
  title: 'Humulin N BID plus Humulin R "AC" (timing.when AC: before meals, how many not said): count unknown',
  rule: 'regular human insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Sharon'], family: 'Example-Ac', gender: 'female', age: 70, daysSinceBirthday: 55 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.humulinNKwikPen),
            authoredDaysAgo: 800,
            dosage: [usDose.code(20, 'BID', 'Inject 20 units under the skin twice daily')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humulinRVial),
            authoredDaysAgo: 800,
            dosage: [usDose.when(10, ['AC'], 'Inject 10 units under the skin AC')],
          }),
        ],
      },
    ),
  pump: null,
});

/** Premix, duplicate, ended, sliding-scale and human-insulin records. */
export const PUMP_INSULIN_RECORDS: readonly FixturePatient[] = [
  premixStaleOrder,
  novomixPlusLunch,
  humulin7030,
  ryzodeg,
  premixCodedAsLispro,
  ryzodegCodedAsDegludec,
  formularyCode,
  orderAndStatementTid,
  twoMomentOrders,
  onceDailyTwice,
  renewalLunch,
  duplicateWithMeals,
  switchNeverClosed,
  twoRapidDrugsOneTid,
  validityInFuture,
  statementEnded,
  validityPast,
  boundsPeriodEnded,
  threeMonthsOver,
  pointInTime,
  fixedPlusCorrection,
  doseRangeZero,
  selonGlycemie,
  fixedAndCorrectionOneLine,
  humulinRNph,
  actrapidInsulatard,
  afrezzaInhaled,
  correctionScaleInText,
  afrezza,
  regularAc,
];
