import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { reportPatient } from './liver-report-patient.js';
import { cim10, conditionOf, fullMatch, nafldTrial, pumpCardOf } from './trial-builders.js';

/*
 * How NCT04270656 reads liver findings in words (docs/clinical-rules.md, "Liver steatosis"):
 * steatosis said to be gone ("disparition", "interval resolution"), hedged ("may represent ...
 * versus"), a steatosis code whose own words deny it, an alcoholic cause named in words, and
 * "évoquant une stéatose", which affirms; denials after a comma or a copula, a grade of zero,
 * another organ's steatosis, a study that could not tell; and a hepatocellular carcinoma named in a
 * study, which the trial excludes with cirrhosis.
 */

export const LIVER_WORDS_RECORDS: readonly FixturePatient[] = [
  reportPatient({
    id: 'rw-us-us-hepatocellular-carcinoma',
    title:
      'Ultrasound "Hepatic steatosis. 2.1 cm hepatocellular carcinoma in segment VII.": the carcinoma excludes, no trial card',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'does-not-fire',
    given: 'Norman',
    daysAgo: 35,
    conclusion: 'Hepatic steatosis. 2.1 cm hepatocellular carcinoma in segment VII.',
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  reportPatient({
    id: 'rw-us-us-li-rads-5-hcc',
    title:
      'Ultrasound "Hepatic steatosis. LI-RADS 5 observation in segment VII (HCC).": cirrhosis or carcinoma to confirm, the trial card fires with it to check',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'unknown',
    given: 'Wendell',
    daysAgo: 35,
    conclusion: 'Hepatic steatosis. LI-RADS 5 observation in segment VII (HCC). MRI recommended.',
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-pas-argument-chc',
    title: "Échographie « Stéatose hépatique. Pas d'argument pour un CHC. » : le carcinome est écarté, l'essai sort",
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'fires',
    given: 'Lucien',
    daysAgo: 35,
    conclusion: "Stéatose hépatique. Pas d'argument pour un CHC. Rate de taille normale.",
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'not-met' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-carcinome-hepatocellulaire',
    title:
      "Échographie « Stéatose hépatique. Nodule de 2 cm du segment VI : carcinome hépatocellulaire. » : le carcinome exclut, pas d'essai",
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Gilbert',
    daysAgo: 35,
    conclusion: 'Stéatose hépatique. Nodule de 2 cm du segment VI : carcinome hépatocellulaire.',
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  // Before 2026-12-06 (evening) a focal word doubted any finding, and "nodulaire" was one: the
  // cirrhosis was to confirm and the trial card fired. Only steatosis must be diffuse.
  reportPatient({
    id: 'rw-fr-echo-cirrhose-nodulaire',
    title: "Échographie « Stéatose hépatique. Cirrhose nodulaire. » : la cirrhose exclut, pas d'essai",
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Bernard',
    daysAgo: 40,
    conclusion: "Stéatose hépatique. Cirrhose nodulaire. Pas d'ascite.",
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-nodule-suspect-chc',
    title:
      "Échographie « Stéatose hépatique. Nodule hépatique suspect de CHC. » : cirrhose ou carcinome à confirmer, l'essai sort avec ce point à vérifier",
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'unknown',
    given: 'Roland',
    daysAgo: 35,
    conclusion: 'Stéatose hépatique. Nodule hépatique suspect de CHC, IRM à prévoir.',
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  reportPatient({
    id: 'rw-us-us-no-evidence-of-hcc',
    title: 'Ultrasound "Hepatic steatosis. No evidence of HCC.": the carcinoma denied, the trial card fires',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'fires',
    given: 'Russell',
    daysAgo: 35,
    conclusion: 'Hepatic steatosis. No evidence of HCC. Normal spleen.',
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'not-met' }),
  }),
  reportPatient({
    id: 'rw-fr-steatose-grade-s0',
    title: "Échographie « Foie : échostructure homogène. Stéatose : S0. » : grade zéro, stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Hervé',
    onlyReport: true,
    daysAgo: 45,
    conclusion: 'Foie : échostructure homogène. Stéatose : S0. Vésicule alithiasique.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  // The zero said again in the other notation read as a range from zero, so some steatosis (a
  // review, 2026-12-06, night).
  reportPatient({
    id: 'rw-us-steatosis-grade-0-s0',
    title: 'Ultrasound "Steatosis grade 0 (S0). CAP 228 dB/m.": graded zero twice, no steatosis, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'does-not-fire',
    given: 'Dwayne',
    onlyReport: true,
    daysAgo: 50,
    conclusion: 'Liver normal in size. Steatosis grade 0 (S0). CAP 228 dB/m. No focal lesion.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-us-steatosis-is-not-present',
    title: 'Ultrasound "Liver normal in size. Steatosis is not present.": denied after a copula, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'does-not-fire',
    given: 'Curtis',
    onlyReport: true,
    daysAgo: 55,
    conclusion: 'Liver normal in size. Steatosis is not present. No focal lesion.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-us-steatosis-unable-to-assess',
    title:
      'Ultrasound "Unable to assess for steatosis due to body habitus": the study could not tell, steatosis unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    given: 'Floyd',
    onlyReport: true,
    daysAgo: 65,
    conclusion: 'Limited study. Unable to assess for steatosis due to body habitus.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-steatose-connue-non-revue',
    title:
      "Échographie récente « Stéatose hépatique connue, non revue ce jour », pas de stéatose sur la liste des problèmes : le déni après la virgule compte, stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Yves',
    onlyReport: true,
    daysAgo: 40,
    conclusion: 'Stéatose hépatique connue, non revue ce jour. Foie de taille normale. Vésicule alithiasique.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-us-steatosis-of-the-pancreas',
    title:
      'No steatosis on the problem list; ultrasound "Steatosis of the pancreas. Liver unremarkable.": another organ, the liver finding unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    given: 'Dennis',
    onlyReport: true,
    daysAgo: 60,
    conclusion: 'Steatosis of the pancreas. Liver unremarkable. No biliary dilatation.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-steatose-disparue',
    title:
      "Échographie récente « Disparition de la stéatose hépatique décrite en 2023 », pas de stéatose sur la liste des problèmes : stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Bernard',
    onlyReport: true,
    daysAgo: 50,
    conclusion:
      'Disparition de la stéatose hépatique décrite en 2023. Foie de taille normale, homogène. Vésicule alithiasique.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-us-steatosis-hedged',
    title:
      'No steatosis on the problem list; RUQ ultrasound "Echogenic liver, which may represent hepatic steatosis versus other infiltrative process": steatosis unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    given: 'Gary',
    onlyReport: true,
    daysAgo: 90,
    conclusion:
      'Echogenic liver, which may represent hepatic steatosis versus other infiltrative process. No focal hepatic lesion.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-evoquant-steatose',
    title:
      "Pas de stéatose sur la liste des problèmes ; échographie « Foie hyperéchogène évoquant une stéatose » : l'échographie l'affirme, l'essai sort",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'fires',
    given: 'Alain',
    onlyReport: true,
    daysAgo: 70,
    conclusion: 'Foie de taille normale, hyperéchogène, évoquant une stéatose. Pas de lésion focale.',
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
  reportPatient({
    id: 'rw-fr-echo-foie-cirrhotique',
    title:
      "Échographie : « Stéatose. Foie d'allure cirrhotique, contours bosselés » and no cirrhosis on the problem list: excluded (cirrhosis)",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Marcel',
    daysAgo: 60,
    conclusion: "Foie hyperéchogène, stéatosique. Foie d'allure cirrhotique, contours bosselés. Pas d'ascite.",
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }, ['DiagnosticReport/rw-fr-echo-foie-cirrhotique-liver-us']),
  }),
  reportPatient({
    id: 'rw-fr-echo-foie-dysmorphique',
    title:
      "Échographie : « Foie stéatosique, dysmorphique à contours bosselés, hypertrophie du segment I » sans le mot cirrhose : cirrhose à confirmer, la carte s'affiche",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    given: 'Roland',
    daysAgo: 60,
    conclusion:
      'Foie hyperéchogène, stéatosique, dysmorphique à contours bosselés. Hypertrophie du segment I. Pas d’ascite.',
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
];
