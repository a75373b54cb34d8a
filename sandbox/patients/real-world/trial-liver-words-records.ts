import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { cim10, conditionOf, fullMatch, imagingReport, nafldTrial, pumpCardOf } from './trial-builders.js';

/*
 * How NCT04270656 reads liver findings in words (docs/clinical-rules.md, "Liver steatosis"):
 * steatosis said to be gone ("disparition", "interval resolution"), hedged ("may represent ...
 * versus"), a steatosis code whose own words deny it, an alcoholic cause named in words, and
 * "évoquant une stéatose", which affirms.
 */

export const LIVER_WORDS_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-echo-carcinome-hepatocellulaire',
    title:
      "Échographie « Stéatose hépatique. Nodule de 2 cm du segment VI : carcinome hépatocellulaire. » : le carcinome exclut, pas d'essai",
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gilbert',
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 35,
            conclusion: 'Stéatose hépatique. Nodule de 2 cm du segment VI : carcinome hépatocellulaire.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-echo-carcinome-hepatocellulaire'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-echo-nodule-suspect-chc',
    title:
      "Échographie « Stéatose hépatique. Nodule hépatique suspect de CHC. » : cirrhose ou carcinome à confirmer, l'essai sort avec ce point à vérifier",
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Roland',
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 35,
            conclusion: 'Stéatose hépatique. Nodule hépatique suspect de CHC, IRM à prévoir.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-echo-nodule-suspect-chc'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-us-no-evidence-of-hcc',
    title: 'Ultrasound "Hepatic steatosis. No evidence of HCC.": the carcinoma denied, the trial card fires',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Russell',
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 35,
            conclusion: 'Hepatic steatosis. No evidence of HCC. Normal spleen.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-us-no-evidence-of-hcc'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-grade-s0',
    title: "Échographie « Foie : échostructure homogène. Stéatose : S0. » : grade zéro, stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Hervé',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 45,
            conclusion: 'Foie : échostructure homogène. Stéatose : S0. Vésicule alithiasique.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-steatose-grade-s0'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-steatosis-is-not-present',
    title: 'Ultrasound "Liver normal in size. Steatosis is not present.": denied after a copula, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Curtis',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 55,
            conclusion: 'Liver normal in size. Steatosis is not present. No focal lesion.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-steatosis-is-not-present'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-steatosis-unable-to-assess',
    title:
      'Ultrasound "Unable to assess for steatosis due to body habitus": the study could not tell, steatosis unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Floyd',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 65,
            conclusion: 'Limited study. Unable to assess for steatosis due to body habitus.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-steatosis-unable-to-assess'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-connue-non-revue',
    title:
      "Échographie récente « Stéatose hépatique connue, non revue ce jour », pas de stéatose sur la liste des problèmes : le déni après la virgule compte, stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Yves',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 40,
            conclusion: 'Stéatose hépatique connue, non revue ce jour. Foie de taille normale. Vésicule alithiasique.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-steatose-connue-non-revue'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-steatosis-of-the-pancreas',
    title:
      'No steatosis on the problem list; ultrasound "Steatosis of the pancreas. Liver unremarkable.": another organ, the liver finding unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Dennis',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 60,
            conclusion: 'Steatosis of the pancreas. Liver unremarkable. No biliary dilatation.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-steatosis-of-the-pancreas'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-disparue',
    title:
      "Échographie récente « Disparition de la stéatose hépatique décrite en 2023 », pas de stéatose sur la liste des problèmes : stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Bernard',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 50,
            conclusion:
              'Disparition de la stéatose hépatique décrite en 2023. Foie de taille normale, homogène. Vésicule alithiasique.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-steatose-disparue'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-steatosis-hedged',
    title:
      'No steatosis on the problem list; RUQ ultrasound "Echogenic liver, which may represent hepatic steatosis versus other infiltrative process": steatosis unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Gary',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 90,
            conclusion:
              'Echogenic liver, which may represent hepatic steatosis versus other infiltrative process. No focal hepatic lesion.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-steatosis-hedged'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-evoquant-steatose',
    title:
      "Pas de stéatose sur la liste des problèmes ; échographie « Foie hyperéchogène évoquant une stéatose » : l'échographie l'affirme, l'essai sort",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Alain',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 70,
            conclusion: 'Foie de taille normale, hyperéchogène, évoquant une stéatose. Pas de lésion focale.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-evoquant-steatose'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-k760-ruled-out',
    title:
      'K76.0 on the problem list reading "Fatty liver ruled out on imaging", and no imaging on file: its words doubt its code, steatosis unknown',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Roger',
      without: ['liver-us'],
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable(
              [coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified')],
              'Fatty liver ruled out on imaging',
            ),
            recordedDaysAgo: 400,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-k760-ruled-out'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-alcoolique-mots',
    title:
      "K76.0 « Stéatose hépatique d'origine alcoolique » (CIM-10 de la stéatose non alcoolique, cause alcoolique en toutes lettres) : hépatopathie alcoolique, exclu",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Marcel',
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable(
              cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs'),
              "Stéatose hépatique d'origine alcoolique",
            ),
            recordedDaysAgo: 500,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-steatose-alcoolique-mots'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-medicamenteuse',
    title:
      'Problem list « Stéatose hépatique médicamenteuse (amiodarone) » under a local code: a drug-induced steatosis is not NAFLD, excluded',
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gilbert',
      extra: (ctx) => [
        conditionOf(ctx, 'steatose-med', {
          code: codeable(
            [coding('local', 'PB-0442', 'Stéatose médicamenteuse')],
            'Stéatose hépatique médicamenteuse (amiodarone)',
          ),
          onsetDaysAgo: 700,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-steatose-medicamenteuse'),
    nafld: nafldTrial(false, { 'toxic-hepatitis': 'met' }, ['Condition/rw-fr-steatose-medicamenteuse-steatose-med']),
  }),
  fullMatch({
    id: 'rw-fr-echo-foie-cirrhotique',
    title:
      "Échographie : « Stéatose. Foie d'allure cirrhotique, contours bosselés » and no cirrhosis on the problem list: excluded (cirrhosis)",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Marcel',
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 60,
            conclusion: "Foie hyperéchogène, stéatosique. Foie d'allure cirrhotique, contours bosselés. Pas d'ascite.",
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-echo-foie-cirrhotique'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }, ['DiagnosticReport/rw-fr-echo-foie-cirrhotique-liver-us']),
  }),
  fullMatch({
    id: 'rw-fr-echo-foie-dysmorphique',
    title:
      "Échographie : « Foie stéatosique, dysmorphique à contours bosselés, hypertrophie du segment I » sans le mot cirrhose : cirrhose à confirmer, la carte s'affiche",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Roland',
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 60,
            conclusion:
              'Foie hyperéchogène, stéatosique, dysmorphique à contours bosselés. Hypertrophie du segment I. Pas d’ascite.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-echo-foie-dysmorphique'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
];
