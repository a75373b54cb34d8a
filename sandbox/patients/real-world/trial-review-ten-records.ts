import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord } from './trial-onset-records.js';
import {
  cim10,
  conditionOf,
  fullMatch,
  imagingReport,
  nafldTrial,
  observationOf,
  pumpCardOf,
  record,
  type StyledContext,
} from './trial-builders.js';

/*
 * Trial records a tenth review (2026-12-07) found decided wrongly, kept as patients:
 * - a pregnancy shown by a status or a test on a record whose gender is "unknown" or not given (the
 *   exclusion read "not male" as unknown, and the card was shown);
 * - a new type 1 diabetes beside a diabetes of another type long on file (MODY, E13), given the
 *   NCT05153070 card as a recent type 1 diabetes;
 * - a liver biopsy that found cirrhosis (METAVIR "A2F4", "established cirrhosis"), read as no study;
 * - an alcohol use disorder marked in remission or resolved, dropped;
 * - ICD-10-CM Z32.01 (positive pregnancy test), read as no pregnancy;
 * - a liver ultrasound that calls the liver normal, after a steatosis on the problem list.
 */

const PREGNANCY_STATUS = codeable([coding('loinc', '82810-3', 'Pregnancy status')], 'Pregnancy status');

/** NCT05153070 when a diabetes of another type is on file beside the new type 1 diabetes. */
const T1D_OTHER_TYPE = {
  fires: false,
  partial: true,
  criteria: { 'other-diabetes-type': 'met', 'age-16-35': 'met' },
} as const;

