import type { CodeableConcept } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord, t1dTrial } from './trial-onset-records.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  DRUGS,
  fullMatch,
  imagingReport,
  nafldTrial,
  orderOf,
  pumpCardOf,
  record,
  statementOf,
  STEATOSIS_CONCLUSION,
  tabletDose,
  type StyledContext,
} from './trial-builders.js';

/*
 * Trial records an eleventh review (2026-12-07) found decided wrongly, kept as patients:
 * - a type 1 diabetes coded last month on a record whose insulin has been ordered for years,
 *   given the NCT05153070 card as a recent diagnosis (the insulin shows the diabetes is older);
 * - beside it, a control: insulin begun in hospital some weeks before the diagnosis was coded;
 * - a diabetes coded E10 whose words give it a cause ("cortico-induit", "steroid-related"), given
 *   the card as a recent type 1 diabetes; and a suspected MODY on another line of the problem list,
 *   read as ruled out (it leaves the type to confirm);
 * - liver studies whose words name alcohol beside the steatosis ("contexte d'éthylisme chronique
 *   connu", "known alcohol use"), read as plain steatosis;
 * - an observation graded LI-RADS 5 (definitely a hepatocellular carcinoma) without the letters
 *   "HCC", read as no carcinoma;
 * - an ultrasound whose whole text is in its attached document (presentedForm), not read;
 * - "Unhealthy alcohol use" on the problem list, read as no risky drinking;
 * - resmetirom (Rezdiffra), a treatment of NASH, read as no steatosis treatment;
 * - a twelve-year-old ultrasound, the only evidence of steatosis, meeting the key criterion;
 * - a course of Célestamine (betamethasone with an antihistamine, ATC R06AB52) read as no
 *   glucocorticoid, and a metformin dose changed in the order's own words read as stable.
 */

/** A liver ultrasound two months ago with the given conclusion, in place of the base record's. */
function ultrasoundSaying(conclusion: string) {
  return (ctx: StyledContext) => [imagingReport(ctx, 'liver-us', { daysAgo: 60, conclusion })];
}

/** A liver ultrasound two months ago whose text is only in an attached plain-text document. */
function ultrasoundAttached(text: string) {
  return (ctx: StyledContext) => [
    {
      ...imagingReport(ctx, 'liver-us', { daysAgo: 60 }),
      presentedForm: [
        {
          contentType: 'text/plain; charset=utf-8',
          title: ctx.style === 'fr' ? 'Compte rendu d’échographie' : 'Ultrasound report',
          data: Buffer.from(text, 'utf8').toString('base64'),
        },
      ],
    },
  ];
}

/** A liver MRI or CT a month ago, with the given conclusion, beside the base record's ultrasound. */
function crossSectionalStudy(kind: 'irm' | 'ct', conclusion: string) {
  return (ctx: StyledContext) => [
    imagingReport(ctx, kind, {
      daysAgo: 30,
      conclusion,
      code:
        kind === 'irm'
          ? codeable([coding('local', 'IRM-FOIE', 'IRM hépatique')], 'IRM hépatique')
          : codeable([coding('loinc', '41806-1', 'CT Abdomen')], 'CT ABDOMEN W CONTRAST'),
    }),
  ];
}

/**
 * A type 1 diabetes coded 33 days ago whose own words make it secondary: in doubt, and another type
 * to confirm, so neither trial shows.
 */
function secondaryUnderE10(o: {
  id: string;
  title: string;
  style: 'fr' | 'us';
  person: Parameters<typeof t1dRecord>[1];
  code: CodeableConcept;
}) {
  return record({
    id: o.id,
    title: o.title,
    rule: 'onset of recent type 1 diabetes',
    style: o.style,
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        o.person,
        (c) => [conditionOf(c, 't1d', { code: o.code, onsetDaysAgo: 33, recordedDaysAgo: 33 })],
        {
          insulinDaysAgo: 33,
        },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { 'age-35-70': 'not-met', t1d: 'met', 'other-diabetes-type': 'unknown' } },
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'unknown', 'other-diabetes-type': 'unknown', 'age-16-35': 'met' },
    },
  });
}

