import type { CodeableConcept } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord, t1dTrial } from './trial-onset-records.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  DRUGS,
  fullMatch,
  hba1cOf,
  imagingReport,
  nafldTrial,
  pumpCardOf,
  record,
  statementOf,
  tabletDose,
} from './trial-builders.js';

/*
 * Trial records a thirteenth review (2026-12-07, afternoon: recent type 1 diabetes, French
 * hospital records) found decided wrongly, kept as patients:
 * - NCT05153070: a type 1 diabetes whose own words date it years back in forms the onset reader
 *   missed ("découvert sur acidocétose en 2015", "depuis ses 12 ans"); one whose words only suspect
 *   it ("Suspicion de DT1 - bilan auto-immun en cours", as the EHR marks it confirmed); gliclazide
 *   taken from 2021, a diabetes treated for years; a type 2 diabetes of 2019 refuted on
 *   reclassification, the diabetes as old; and Wolfram syndrome (DIDMOAD) on the problem list, a
 *   monogenic diabetes: each read as a type 1 diabetes diagnosed less than 3 months ago;
 *   an HbA1c of 8.9 % in 2023 beside a type 1 code of last month, read as a recent diagnosis;
 * - NCT04270656: a steatosis "secondaire à la nutrition parentérale", read as a metabolic one, and
 *   an alcoholic pancreatitis of 2021, which did not touch the alcohol criteria; ultrasound words a
 *   second review of liver reports found misread (one denial over a list, "pas d'argument, à ce
 *   jour, pour une stéatose", hedges such as "à discuter" and "doubtful", "foie non stéatosique"
 *   after a K76.0); a history of HCC under Z85.05; a liver transplant in the past participle.
 */

/**
 * A young French patient whose type 1 diabetes was coded 40 days ago under E10.9 with the given
 * words, which leave the recent diagnosis to confirm: no NCT05153070 card.
 */
function wordedT1d(o: {
  readonly id: string;
  readonly title: string;
  readonly patient: { given: string; family: string; gender: 'male' | 'female'; age: number };
  readonly words: string;
}): FixturePatient {
  return record({
    id: o.id,
    title: o.title,
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        o.patient,
        (c) => [
          conditionOf(c, 't1d', {
            code: codeable(cim10('E10.9', 'Diabète sucré de type 1, sans complication'), o.words),
            onsetDaysAgo: 40,
            recordedDaysAgo: 40,
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    // The record's positive anti-GAD shows an autoimmune diabetes to NCT04270656 whatever its words.
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  });
}

/**
 * The base full match whose liver ultrasound says the given words; the steatosis problem is left
 * out unless kept, so the report alone decides steatosis, and only steatosis changes.
 */
function ultrasoundSaying(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly case: 'fires' | 'does-not-fire' | 'unknown';
  readonly conclusion: string;
  readonly steatosis: 'not-met' | 'unknown';
  readonly keepsProblem?: boolean;
}): FixturePatient {
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: 'steatosis in ultrasound reports',
    style: o.style,
    case: o.case,
    record: {
      without: o.keepsProblem ? [] : ['steatosis'],
      replace: {
        'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo: 250, conclusion: o.conclusion })],
      },
    },
    pump: pumpCardOf(o.id),
    nafld: nafldTrial(false, { steatosis: o.steatosis }),
  });
}

