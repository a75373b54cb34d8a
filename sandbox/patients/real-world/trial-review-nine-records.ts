import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  conditionOf,
  DRUGS,
  orderOf,
  tabletDose,
  containedLabReport,
  creatinineOf,
  egfrOf,
  fullMatch,
  imagingReport,
  nafldTrial,
  observationOf,
  pumpCardOf,
} from './trial-builders.js';

/*
 * NCT04270656 records a ninth review (2026-12-06) found deciding the trial wrongly: an HBV viral
 * load under its usual LOINC code, a hepatocellular carcinoma written "CHC", fibrosis graded F4 or a
 * stiffness that does not rule out cirrhosis, a creatinine newer than the eGFR, dialysis, a
 * steatosis written as mixed (metabolic and alcohol), a steatosis "no longer seen" or only to be
 * ruled out, a weaned heavy drinker, chronic alcohol intoxication in the registry's own words, and
 * ICD-10-CM E83.0.
 */

const FIBROSCAN = codeable([coding('local', 'FIBRO', 'Élastométrie hépatique (FibroScan)')], 'FibroScan hépatique');

export const TRIAL_REVIEW_NINE_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-hbv-dna-42595-9',
    title:
      'HBsAg negative last year, then an HBV viral load (LOINC 42595-9) of 1,500 IU/mL: chronic hepatitis B, excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Norman',
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'hbv-dna', {
            code: codeable(
              [
                coding(
                  'loinc',
                  '42595-9',
                  'Hepatitis B virus DNA [Units/volume] (viral load) in Serum or Plasma by Probe and target amplification method',
                ),
              ],
              'HBV DNA, Quantitative PCR',
            ),
            daysAgo: 30,
          }),
          valueQuantity: { value: 1500, unit: 'IU/mL', system: 'http://unitsofmeasure.org', code: '[IU]/mL' },
        },
      ],
    },
    pump: pumpCardOf('rw-us-hbv-dna-42595-9'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-chc-sur-nash',
    title:
      'Problème « CHC sur foie de NASH, traité par radiofréquence » (code local) : carcinome hépatocellulaire, exclu',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Raymond',
      extra: (ctx) => [
        conditionOf(ctx, 'chc', {
          code: codeable([coding('local', 'PB-812')], 'CHC sur foie de NASH, traité par radiofréquence'),
          recordedDaysAgo: 400,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-chc-sur-nash'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-epic-hcc-suffix',
    title:
      'Problems displayed as Epic writes them, "NAFLD (nonalcoholic fatty liver disease) (HCC)": the suffix is a risk category, not a carcinoma; the card shows',
    rule: 'steatosis in words',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Gordon',
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable(
              [
                coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified'),
                coding('snomed', '197321007', 'Steatosis of liver'),
              ],
              'NAFLD (nonalcoholic fatty liver disease) (HCC)',
            ),
            onsetDaysAgo: 420,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-epic-hcc-suffix'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-fibroscan-f4-metavir',
    title: 'FibroScan récent « Élastométrie 14 kPa soit F4 (METAVIR). CAP 310 dB/m » : fibrose F4, cirrhose, exclu',
    rule: 'liver studies other than ultrasound',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Fernand',
      extra: (ctx) => [
        imagingReport(ctx, 'fibroscan', {
          code: FIBROSCAN,
          daysAgo: 20,
          conclusion: 'Élastométrie hépatique 14 kPa soit F4 (METAVIR). CAP 310 dB/m.',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-fibroscan-f4-metavir'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-fibroscan-stiffness-11',
    title:
      'FibroScan "Liver stiffness 11.2 kPa" with no grade: advanced liver disease not ruled out, cirrhosis to confirm',
    rule: 'liver studies other than ultrasound',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Clyde',
      extra: (ctx) => [
        imagingReport(ctx, 'fibroscan', {
          code: codeable([coding('local', 'ELASTO', 'FibroScan liver elastography')], 'FibroScan'),
          daysAgo: 20,
          conclusion: 'Liver stiffness (E) median 11.2 kPa, IQR/med 14%.',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-fibroscan-stiffness-11'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-creatinine-newer-than-egfr',
    title:
      'eGFR 72 ten months ago, then a creatinine of 4.8 mg/dL ten days ago with no eGFR: kidney function to confirm',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Eugene',
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 72, daysAgo: 300 }),
          creatinineOf(ctx, 'creat-old', 300, 95),
          creatinineOf(ctx, 'creat', 10, 424),
        ],
      },
    },
    pump: pumpCardOf('rw-us-creatinine-newer-than-egfr'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-dialysis-z99-2',
    title: 'Z99.2 "Dependence on renal dialysis" on the problem list, no recent eGFR: severe renal failure, excluded',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Irving',
      without: ['egfr'],
      extra: (ctx) => [
        conditionOf(ctx, 'dialysis', {
          code: codeable([coding('icd10cm', 'Z99.2', 'Dependence on renal dialysis')], 'Dependence on renal dialysis'),
          onsetDaysAgo: 500,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-dialysis-z99-2'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-mixte-oh',
    title:
      'Stéatose notée « Stéatose hépatique mixte (métabolique et OH) » (code local) : une part alcoolique, l’essai sort',
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Maurice',
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable([coding('local', 'PB-433')], 'Stéatose hépatique mixte (métabolique et OH)'),
            recordedDaysAgo: 400,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-steatose-mixte-oh'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-echo-steatose-plus-visible',
    title:
      'Seule imagerie : « La stéatose décrite en 2021 n’est plus visible », pas de stéatose au problème : pas de stéatose, l’essai sort',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Odette',
      gender: 'female',
      age: 61,
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 60,
            conclusion: 'La stéatose décrite en 2021 n’est plus visible. Foie de taille normale, homogène.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-echo-steatose-plus-visible'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-echo-pour-eliminer',
    title:
      'Seule imagerie : « Échographie demandée pour éliminer une stéatose. Foie normal. » : une question, stéatose à confirmer',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Josette',
      gender: 'female',
      age: 60,
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 60,
            conclusion: 'Échographie demandée pour éliminer une stéatose. Foie normal.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-echo-pour-eliminer'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-alcool-sevre-ancien-ethylique',
    title:
      '« Consommation d’alcool : 0 - sevré depuis 2019 (ancien éthylique) » (code local) : la limite d’alcool reste à confirmer',
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Roger',
      extra: (ctx) => [
        containedLabReport(
          ctx,
          'addicto',
          codeable([coding('local', 'ADDICTO', 'Bilan addictologie')], 'Bilan addictologie'),
          10,
          [
            observationOf(ctx, 'alcool', {
              code: codeable([coding('local', 'OHCONSO', "Consommation d'alcool")], "Consommation d'alcool"),
              category: 'social-history',
              daysAgo: 10,
              valueString: '0 - sevré depuis 2019 (ancien éthylique)',
            }),
          ],
        ),
      ],
    },
    pump: pumpCardOf('rw-fr-alcool-sevre-ancien-ethylique'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-intoxication-alcoolique-chronique',
    title: 'Problème « Intoxication alcoolique chronique » (code local) : les mots du registre, l’essai sort',
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Albert',
      extra: (ctx) => [
        conditionOf(ctx, 'oh', {
          code: codeable([coding('local', 'PB-120')], 'Intoxication alcoolique chronique'),
          recordedDaysAgo: 700,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-intoxication-alcoolique-chronique'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-glipizide-lapsed-prescription',
    title:
      'Glipizide still "active" on the medication list, its prescription lapsed 60 days ago (Epic keeps it listed): another antidiabetic to confirm',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Herschel',
      extra: (ctx) => [
        {
          ...orderOf(ctx, 'glipizide', {
            drug: { concept: DRUGS.oldSulfonylurea.us },
            authoredDaysAgo: 800,
            dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily before breakfast')],
          }),
          dispenseRequest: {
            validityPeriod: {
              start: new Date(ctx.today.getTime() - 425 * 86_400_000).toISOString().slice(0, 10),
              end: new Date(ctx.today.getTime() - 60 * 86_400_000).toISOString().slice(0, 10),
            },
          },
        },
      ],
    },
    pump: pumpCardOf('rw-us-glipizide-lapsed-prescription'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-e83-0-copper',
    title:
      'ICD-10-CM E83.0 "Disorders of copper metabolism" (Wilson disease in an adult): a chronic liver disease, excluded',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Lowell',
      extra: (ctx) => [
        conditionOf(ctx, 'copper', {
          code: codeable([coding('icd10cm', 'E83.0', 'Disorders of copper metabolism')], 'Wilson disease'),
          onsetDaysAgo: 4000,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-e83-0-copper'),
    nafld: nafldTrial(false, { 'no-chronic-liver-disease': 'not-met' }),
  }),
];
