import type { MedicationRequest } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord, t1dTrial } from './trial-onset-records.js';
import { excludedBy, otherReport } from './trial-review-fourteen-records.js';
import { negativeSerologies } from './trial-review-twelve-records.js';
import {
  cim10,
  conditionOf,
  daysBeforeDate,
  drinksOf,
  fullMatch,
  lantusOrder,
  nafldTrial,
  pumpCardOf,
  record,
  type StyledContext,
} from './trial-builders.js';

/*
 * NCT05153070 records from a regression review (2026-12-07): an insulin order with no authoredOn,
 * dated only by its prescription's validity (`dispenseRequest.validityPeriod.start`), was left out
 * of the days a drug for diabetes has been on file, and the card shown beside a type 1 code of last
 * month though the insulin was prescribed 5 months ago. The control: a validity that began after
 * the diagnosis.
 *
 * NCT04270656 records the same review found given the card: an alcohol problem coded outside
 * F10.1/F10.2 (Korsakoff F10.6, alcoholic polyneuropathy G62.1), a liver cancer not said to be
 * hepatocellular (C22.9), a primary sclerosing cholangitis under CIM-10 K83.0 (now to confirm: the
 * code also holds an acute cholangitis, whose resolved episode excludes nothing), a hepatorenal
 * syndrome (K76.7), and oesophageal varices written with the ligature "œ". NCT05153070: a type 1
 * diabetes due to a checkpoint inhibitor named by its brand ("due to Keytruda"). And a count of 0
 * drinks whose note puts heavy drinking just before ("auparavant 6 verres/jour", "previously 12
 * beers/day") ruled the alcohol exclusion out; "Ancien buveur excessif" on the problem list named
 * nothing.
 */

/** The newest count of drinks, 0 a day, with a note. */
function noDrinksWithNote(ctx: StyledContext, note: string) {
  return { ...drinksOf(ctx, 'drinks-now', 0, 5), note: [{ text: note }] };
}

/** A Lantus order with no authoredOn, valid from `validDaysAgo` for a year. */
function undatedLantus(ctx: StyledContext, validDaysAgo: number): MedicationRequest {
  const order = lantusOrder(ctx, 'basal-undated');
  delete order.authoredOn;
  const from = daysBeforeDate(ctx, validDaysAgo);
  const until = daysBeforeDate(ctx, validDaysAgo - 365);
  return {
    ...order,
    dispenseRequest: {
      validityPeriod: { start: from.toISOString().slice(0, 10), end: until.toISOString().slice(0, 10) },
    },
  };
}