/** The steatosis on the problem list under K76.0, written in the given words, with an optional note. */
function steatosisWords(ctx: StyledContext, text: string, note?: string) {
  const code =
    ctx.style === 'fr'
      ? cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs')
      : [coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified')];
  const condition = conditionOf(ctx, 'steatosis', { code: codeable(code, text), onsetDaysAgo: 420 });
  return [note ? { ...condition, note: [{ text: note }] } : condition];
}

/** The steatosis on the problem list, then a recent ultrasound whose conclusion is given. */
function normalAfterProblem(ctx: StyledContext, conclusion: string) {
  return [imagingReport(ctx, 'liver-us', { daysAgo: 60, conclusion })];
}

export const TRIAL_REVIEW_TEN_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-gender-unknown-pregnancy-status-pregnant',
    title:
      'Gender "unknown", aged 38, pregnancy status (LOINC 82810-3) "Pregnant" two weeks ago: the pregnancy excludes, no trial card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Riley',
      gender: 'female',
      age: 38,
      patient: (p) => ({ ...p, gender: 'unknown' }),
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'preg-status', { code: PREGNANCY_STATUS, daysAgo: 14, category: 'social-history' }),
          valueCodeableConcept: codeable([coding('snomed', '77386006', 'Pregnant')], 'Pregnant'),
        },
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-sexe-non-renseigne-test-grossesse-positif',
    title:
      'Sexe non renseigné, 36 ans, test de grossesse urinaire « positif » il y a 10 jours : la grossesse exclut, pas de carte essai',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Claude',
      gender: 'female',
      age: 36,
      patient: ({ gender: _unrecorded, ...p }) => p,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'test-grossesse', {
            code: codeable(
              [coding('loinc', '2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine')],
              'Test de grossesse urinaire',
            ),
            daysAgo: 10,
          }),
          valueString: 'Positif',
        },
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met' }),
  }),
  record({
    id: 'rw-fr-dt1-recent-beside-mody-3-ancien',
    title:
      'Diabète de type 1 codé il y a 40 jours, à côté d’un « Diabète MODY 3 (HNF1A) » (E13.8) au dossier depuis 2019 : autre type de diabète, pas de carte NCT05153070',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Maëlle', family: 'Mody-Exemple', gender: 'female', age: 24 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
          conditionOf(c, 'mody', {
            code: codeable(cim10('E13.8', 'Autres diabètes sucrés précisés'), 'Diabète MODY 3 (HNF1A)'),
            onsetDaysAgo: 2760,
            recordedDaysAgo: 2700,
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { 'age-35-70': 'not-met', 'other-diabetes-type': 'met' } },
    t1d: T1D_OTHER_TYPE,
  }),
  record({
    id: 'rw-us-new-t1d-beside-e13-9-since-2020',
    title:
      'Type 1 diabetes coded 33 days ago beside E13.9 "Other specified diabetes mellitus" on file since 2020: another diabetes type, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Tyler', family: 'Example-Other', gender: 'male', age: 30 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 33, recordedDaysAgo: 33 }),
          conditionOf(c, 'e13', {
            code: codeable(
              [coding('icd10cm', 'E13.9', 'Other specified diabetes mellitus without complications')],
              'Other specified diabetes mellitus without complications',
            ),
            onsetDaysAgo: 2300,
          }),
        ],
        { insulinDaysAgo: 33 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { 'age-35-70': 'not-met', 'other-diabetes-type': 'met' } },
    t1d: T1D_OTHER_TYPE,
  }),
  fullMatch({
    id: 'rw-fr-pbh-fibrose-a2f4-metavir',
    title:
      'Ponction biopsie hépatique récente (compte rendu d’anatomopathologie) « Fibrose A2F4 selon METAVIR » : cirrhose, exclu',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Marcel',
      extra: (ctx) => [
        imagingReport(ctx, 'pbh', {
          code: codeable([coding('loinc', '11526-1', 'Pathology study')], 'Ponction biopsie hépatique'),
          daysAgo: 100,
          conclusion: 'Stéatohépatite non alcoolique (NAS 5). Fibrose A2F4 selon METAVIR.',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-pbh-fibrose-a2f4-metavir'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-liver-biopsy-established-cirrhosis',
    title:
      'Liver biopsy pathology report "Steatohepatitis with established cirrhosis (Brunt stage 4)": cirrhosis, excluded',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Harold',
      extra: (ctx) => [
        imagingReport(ctx, 'biopsy', {
          code: codeable([coding('local', 'SP-LIVBX', 'Surgical pathology, liver biopsy')], 'Liver biopsy'),
          daysAgo: 150,
          conclusion: 'Steatohepatitis with established cirrhosis (Brunt stage 4).',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-liver-biopsy-established-cirrhosis'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-alcohol-use-disorder-sustained-remission',
    title:
      'F10.21 "Alcohol use disorder, moderate, in sustained remission" with clinical status remission: alcohol dependence on file, excluded',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Curtis',
      extra: (ctx) => [
        conditionOf(ctx, 'aud', {
          code: codeable(
            [coding('icd10cm', 'F10.21', 'Alcohol dependence, in remission')],
            'Alcohol use disorder, moderate, in sustained remission',
          ),
          onsetDaysAgo: 5400,
          clinicalStatus: 'remission',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-alcohol-use-disorder-sustained-remission'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met', 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-ethylisme-sevre-resolu',
    title: 'Problème « Éthylisme sevré (2015) » marqué résolu : un alcoolisme au dossier, exclu',
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gaston',
      extra: (ctx) => [
        conditionOf(ctx, 'ethylisme', {
          code: codeable([coding('local', 'PB-0451')], 'Éthylisme sevré (2015)'),
          recordedDaysAgo: 3000,
          clinicalStatus: 'resolved',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-ethylisme-sevre-resolu'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met', 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-z32-01-positive-pregnancy-test',
    title:
      'Woman of 40 with ICD-10-CM Z32.01 "Encounter for pregnancy test, result positive" 20 days ago: pregnant, no card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Monica',
      gender: 'female',
      age: 40,
      extra: (ctx) => [
        conditionOf(ctx, 'z3201', {
          code: codeable(
            [coding('icd10cm', 'Z32.01', 'Encounter for pregnancy test, result positive')],
            'Pregnancy test positive',
          ),
          onsetDaysAgo: 20,
          category: 'encounter-diagnosis',
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-normal-liver-us-after-nafld-problem',
    title:
      'NAFLD on the problem list, then an ultrasound two months ago "The liver is normal in size and echogenicity": steatosis to confirm, no trial card',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Walter',
      replace: {
        'liver-us': (ctx) => normalAfterProblem(ctx, 'The liver is normal in size and echogenicity. No gallstones.'),
      },
    },
    pump: pumpCardOf('rw-us-normal-liver-us-after-nafld-problem'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-echo-foie-normal-apres-steatose',
    title:
      'Stéatose au dossier, puis une échographie il y a deux mois « Conclusion : foie normal » : stéatose à confirmer, pas de carte essai',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Arsène',
      replace: {
        'liver-us': (ctx) => normalAfterProblem(ctx, 'Conclusion : foie normal. Vésicule alithiasique.'),
      },
    },
    pump: pumpCardOf('rw-fr-echo-foie-normal-apres-steatose'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  // A steatosis whose own words name alcohol (a review, 2026-12-07): an alcoholic part, excluded.
  fullMatch({
    id: 'rw-us-hepatic-steatosis-etoh-related',
    title: 'Problem "Hepatic steatosis (EtOH-related)" under K76.0: an alcoholic steatosis, excluded, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Dale',
      replace: { steatosis: (ctx) => steatosisWords(ctx, 'Hepatic steatosis (EtOH-related)') },
    },
    pump: pumpCardOf('rw-us-hepatic-steatosis-etoh-related'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met', steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-hepatique-oh',
    title: 'Problème « Stéatose hépatique OH » (K76.0) : une stéatose alcoolique, exclu, pas de carte essai',
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Lucien',
      replace: { steatosis: (ctx) => steatosisWords(ctx, 'Stéatose hépatique OH') },
    },
    pump: pumpCardOf('rw-fr-steatose-hepatique-oh'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met', steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-nafld-note-drinks-6-beers-daily',
    title:
      'NAFLD (K76.0) with the note "Pt drinks 6 beers daily": alcohol beside the steatosis, no alcoholic liver disease to confirm',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Rusty',
      replace: { steatosis: (ctx) => steatosisWords(ctx, 'NAFLD', 'Pt drinks 6 beers daily per wife.') },
    },
    pump: pumpCardOf('rw-us-nafld-note-drinks-6-beers-daily'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown', steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-non-alcoolique-pas-d-oh',
    title:
      'Problème « Stéatose hépatique non alcoolique, pas d’OH » (K76.0) : l’alcool est nié, la carte essai s’affiche',
    rule: 'steatosis in words',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Émile',
      replace: { steatosis: (ctx) => steatosisWords(ctx, 'Stéatose hépatique non alcoolique, pas d’OH') },
    },
    pump: pumpCardOf('rw-fr-steatose-non-alcoolique-pas-d-oh'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'met', steatosis: 'met' }),
  }),
  // A control: the liver's size alone says nothing of fat; the steatosis on file stands.
  fullMatch({
    id: 'rw-us-liver-normal-size-after-nafld',
    title:
      'NAFLD on the problem list, then an ultrasound "Liver is normal in size. Cholelithiasis.": nothing said of fat, the trial card shows',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Eugene',
      replace: {
        'liver-us': (ctx) => normalAfterProblem(ctx, 'Liver is normal in size. Cholelithiasis without cholecystitis.'),
      },
    },
    pump: pumpCardOf('rw-us-liver-normal-size-after-nafld'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
];
