import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  containedLabReport,
  fullMatch,
  imagingReport,
  nafldTrial,
  observationOf,
  pumpCardOf,
  qty,
} from './trial-builders.js';

/*
 * Liver and alcohol records a review found deciding NCT04270656 (docs/clinical-rules.md, "Liver
 * steatosis" and "Alcohol"): a problem-list steatosis that a newer normal study contradicts,
 * problem texts that deny steatosis, alcohol recorded in other forms than drinks a day, heavy
 * drinking coded short of abuse, and primary sclerosing cholangitis by its ICD-10-CM code.
 */

const NORMAL_US = {
  fr: 'Foie de taille normale, homogène, sans stéatose. Vésicule alithiasique.',
  us: 'Normal liver echotexture. No hepatic steatosis.',
};

export const LIVER_REVIEW_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-k760-ancien-echo-normale',
    title:
      'K76.0 depuis plus d’un an, échographie récente « sans stéatose » : la liste des problèmes ne suffit plus, stéatose à confirmer',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Hervé',
      replace: { 'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo: 60, conclusion: NORMAL_US.fr })] },
    },
    pump: pumpCardOf('rw-fr-k760-ancien-echo-normale'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-old-k760-new-normal-us',
    title: 'NAFLD on the problem list for over a year, then an ultrasound "No hepatic steatosis": steatosis to confirm',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Dwight',
      replace: { 'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo: 45, conclusion: NORMAL_US.us })] },
    },
    pump: pumpCardOf('rw-us-old-k760-new-normal-us'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-k760-apres-echo-normale',
    title:
      'Échographie normale il y a 2 ans, puis K76.0 posé il y a 3 mois : la stéatose est plus récente, l’essai sort',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Yvon',
      replace: {
        'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo: 730, conclusion: NORMAL_US.fr })],
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable(
              cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs'),
              'Stéatose hépatique',
            ),
            onsetDaysAgo: 90,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-k760-apres-echo-normale'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-k760-puis-cap-205',
    title:
      'K76.0 et échographie avec stéatose, puis FibroScan récent CAP 205 dB/m (sous le seuil) : stéatose à confirmer',
    rule: 'liver studies other than ultrasound',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Lucien',
      extra: (ctx) => [
        containedLabReport(
          ctx,
          'fibroscan',
          codeable([coding('local', 'FIBRO', 'FibroScan')], 'FibroScan hépatique'),
          20,
          [
            observationOf(ctx, 'fibroscan-cap', {
              code: codeable([coding('local', 'FIBRO-CAP', 'FibroScan - CAP')], 'FibroScan CAP'),
              category: 'imaging',
              daysAgo: 20,
              valueQuantity: qty(205, 'dB/m'),
            }),
          ],
        ),
      ],
    },
    pump: pumpCardOf('rw-fr-k760-puis-cap-205'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-probleme-steatose-absente',
    title:
      "Liste des problèmes « Stéatose hépatique : absente à l'écho 2024 » (code local), pas d'imagerie : stéatose à confirmer",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Armand',
      without: ['liver-us'],
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable([coding('local', 'PB-200')], "Stéatose hépatique : absente à l'écho 2024"),
            recordedDaysAgo: 300,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-probleme-steatose-absente'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-fatty-liver-not-seen',
    title: 'Problem list "Fatty liver - not seen on US 2025" under a local code, no imaging: steatosis to confirm',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Elmer',
      without: ['liver-us'],
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable([coding('local', 'PB-4455')], 'Fatty liver - not seen on US 2025'),
            recordedDaysAgo: 300,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-fatty-liver-not-seen'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-score-audit-c-local',
    title: '« Score AUDIT-C » 10 sous un code local, plus récent que 1 verre/jour : exclu (alcool)',
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gaston',
      extra: (ctx) => [
        containedLabReport(
          ctx,
          'addicto',
          codeable([coding('local', 'ADDICTO', 'Bilan addictologie')], 'Bilan addictologie'),
          10,
          [
            observationOf(ctx, 'audit-c', {
              code: codeable([coding('local', 'AUDC', 'Score AUDIT-C')], 'Score AUDIT-C'),
              category: 'social-history',
              daysAgo: 10,
              valueQuantity: qty(10, '{score}'),
            }),
          ],
        ),
      ],
    },
    pump: pumpCardOf('rw-fr-score-audit-c-local'),
    nafld: nafldTrial(false, { 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-audit-c-q2-typical-day',
    title:
      'AUDIT-C question 2 (68519-8) "10 or more" newer than 1 drink a day: not drinks a day, the alcohol limit is to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Lyle',
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'audit-q2', {
            code: codeable(
              [coding('loinc', '68519-8', 'How many standard drinks containing alcohol do you have on a typical day')],
              'AUDIT-C Q2: drinks on a typical day',
            ),
            category: 'social-history',
            daysAgo: 10,
          }),
          valueCodeableConcept: codeable([coding('loinc', 'LA18930-7', '10 or more')], '10 or more'),
        },
      ],
    },
    pump: pumpCardOf('rw-us-audit-c-q2-typical-day'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-heavy-drinker-sct',
    title:
      'SNOMED 86933000 "Heavy drinker" on the problem list, 1 drink a day recorded: both alcohol criteria to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Buck',
      extra: (ctx) => [
        conditionOf(ctx, 'heavy-drinker', {
          code: codeable([coding('snomed', '86933000', 'Heavy drinker')], 'Heavy drinker'),
          onsetDaysAgo: 900,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-heavy-drinker-sct'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown', 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-z721-consommation-risque',
    title: "CIM-10 Z72.1 « Consommation d'alcool à risque », 1 verre/jour saisi : les deux critères alcool à confirmer",
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Fernand',
      extra: (ctx) => [
        conditionOf(ctx, 'alcool-risque', {
          code: codeable(cim10('Z72.1', "Consommation d'alcool"), "Consommation d'alcool à risque"),
          onsetDaysAgo: 1000,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-z721-consommation-risque'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown', 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-k8301-psc',
    title: 'ICD-10-CM K83.01 (primary sclerosing cholangitis) with no display: a chronic liver disease, excluded',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Wendell',
      extra: (ctx) => [conditionOf(ctx, 'psc', { code: codeable([coding('icd10cm', 'K83.01')]), onsetDaysAgo: 1500 })],
    },
    pump: pumpCardOf('rw-us-k8301-psc'),
    nafld: nafldTrial(false, { 'no-chronic-liver-disease': 'not-met' }),
  }),
];