export const TRIAL_REVIEW_SEVENTEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-t1d-new-code-undated-insulin-valid-150-days',
    title:
      'Type 1 diabetes coded 40 days ago; a Lantus order with no authoredOn, its prescription valid from 150 days ago: insulin prescribed 5 months ago, the diabetes is not recent, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Miles', family: 'Example-Validity', gender: 'male', age: 24 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        { insulinDaysAgo: 40, extra: [undatedLantus(ctx, 150)] },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'met', 'insulin-recent': 'not-met', 'age-16-35': 'met' },
    },
  }),
  record({
    id: 'rw-fr-dt1-recent-insuline-sans-date-30-j-temoin',
    title:
      'Témoin : diabète de type 1 codé il y a 40 jours, une ordonnance de Lantus sans date de rédaction, valable depuis 30 jours : l’insuline suit le diagnostic, NCT05153070 proposé',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Hugo', family: 'Exemple-Validite', gender: 'male', age: 22 },
        (c) => [conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        { insulinDaysAgo: 40, extra: [undatedLantus(ctx, 30)] },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(true, 'met', ['Condition/rw-fr-dt1-recent-insuline-sans-date-30-j-temoin-t1d']),
  }),
  excludedBy({
    id: 'rw-fr-f106-syndrome-de-korsakoff',
    title: 'CIM-10 F10.6 « Syndrome de Korsakoff » au problème : une alcoolisation chronique, pas de carte NCT04270656',
    style: 'fr',
    records: (ctx) => [
      conditionOf(ctx, 'korsakoff', {
        code: codeable(
          cim10('F10.6', "Troubles mentaux et du comportement liés à l'utilisation d'alcool : syndrome amnésique"),
          'Syndrome de Korsakoff',
        ),
        onsetDaysAgo: 2400,
      }),
    ],
    criteria: { 'no-chronic-alcohol': 'not-met' },
  }),
  excludedBy({
    id: 'rw-us-g621-alcoholic-polyneuropathy',
    title: 'G62.1 "Alcoholic polyneuropathy" on the problem list: chronic heavy drinking, no NCT04270656 card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'neuropathy', {
        code: codeable([coding('icd10cm', 'G62.1', 'Alcoholic polyneuropathy')], 'Alcoholic polyneuropathy'),
        onsetDaysAgo: 900,
      }),
    ],
    criteria: { 'no-chronic-alcohol': 'not-met' },
  }),
  excludedBy({
    id: 'rw-us-c229-liver-cancer-unspecified',
    title: 'C22.9 "Liver cancer" on the problem list, not said to be hepatocellular: a liver cancer, no card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'liver-cancer', {
        code: codeable(
          [coding('icd10cm', 'C22.9', 'Malignant neoplasm of liver, not specified as primary or secondary')],
          'Liver cancer',
        ),
        onsetDaysAgo: 200,
      }),
    ],
    criteria: { 'cirrhosis-hcc': 'met' },
  }),
  excludedBy({
    id: 'rw-fr-c229-tumeur-maligne-du-foie',
    title:
      'CIM-10 C22.9 « Tumeur maligne du foie, sans précision » au problème : un cancer du foie, pas de carte NCT04270656',
    style: 'fr',
    records: (ctx) => [
      conditionOf(ctx, 'foie', {
        code: codeable(cim10('C22.9', 'Tumeur maligne du foie, sans précision'), 'Tumeur maligne du foie'),
        onsetDaysAgo: 300,
      }),
    ],
    criteria: { 'cirrhosis-hcc': 'met' },
  }),
  fullMatch({
    id: 'rw-fr-k830-csp-rch-delursan',
    title:
      'CIM-10 K83.0 « CSP associée à une RCH, sous Delursan », sérologies négatives : une cholangite sclérosante primitive sous un code qui tient aussi l’angiocholite aiguë, autre hépatopathie à confirmer',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Bernard',
      extra: (ctx) => [
        conditionOf(ctx, 'csp', {
          code: codeable(cim10('K83.0', 'Angiocholite'), 'CSP associée à une RCH, sous Delursan'),
          onsetDaysAgo: 2000,
        }),
        ...negativeSerologies(ctx),
      ],
    },
    pump: pumpCardOf('rw-fr-k830-csp-rch-delursan'),
    nafld: nafldTrial(true, { 'no-chronic-liver-disease': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-k830-angiocholite-aigue-2019-resolue',
    title:
      'Témoin : CIM-10 K83.0 « Angiocholite aiguë lithiasique (2019) », résolue : un épisode guéri, aucune hépatopathie chronique, NCT04270656 proposé',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Pascal',
      extra: (ctx) => [
        conditionOf(ctx, 'angiocholite', {
          code: codeable(cim10('K83.0', 'Angiocholite'), 'Angiocholite aiguë lithiasique (2019)'),
          onsetDaysAgo: 2500,
          clinicalStatus: 'resolved',
          abatementDaysAgo: 2480,
        }),
        ...negativeSerologies(ctx),
      ],
    },
    pump: pumpCardOf('rw-fr-k830-angiocholite-aigue-2019-resolue'),
    nafld: nafldTrial(true, { 'no-chronic-liver-disease': 'met' }),
  }),
  excludedBy({
    id: 'rw-us-k767-hepatorenal-syndrome',
    title: 'K76.7 "Hepatorenal syndrome" on the problem list: an advanced liver disease, no NCT04270656 card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'hrs', {
        code: codeable([coding('icd10cm', 'K76.7', 'Hepatorenal syndrome')], 'Hepatorenal syndrome'),
        onsetDaysAgo: 150,
      }),
    ],
    criteria: { 'no-chronic-liver-disease': 'not-met' },
  }),
  excludedBy({
    id: 'rw-fr-varices-oesophagiennes-ligature-oe',
    title:
      'Compte rendu de fibroscopie « Varices œsophagiennes de grade 2, ligature de 3 anneaux » (œ en ligature) : une hépatopathie chronique, pas de carte NCT04270656',
    style: 'fr',
    records: (ctx) => [
      otherReport(
        ctx,
        'fogd',
        'Fibroscopie œso-gastro-duodénale',
        '18751-8',
        'Varices œsophagiennes de grade 2, ligature de 3 anneaux. Muqueuse gastrique normale.',
      ),
    ],
    criteria: { 'no-chronic-liver-disease': 'not-met' },
  }),
  record({
    id: 'rw-us-t1d-due-to-keytruda',
    title:
      'E10.9 "Type 1 diabetes mellitus due to Keytruda (pembrolizumab)", 40 days ago: a diabetes caused by a checkpoint inhibitor is of another type, no NCT05153070 card',
    rule: 'an exclusion named in problem-list words',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Walter', family: 'Example-Checkpoint', gender: 'male', age: 33 },
        (c) => [
          conditionOf(c, 't1d', {
            code: codeable(
              [coding('icd10cm', 'E10.9', 'Type 1 diabetes mellitus without complications')],
              'Type 1 diabetes mellitus due to Keytruda (pembrolizumab)',
            ),
            onsetDaysAgo: 40,
            recordedDaysAgo: 40,
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: { fires: false, partial: true, criteria: { 'other-diabetes-type': 'unknown' } },
  }),
  fullMatch({
    id: 'rw-fr-alcool-0-auparavant-6-verres',
    title:
      '0 verre/j il y a 5 jours, note « Abstinence depuis 1 mois ; auparavant 6 verres/jour » : un buveur excessif sevré depuis peu, la limite d’alcool reste à confirmer',
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Marcel',
      extra: (ctx) => [noDrinksWithNote(ctx, 'Abstinence depuis 1 mois ; auparavant 6 verres/jour.')],
    },
    pump: pumpCardOf('rw-fr-alcool-0-auparavant-6-verres'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-drinks-0-previously-12-beers',
    title:
      '0 drinks/day 5 days ago, note "Quit drinking 10/2026, previously 12 beers/day x 15 yrs": heavy drinking just stopped, the alcohol limit is to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Dwight',
      extra: (ctx) => [noDrinksWithNote(ctx, 'Quit drinking 10/2026, previously 12 beers/day x 15 yrs.')],
    },
    pump: pumpCardOf('rw-us-drinks-0-previously-12-beers'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-ancien-buveur-excessif',
    title:
      'Problème « Ancien buveur excessif, abstinent depuis 2019 » : une consommation excessive passée, l’alcool reste à confirmer',
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Lucien',
      extra: (ctx) => [
        conditionOf(ctx, 'buveur', {
          code: codeable([coding('snomed', '82581004', 'Ex-drinker')], 'Ancien buveur excessif, abstinent depuis 2019'),
          onsetDaysAgo: 2500,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-ancien-buveur-excessif'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown' }),
  }),
];