export const TRIAL_REVIEW_ELEVEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-new-t1d-code-insulin-ordered-since-2020',
    title:
      'Type 1 diabetes coded 30 days ago (onset given as the visit day) on a record whose basal-bolus insulin is ordered since 2020: the diabetes is not recent, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Jordan', family: 'Recoded-Example', gender: 'male', age: 27 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 30, recordedDaysAgo: 30 })],
        { insulinDaysAgo: 2150 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'met', 'insulin-recent': 'not-met', 'age-16-35': 'met' },
      explanationIncludes: ['Days a drug for diabetes has been on file'],
    },
  }),
  record({
    id: 'rw-fr-dt1-insuline-reanimation-avant-codage',
    title:
      'DT1 codé il y a 40 jours en consultation, insuline débutée 75 jours plus tôt en réanimation pour acidocétose inaugurale : diabète récent, carte NCT05153070',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Inès', family: 'Réa-Exemple', gender: 'female', age: 21 },
        (c) => [conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        { insulinDaysAgo: 75 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { ...NAFLD_FOR_T1D.criteria, contraception: 'unknown' } },
    t1d: t1dTrial(true, 'met', ['Condition/rw-fr-dt1-insuline-reanimation-avant-codage-t1d']),
  }),
  secondaryUnderE10({
    id: 'rw-fr-e10-diabete-insulinorequerant-cortico-induit',
    title:
      'E10.9 « Diabète insulinorequérant cortico-induit » codé il y a 33 jours : diabète secondaire, pas de carte NCT05153070',
    style: 'fr',
    person: { given: 'Romain', family: 'Cortico-Exemple', gender: 'male', age: 30 },
    code: codeable(
      cim10('E10.9', 'Diabète sucré insulinodépendant, sans complication'),
      'Diabète insulinorequérant cortico-induit',
    ),
  }),
  secondaryUnderE10({
    id: 'rw-us-e10-steroid-related-diabetes',
    title: 'E10.9 worded "Steroid-related diabetes", coded 33 days ago: a secondary diabetes, no NCT05153070 card',
    style: 'us',
    person: { given: 'Dylan', family: 'Steroid-Example', gender: 'male', age: 29 },
    code: codeable(
      [coding('icd10cm', 'E10.9', 'Type 1 diabetes mellitus without complications')],
      'Steroid-related diabetes',
    ),
  }),
  record({
    id: 'rw-fr-dt1-recent-suspicion-mody-autre-ligne',
    title:
      'DT1 codé il y a 40 jours ; autre ligne R73.9 « Hyperglycémie familiale - suspicion de MODY 2 (GCK), génétique en cours » : le type reste à confirmer, carte NCT05153070 avec ce point à vérifier',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Camille', family: 'Mody-Suspicion', gender: 'male', age: 20 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
          conditionOf(c, 'r73', {
            code: codeable(
              cim10('R73.9', 'Hyperglycémie, sans précision'),
              'Hyperglycémie familiale - suspicion de MODY 2 (GCK), génétique en cours',
            ),
            onsetDaysAgo: 38,
            recordedDaysAgo: 38,
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: { ...NAFLD_FOR_T1D, criteria: { 'age-35-70': 'not-met', 'other-diabetes-type': 'unknown' } },
    t1d: {
      fires: true,
      partial: true,
      criteria: { 't1d-recent': 'met', 'other-diabetes-type': 'unknown', 'age-16-35': 'met' },
    },
  }),
  fullMatch({
    id: 'rw-fr-echo-steatose-contexte-ethylisme-connu',
    title:
      'Échographie il y a deux mois « stéatose hépatique modérée, dans un contexte d’éthylisme chronique connu » : l’alcool est nommé, à confirmer',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Gérard',
      replace: {
        'liver-us': ultrasoundSaying(
          'Foie hyperéchogène, stéatose hépatique modérée, dans un contexte d’éthylisme chronique connu. Vésicule alithiasique.',
        ),
      },
    },
    pump: pumpCardOf('rw-fr-echo-steatose-contexte-ethylisme-connu'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-us-steatosis-known-alcohol-use',
    title:
      'Ultrasound two months ago "in keeping with hepatic steatosis in this patient with known alcohol use": alcohol use named with the steatosis, alcoholic liver disease, no trial card',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Dale',
      replace: {
        'liver-us': ultrasoundSaying(
          'Diffusely increased hepatic echogenicity, in keeping with hepatic steatosis in this patient with known alcohol use.',
        ),
      },
    },
    pump: pumpCardOf('rw-us-us-steatosis-known-alcohol-use'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-echo-steatose-origine-ethylique',
    title: 'Échographie « Stéatose hépatique d’origine éthylique » : hépatopathie alcoolique, pas de carte essai',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Marcel',
      replace: { 'liver-us': ultrasoundSaying('Foie hyperéchogène : stéatose hépatique d’origine éthylique.') },
    },
    pump: pumpCardOf('rw-fr-echo-steatose-origine-ethylique'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-irm-nodule-lirads-5',
    title:
      'IRM hépatique il y a un mois « Nodule du segment VII de 22 mm, wash-out et capsule : LI-RADS 5 » : carcinome hépatocellulaire, exclu',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Lucien',
      extra: crossSectionalStudy(
        'irm',
        'Nodule du segment VII de 22 mm, hyperrehaussement artériel, lavage portal et capsule : LI-RADS 5.',
      ),
    },
    pump: pumpCardOf('rw-fr-irm-nodule-lirads-5'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-ct-lr-5-observation',
    title: 'CT a month ago "2.4 cm LR-5 observation in segment 6": a hepatocellular carcinoma, excluded',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Wayne',
      extra: crossSectionalStudy('ct', 'Cirrhotic morphology is not seen. 2.4 cm LR-5 observation in segment 6.'),
    },
    pump: pumpCardOf('rw-us-ct-lr-5-observation'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-ct-lr-4-observation',
    title: 'CT a month ago "1.6 cm LR-4 observation, probably HCC": carcinoma to confirm',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Dwight',
      extra: crossSectionalStudy('ct', '1.6 cm LR-4 observation in segment 8. Recommend multidisciplinary discussion.'),
    },
    pump: pumpCardOf('rw-us-ct-lr-4-observation'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-echo-texte-joint-plus-de-steatose',
    title:
      'Stéatose au dossier, puis une échographie dont le texte n’est que dans le document joint : « pas de stéatose » ; stéatose à confirmer, pas de carte essai',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Hervé',
      replace: {
        'liver-us': ultrasoundAttached(
          'Échographie abdominale.\nIndication : bilan de stéatose.\nRésultats : foie de taille normale, d’échostructure homogène, sans stéatose.\nConclusion : pas de stéatose, disparition de la stéatose décrite en 2025.',
        ),
      },
    },
    pump: pumpCardOf('rw-fr-echo-texte-joint-plus-de-steatose'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-echo-texte-joint-steatose',
    title:
      'Pas de stéatose au problème ; échographie dont le texte n’est que dans le document joint « Conclusion : stéatose hépatique modérée » : la carte essai s’affiche',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Yannick',
      without: ['steatosis'],
      replace: {
        'liver-us': ultrasoundAttached(
          'Échographie abdominale.\nRésultats : foie hyperéchogène.\nConclusion : stéatose hépatique modérée. Vésicule alithiasique.',
        ),
      },
    },
    pump: pumpCardOf('rw-fr-echo-texte-joint-steatose'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-unhealthy-alcohol-use-problem',
    title: 'Problem list "Unhealthy alcohol use" (Z72.89): risky drinking on file, alcohol abuse to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Randy',
      extra: (ctx) => [
        conditionOf(ctx, 'alcohol', {
          code: codeable([coding('icd10cm', 'Z72.89', 'Other problems related to lifestyle')], 'Unhealthy alcohol use'),
          onsetDaysAgo: 200,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-unhealthy-alcohol-use-problem'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-resmetirom-rezdiffra',
    title: 'Rezdiffra (resmetirom) 80 mg daily for NASH since 5 months: a steatosis treatment, excluded',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Gordon',
      extra: (ctx) => [
        orderOf(ctx, 'resmetirom', {
          drug: {
            concept: codeable([coding('rxnorm', '2677899', 'resmetirom')], 'REZDIFFRA 80 MG tablet'),
          },
          authoredDaysAgo: 150,
          dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet (80 mg) by mouth once daily')],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-resmetirom-rezdiffra'),
    nafld: nafldTrial(false, { 'steatosis-treatment': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-steatosis-only-on-12-year-old-ultrasound',
    title:
      'Steatosis only on an ultrasound 12 years ago, none on the problem list and no study since: steatosis to confirm, no trial card',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Lloyd',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo: 4400, conclusion: STEATOSIS_CONCLUSION.us })],
      },
    },
    pump: pumpCardOf('rw-us-steatosis-only-on-12-year-old-ultrasound'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-echo-il-y-a-4-ans-seulement',
    title:
      'Stéatose vue seulement sur une échographie il y a 4 ans, rien au problème : la preuve est assez récente, la carte essai s’affiche',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Rémi',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo: 1460, conclusion: STEATOSIS_CONCLUSION.fr })],
      },
    },
    pump: pumpCardOf('rw-fr-steatose-echo-il-y-a-4-ans-seulement'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-cure-celestamine-il-y-a-40-jours',
    title:
      'Cure de CÉLESTAMINE 0,25 mg/2 mg, « 1 cp matin et soir pendant 5 jours », terminée il y a 40 jours : corticoïde systémique, exclu',
    rule: 'glucocorticoid route',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Fabrice',
      extra: (ctx) => [
        // The reconciliation's statement of a finished course: the prefetch asks for completed
        // statements, and for active orders only.
        statementOf(ctx, 'celestamine', {
          drug: {
            concept: codeable([coding('atc', 'R06AB52')], 'CELESTAMINE 0,25 mg/2 mg, comprimé sécable'),
          },
          status: 'completed',
          startDaysAgo: 45,
          endDaysAgo: 40,
          dosage: [tabletDose(ctx, 1, 2, '1 comprimé matin et soir pendant 5 jours')],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-cure-celestamine-il-y-a-40-jours'),
    nafld: nafldTrial(false, { glucocorticoids: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-metformine-augmentee-en-texte',
    title:
      'Metformine prescrite il y a 400 jours, son texte : « Augmenté à 1 cp matin, midi et soir depuis le mois dernier » : dose stable à confirmer',
    rule: 'stable background doses',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Thierry',
      replace: {
        metformin: (ctx) => [
          orderOf(ctx, 'metformin', {
            drug: { concept: DRUGS.metformin.fr },
            authoredDaysAgo: 400,
            dosage: [tabletDose(ctx, 1, 3, 'Augmenté à 1 cp matin, midi et soir depuis le mois dernier')],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-metformine-augmentee-en-texte'),
    nafld: nafldTrial(true, { 'background-dose-stable': 'unknown' }),
  }),
];
