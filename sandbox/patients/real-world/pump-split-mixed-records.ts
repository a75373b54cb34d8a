import type { FixturePatient } from '../fixture.js';
import {
  drug,
  FR_RX,
  frDose,
  frRecord,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * NPH drawn up from a vial with a bolus insulin in one syringe. The split-mixed regimen (NPH and regular
 * insulin before breakfast and dinner) is two injections a day, not MDI; NPH at bedtime beside a
 * bolus at each meal is. Each is the default positive of its style with the insulin orders changed.
 */

const usSplitMixed = record({
  id: 'rw-us-nph-regular-split-mixed',
  title: 'Humulin N and Humulin R both before breakfast and supper (one syringe): 2 injections, not MDI, no card',
  rule: 'NPH shares a syringe with a bolus',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dale'], family: 'Example-Split', gender: 'male', age: 71, daysSinceBirthday: 190 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.humulinNVial),
            authoredDaysAgo: 800,
            dosage: [usDose.when(24, ['ACM', 'ACV'], '24 units NPH before breakfast and supper, mixed with regular')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humulinRVial),
            authoredDaysAgo: 800,
            dosage: [usDose.when(8, ['ACM', 'ACV'], '8 units regular before breakfast and supper, same syringe')],
          }),
        ],
      },
    ),
  pump: null,
});

const usNphBedtime = record({
  id: 'rw-us-nph-bedtime-humalog-meals',
  title: 'Humulin N at bedtime and Humalog before each meal: 4 injections, MDI, card fires',
  rule: 'NPH shares a syringe with a bolus',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Roger'], family: 'Example-Bedtime', gender: 'male', age: 66, daysSinceBirthday: 33 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.humulinNKwikPen),
            authoredDaysAgo: 600,
            dosage: [usDose.when(30, ['HS'], 'Inject 30 units under the skin at bedtime')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 600,
            dosage: [usDose.when(8, ['ACM', 'ACD', 'ACV'], 'Inject 8 units under the skin before meals')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-nph-bedtime-humalog-meals', 9.1, STANDARD_EVIDENCE),
});

const usNphRegularBid = record({
  id: 'rw-us-nph-regular-bid-codes',
  title: 'Humulin N BID and Humulin R BID, timing codes only: 2 to 4 injections, unknown, no card',
  rule: 'NPH shares a syringe with a bolus',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Gloria'], family: 'Example-Bid', gender: 'female', age: 69, daysSinceBirthday: 250 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.humulinNVial),
            authoredDaysAgo: 900,
            dosage: [usDose.code(22, 'BID', 'Inject 22 units under the skin twice daily')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humulinRVial),
            authoredDaysAgo: 900,
            dosage: [usDose.code(6, 'BID', 'Inject 6 units under the skin twice daily')],
          }),
        ],
      },
    ),
  pump: null,
});

const frSplitMixed = record({
  id: 'rw-fr-insulatard-actrapid-matin-soir',
  title: 'Insulatard et Actrapid avant le petit-déjeuner et le dîner (même seringue): 2 injections, pas de carte',
  rule: 'NPH shares a syringe with a bolus',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Marcel'], family: 'Mélange-Exemple', gender: 'male', age: 74, daysSinceBirthday: 60 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.insulatardFlacon),
            authoredDaysAgo: 700,
            dosage: [frDose.at(20, ['ACM', 'ACV'], '20 UI avant le petit-déjeuner et avant le dîner')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.actrapid),
            authoredDaysAgo: 700,
            dosage: [frDose.at(6, ['ACM', 'ACV'], '6 UI matin et soir, mélangées à l’Insulatard')],
          }),
        ],
      },
    ),
  pump: null,
});

const frNphCoucher = record({
  id: 'rw-fr-insulatard-coucher-actrapid-repas',
  title: 'Insulatard au coucher et Actrapid avant chaque repas: 4 injections, schéma basal-bolus, carte',
  rule: 'NPH shares a syringe with a bolus',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Josiane'], family: 'Coucher-Exemple', gender: 'female', age: 68, daysSinceBirthday: 140 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.insulatard),
            authoredDaysAgo: 500,
            dosage: [frDose.at(24, ['HS'], '24 UI au coucher')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', { med: drug(FR_RX.actrapid), authoredDaysAgo: 500, dosage: frDose.meals(6, 8, 6) }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-insulatard-coucher-actrapid-repas', 8.7, STANDARD_EVIDENCE),
});

const frNphMatinSoir = record({
  id: 'rw-fr-insulatard-matin-soir-actrapid',
  title: 'Insulatard "matin et soir" (MORN, EVE), Actrapid avant petit-déjeuner et dîner: 2 à 4 injections, inconnu',
  rule: 'NPH shares a syringe with a bolus',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Lucienne'], family: 'Soir-Exemple', gender: 'female', age: 77, daysSinceBirthday: 10 },
      {
        basal: [
          order(ctx, 'fr', 'basal', {
            med: drug(FR_RX.insulatardFlacon),
            authoredDaysAgo: 650,
            dosage: [frDose.at(18, ['MORN', 'EVE'], '18 UI matin et soir')],
          }),
        ],
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.actrapid),
            authoredDaysAgo: 650,
            dosage: [frDose.at(6, ['ACM', 'ACV'], '6 UI avant le petit-déjeuner et avant le dîner')],
          }),
        ],
      },
    ),
  pump: null,
});

const usNphPenDinner = record({
  id: 'rw-us-nph-pen-dinner-humalog-pen-bid',
  title: 'Humulin N KwikPen before supper, Humalog KwikPen before breakfast and supper: pens never mix, 3, card',
  rule: 'NPH shares a syringe with a bolus',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Norman'], family: 'Example-Pens', gender: 'male', age: 62, daysSinceBirthday: 222 },
      {
        basal: [
          order(ctx, 'us', 'basal', {
            med: drug(US_RX.humulinNKwikPen),
            authoredDaysAgo: 400,
            dosage: [usDose.when(28, ['ACV'], 'Inject 28 units under the skin before supper')],
          }),
        ],
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 400,
            dosage: [usDose.when(10, ['ACM', 'ACV'], 'Inject 10 units under the skin before breakfast and supper')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-nph-pen-dinner-humalog-pen-bid', 9.1, STANDARD_EVIDENCE),
});

export const PUMP_SPLIT_MIXED_RECORDS: readonly FixturePatient[] = [
  usSplitMixed,
  usNphBedtime,
  usNphRegularBid,
  frSplitMixed,
  frNphCoucher,
  frNphMatinSoir,
  usNphPenDinner,
];