const K760_FR = (text: string): CodeableConcept =>
  codeable(cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs'), text);

export const TRIAL_REVIEW_THIRTEEN_RECORDS: readonly FixturePatient[] = [
  wordedT1d({
    id: 'rw-fr-dt1-decouvert-sur-acidocetose-en-2015',
    title:
      'E10.9 saisi il y a 40 jours, libellé « Diabète de type 1 découvert sur acidocétose en 2015 » : diagnostic ancien, NCT05153070 à confirmer, pas de carte',
    patient: { given: 'Inès', family: 'Acidocetose-2015', gender: 'female', age: 27 },
    words: 'Diabète de type 1 découvert sur acidocétose en 2015',
  }),
  wordedT1d({
    id: 'rw-fr-dt1-depuis-ses-12-ans',
    title:
      'E10.9 saisi il y a 40 jours, libellé « DT1 depuis ses 12 ans » chez un homme de 24 ans : diagnostic ancien, NCT05153070 à confirmer, pas de carte',
    patient: { given: 'Mathis', family: 'Depuis-Douze-Ans', gender: 'male', age: 24 },
    words: 'DT1 depuis ses 12 ans',
  }),
  wordedT1d({
    id: 'rw-fr-dt1-suspicion-bilan-auto-immun-en-cours',
    title:
      'E10.9 (confirmé, comme le dossier le remplit) libellé « Suspicion de DT1 - bilan auto-immun en cours » : le type 1 n’est pas posé, NCT05153070 à confirmer, pas de carte',
    patient: { given: 'Lou', family: 'Suspicion-Dt1', gender: 'female', age: 22 },
    words: 'Suspicion de DT1 - bilan auto-immun en cours',
  }),
  record({
    id: 'rw-fr-dt1-recent-diamicron-depuis-2021',
    title:
      'Diabète de type 1 codé il y a 40 jours ; le traitement personnel liste DIAMICRON 60 mg pris de 2021 jusqu’à l’insuline : un diabète traité depuis des années, pas de carte NCT05153070',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Yanis', family: 'Diamicron-2021', gender: 'male', age: 33 },
        (c) => [conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        {
          insulinDaysAgo: 40,
          extra: [
            statementOf(ctx, 'diamicron', {
              drug: { concept: DRUGS.oldSulfonylurea.fr },
              status: 'completed',
              startDaysAgo: 2050,
              endDaysAgo: 45,
              dosage: [tabletDose(ctx, 1, 1, '1 comprimé le matin')],
            }),
          ],
        },
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
    id: 'rw-us-t1d-new-code-t2d-refuted-2019',
    title:
      'Type 1 diabetes coded 40 days ago; "Type 2 diabetes mellitus" of 2019 marked refuted and resolved on reclassification: the diabetes is years old, NCT05153070 to confirm, no card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Jordan', family: 'Example-Reclassified', gender: 'male', age: 29 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
          conditionOf(c, 't2d-2019', {
            code: codeable(
              [coding('icd10cm', 'E11.9', 'Type 2 diabetes mellitus without complications')],
              'Type 2 diabetes mellitus',
            ),
            onsetDaysAgo: 2800,
            recordedDaysAgo: 2800,
            verificationStatus: 'refuted',
            clinicalStatus: 'resolved',
            abatementDaysAgo: 40,
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-fr-dt1-recent-syndrome-de-wolfram',
    title:
      'E10.9 saisi il y a 40 jours et « Syndrome de Wolfram (DIDMOAD), mutation WFS1 » (E34.8) : un diabète monogénique, pas de carte NCT05153070',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Élise', family: 'Wolfram-Exemple', gender: 'female', age: 19 },
        (c) => [
          conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
          conditionOf(c, 'wolfram', {
            code: codeable(
              cim10('E34.8', 'Autres anomalies endocriniennes précisées'),
              'Syndrome de Wolfram (DIDMOAD), mutation WFS1',
            ),
            onsetDaysAgo: 35,
          }),
        ],
        { insulinDaysAgo: 40 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: { fires: false, partial: true, criteria: { 'other-diabetes-type': 'met', 'age-16-35': 'met' } },
  }),
  fullMatch({
    id: 'rw-fr-steatose-nutrition-parenterale',
    title:
      'K76.0 « Stéatose hépatique secondaire à la nutrition parentérale (grêle court) » : pas une stéatose métabolique, pas de carte',
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: K760_FR('Stéatose hépatique secondaire à la nutrition parentérale (grêle court)'),
            onsetDaysAgo: 420,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-steatose-nutrition-parenterale'),
    nafld: nafldTrial(false, { 'toxic-hepatitis': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-pancreatite-aigue-alcoolique-2021',
    title:
      'K85.2 « Pancréatite aiguë d’origine alcoolique (2021) », résolue, et 0 verre par jour : un alcool chronique passé, pas de carte',
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'pancreatite', {
          code: codeable(
            cim10('K85.2', 'Pancréatite aiguë induite par l’alcool'),
            'Pancréatite aiguë d’origine alcoolique (2021)',
          ),
          onsetDaysAgo: 1800,
          clinicalStatus: 'resolved',
          abatementDaysAgo: 1780,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-pancreatite-aigue-alcoolique-2021'),
    nafld: nafldTrial(false, { 'no-chronic-alcohol': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-k758-hepatite-a-igg4',
    title:
      'K75.8 « Hépatite à IgG4 », sans autre preuve de stéatose : le code large ne nomme pas une NASH, stéatose et autre hépatopathie à confirmer, pas de carte',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'unknown',
    record: {
      without: ['liver-us'],
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'k758', {
            code: codeable(cim10('K75.8', 'Autres maladies inflammatoires précisées du foie'), 'Hépatite à IgG4'),
            onsetDaysAgo: 500,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-k758-hepatite-a-igg4'),
    nafld: nafldTrial(false, { steatosis: 'unknown', 'no-chronic-liver-disease': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-k758-nash-control',
    title: 'K75.8 libellé « NASH » : le code large nommé par ses mots, la carte s’affiche (témoin)',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'fires',
    record: {
      without: ['liver-us'],
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'k758', {
            code: codeable(cim10('K75.8', 'Autres maladies inflammatoires précisées du foie'), 'NASH'),
            onsetDaysAgo: 500,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-k758-nash-control'),
    nafld: nafldTrial(true),
  }),
  record({
    id: 'rw-us-t1d-new-code-hba1c-8-9-in-2023',
    title:
      'Type 1 diabetes coded 40 days ago; HbA1c 8.9 % three and a half years ago and 9.6 % two years ago: a diabetes already there, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Avery', family: 'Example-Earlier-A1c', gender: 'female', age: 26 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        { insulinDaysAgo: 40, extra: [hba1cOf(ctx, 'hba1c-2023', 8.9, 1300), hba1cOf(ctx, 'hba1c-2024', 9.6, 900)] },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'met', 'insulin-recent': 'not-met', 'age-16-35': 'met' },
      explanationIncludes: ['Days since an HbA1c first reached the level that diagnoses diabetes'],
    },
  }),
  ultrasoundSaying({
    id: 'rw-us-us-no-ascites-steatosis-or-lesion',
    title:
      'Liver ultrasound "No ascites, hepatomegaly, steatosis, or focal hepatic lesion.", no steatosis on the problem list: one denial over the list, no steatosis, no card',
    style: 'us',
    case: 'does-not-fire',
    conclusion: 'IMPRESSION: Normal liver size. No ascites, hepatomegaly, steatosis, or focal hepatic lesion.',
    steatosis: 'not-met',
  }),
  ultrasoundSaying({
    id: 'rw-fr-echo-absence-epanchement-steatose',
    title:
      "Échographie « Absence d'épanchement, de dilatation des voies biliaires, de stéatose. », pas de stéatose au problème : une négation sur toute la liste, pas de carte",
    style: 'fr',
    case: 'does-not-fire',
    conclusion:
      "CONCLUSION : Foie de taille normale. Absence d'épanchement, de dilatation des voies biliaires, de stéatose.",
    steatosis: 'not-met',
  }),
  ultrasoundSaying({
    id: 'rw-fr-echo-pas-d-argument-pour-steatose',
    title: "Échographie « pas d'argument, à ce jour, pour une stéatose hépatique » : une négation, pas de carte",
    style: 'fr',
    case: 'does-not-fire',
    conclusion: "CONCLUSION : Foie d'échostructure homogène, pas d'argument, à ce jour, pour une stéatose hépatique.",
    steatosis: 'not-met',
  }),
  ultrasoundSaying({
    id: 'rw-fr-echo-steatose-a-discuter',
    title: 'Échographie « Stéatose débutante à discuter » : une stéatose non affirmée, à confirmer, pas de carte',
    style: 'fr',
    case: 'unknown',
    conclusion: 'CONCLUSION : Foie discrètement hyperéchogène. Stéatose débutante à discuter.',
    steatosis: 'unknown',
  }),
  ultrasoundSaying({
    id: 'rw-us-us-steatosis-is-doubtful',
    title: 'Liver ultrasound "Hepatic steatosis is doubtful": a hedge, steatosis to confirm, no card',
    style: 'us',
    case: 'unknown',
    conclusion: 'IMPRESSION: Liver upper normal echogenicity. Hepatic steatosis is doubtful.',
    steatosis: 'unknown',
  }),
  ultrasoundSaying({
    id: 'rw-fr-k760-echo-foie-non-steatosique',
    title:
      'K76.0 au problème, puis une échographie plus récente « foie de taille normale, non stéatosique » : la stéatose est à confirmer, pas de carte',
    style: 'fr',
    case: 'unknown',
    keepsProblem: true,
    conclusion: 'CONCLUSION : Foie de taille normale, non stéatosique. Pas de lésion focale.',
    steatosis: 'unknown',
  }),
  fullMatch({
    id: 'rw-us-z85-05-history-of-hcc',
    title:
      'Z85.05 "History of hepatocellular carcinoma, s/p microwave ablation 2022": an HCC the trial excludes, no card',
    rule: 'an exclusion named in problem-list words',
    style: 'us',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'hcc-history', {
          code: codeable(
            [coding('icd10cm', 'Z85.05', 'Personal history of malignant neoplasm of liver')],
            'History of hepatocellular carcinoma, s/p microwave ablation 2022',
          ),
          onsetDaysAgo: 1500,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-z85-05-history-of-hcc'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-transplante-hepatique-en-2015',
    title: 'Problème sous code local « Transplanté hépatique en 2015 » : une autre hépatopathie, pas de carte',
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'greffe', {
          code: codeable([coding('local', 'ATCD-0412', 'Transplanté hépatique')], 'Transplanté hépatique en 2015'),
          onsetDaysAgo: 4000,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-transplante-hepatique-en-2015'),
    nafld: nafldTrial(false, { 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-mr-elastography-liver-stage-4',
    title:
      'Report "MR ELASTOGRAPHY LIVER": "mean liver stiffness 5.4 kPa, corresponds to stage 4 fibrosis (cirrhosis)": a cirrhosis the trial excludes, no card',
    rule: 'cirrhosis or carcinoma in a liver study',
    style: 'us',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        imagingReport(ctx, 'mre', {
          daysAgo: 60,
          code: codeable([coding('local', 'IMG7614', 'MR ELASTOGRAPHY LIVER')], 'MR ELASTOGRAPHY LIVER'),
          conclusion:
            'IMPRESSION: Mean liver stiffness 5.4 kPa, which corresponds to stage 4 fibrosis (cirrhosis). No focal liver lesion.',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-mr-elastography-liver-stage-4'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
];
