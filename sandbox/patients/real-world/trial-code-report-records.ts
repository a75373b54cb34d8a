import { dayBefore } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  fullMatch,
  imagingReport,
  nafldTrial,
  pumpCardOf,
  STEATOSIS_CONCLUSION,
} from './trial-builders.js';

/*
 * Rules on how NCT04270656 reads the record: steatosis in an abdominal ultrasound report (its
 * conclusion text or conclusionCode; a later normal study supersedes) (6); French CIM-10 codes
 * under the national URIs, with or without the dot (9); the record gate: deceased, merged or
 * unreadable patients get no card (11).
 */

export const CODE_REPORT_RECORDS: readonly FixturePatient[] = [
  // Rule 6: steatosis in ultrasound reports.
  fullMatch({
    id: 'rw-fr-us-report-steatosis-text',
    title:
      'No steatosis on the problem list; abdominal ultrasound (LOINC 24558-9) concludes "Foie hyperéchogène, stéatose hépatique modérée"',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Olivier',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [imagingReport(ctx, 'liver-us', { daysAgo: 75, conclusion: STEATOSIS_CONCLUSION.fr })],
      },
    },
    pump: pumpCardOf('rw-fr-us-report-steatosis-text'),
    nafld: nafldTrial(true, { steatosis: 'met' }, ['DiagnosticReport/rw-fr-us-report-steatosis-text-liver-us']),
  }),
  fullMatch({
    id: 'rw-us-report-conclusion-code',
    title:
      'No steatosis on the problem list; RUQ ultrasound with conclusionCode SNOMED 197321007 and a non-committal text',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Bruce',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            code: codeable([coding('loinc', '24532-4', 'US Abdomen RUQ')], 'US ABDOMEN LIMITED RUQ'),
            daysAgo: 150,
            conclusion: 'Increased echogenicity of the liver parenchyma. Gallbladder without stones.',
            conclusionCode: [codeable([coding('snomed', '197321007', 'Steatosis of liver')])],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-report-conclusion-code'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-us-report-no-steatosis',
    title: 'No steatosis on the problem list; ultrasound "Foie de taille normale, pas de stéatose": steatosis not met',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Philippe',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 60,
            conclusion:
              "Foie de taille normale, d'échostructure homogène, pas de stéatose. Vésicule alithiasique. Pas d'épanchement.",
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-us-report-no-steatosis'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-report-unrelated',
    title:
      'No steatosis on the problem list; the only abdominal ultrasound says nothing about the liver: steatosis unknown, no card',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Wayne',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 90,
            conclusion:
              'Status post cholecystectomy. Both kidneys normal in size without hydronephrosis. Spleen measures 10 cm.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-report-unrelated'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-report-later-normal',
    title:
      'Fatty liver on an ultrasound 2 years ago, a normal liver on the one 30 days ago, nothing on the problem list: not met',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Ralph',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us-old', { daysAgo: 730, conclusion: 'Fatty liver. Otherwise unremarkable.' }),
          imagingReport(ctx, 'liver-us', {
            daysAgo: 30,
            conclusion: 'Normal liver size and echotexture. No hepatic steatosis. Unremarkable gallbladder.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-report-later-normal'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-us-report-nafld-wording',
    title:
      'No steatosis on the problem list; report "Foie hyperéchogène évoquant une stéatose hépatique non alcoolique": met',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Hervé',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 40,
            conclusion:
              'Foie hyperéchogène évoquant une stéatose hépatique non alcoolique dans ce contexte métabolique. Pas de lésion focale.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-us-report-nafld-wording'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-report-nafld-wording',
    title: 'No steatosis on the problem list; report "Findings compatible with non-alcoholic fatty liver disease": met',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Gerald',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 55,
            conclusion:
              'Hepatomegaly (19 cm) with diffusely increased echogenicity; findings compatible with non-alcoholic fatty liver disease. No focal lesion.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-report-nafld-wording'),
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-report-steatosis-not-excluded',
    title:
      'No steatosis on the problem list; a limited ultrasound says "Hepatic steatosis cannot be excluded": steatosis unknown, no card',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Stanley',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 45,
            conclusion:
              'Technically limited study due to body habitus. Hepatic steatosis cannot be excluded. No focal hepatic lesion.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-report-steatosis-not-excluded'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-us-report-steatose-pancreatique',
    title:
      'No steatosis on the problem list; the ultrasound reads "Stéatose pancréatique. Foie de taille normale": not the liver, no card',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Thierry',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 80,
            conclusion: 'Stéatose pancréatique. Foie de taille normale. Vésicule alithiasique.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-us-report-steatose-pancreatique'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-us-report-steatose-a-confirmer',
    title: 'No steatosis on the problem list; "Suspicion de stéatose hépatique, à confirmer en IRM": unknown, no card',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Régis',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 50,
            conclusion: 'Suspicion de stéatose hépatique, à confirmer en IRM. Pas de lésion focale.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-us-report-steatose-a-confirmer'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-report-steatosis-resolved',
    title: 'No steatosis on the problem list; "Previously noted hepatic steatosis has resolved": steatosis not met',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Vernon',
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 70,
            conclusion: 'Previously noted hepatic steatosis has resolved. Normal liver echotexture.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-report-steatosis-resolved'),
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),

  // Chronic liver disease in a broad code (ICD-10-CM, no display): each may be a chronic viral hepatitis.
  fullMatch({
    id: 'rw-us-chronic-viral-hepatitis-unspecified',
    title:
      'Problem list B18.9 "Chronic viral hepatitis, unspecified" (code only): not "no chronic liver disease", no card',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Clifford',
      extra: (ctx) => [conditionOf(ctx, 'hep', { code: codeable([coding('icd10cm', 'B18.9')]), onsetDaysAgo: 2000 })],
    },
    pump: pumpCardOf('rw-us-chronic-viral-hepatitis-unspecified'),
    nafld: nafldTrial(false, { 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-hepatitis-b-carrier',
    title: 'Problem list Z22.51 "Carrier of viral hepatitis B" (code only): chronic hepatitis B, excluded',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Milton',
      extra: (ctx) => [
        conditionOf(ctx, 'hbv', { code: codeable([coding('icd10cm', 'Z22.51')]), recordedDaysAgo: 900 }),
      ],
    },
    pump: pumpCardOf('rw-us-hepatitis-b-carrier'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met', 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-cirrhosis-k746-category',
    title:
      'Problem list K74.6 (the ICD-10-CM category "Other and unspecified cirrhosis of liver"), no display: excluded',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Howard',
      extra: (ctx) => [
        conditionOf(ctx, 'cirrhosis', { code: codeable([coding('icd10cm', 'K74.6')]), recordedDaysAgo: 400 }),
      ],
    },
    pump: pumpCardOf('rw-us-cirrhosis-k746-category'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met', 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-cim10-b189-sans-precision',
    title:
      'Séjour codé CIM-10 B18.9 "Hépatite virale chronique, sans précision" (code seul, ATIH): exclue, pas de carte',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Josiane',
      extra: (ctx) => [
        conditionOf(ctx, 'hep', {
          code: codeable([coding('cim10Atih', 'B18.9')]),
          recordedDaysAgo: 200,
          category: 'encounter-diagnosis',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-cim10-b189-sans-precision'),
    nafld: nafldTrial(false, { 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-portage-aghbs-texte',
    title: 'Antécédent noté en texte seul "Portage chronique de l\'AgHBs" (code local): hépatite B chronique, exclue',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gilles',
      extra: (ctx) => [
        conditionOf(ctx, 'hbv', {
          code: codeable([coding('local', 'ATCD-0412')], "Portage chronique de l'AgHBs"),
          onsetDaysAgo: 6000,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-portage-aghbs-texte'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met', 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-acute-hepatitis-b-resolved',
    title:
      'Acute hepatitis B (B16.9) resolved 20 years ago: no chronic liver disease on the problem list, the card fires (serology to confirm)',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Russell',
      extra: (ctx) => [
        conditionOf(ctx, 'hbv-acute', {
          code: codeable([
            coding('icd10cm', 'B16.9', 'Acute hepatitis B without delta-agent and without hepatic coma'),
          ]),
          clinicalStatus: 'resolved',
          onsetDaysAgo: 7400,
          abatementDaysAgo: 7300,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-acute-hepatitis-b-resolved'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-chronic-viral-hepatitis-provisional',
    title: 'B18.9 "Chronic viral hepatitis, unspecified" entered as provisional: to confirm, the card still fires',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Elmer',
      extra: (ctx) => [
        conditionOf(ctx, 'hep', {
          code: codeable([coding('icd10cm', 'B18.9', 'Chronic viral hepatitis, unspecified')]),
          verificationStatus: 'provisional',
          recordedDaysAgo: 30,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-chronic-viral-hepatitis-provisional'),
    nafld: nafldTrial(true, { 'no-chronic-liver-disease': 'unknown' }),
  }),

  // Rule 9: French codes on trial criteria.
  fullMatch({
    id: 'rw-fr-cim10-hepatitis-c',
    title: 'Chronic hepatitis C coded CIM-10 B18.2 under https://smt.esante.gouv.fr/terminologie-cim-10: excluded',
    rule: 'French codes on trial criteria',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Laurent',
      extra: (ctx) => [
        conditionOf(ctx, 'hcv', {
          code: codeable(cim10('B18.2', 'Hépatite virale chronique C'), 'Hépatite C chronique (génotype 1b)'),
          onsetDaysAgo: 2400,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-cim10-hepatitis-c'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met', 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-cim10-cirrhosis-atih',
    title: 'Cirrhosis coded K74.6 under the ATIH CIM-10 URI (TRE-R311), no text: excluded',
    rule: 'French codes on trial criteria',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Dominique',
      extra: (ctx) => [
        conditionOf(ctx, 'cirrhosis', {
          code: codeable(cim10('K74.6', 'Cirrhoses du foie, autres et sans précision', 'cim10Atih')),
          recordedDaysAgo: 300,
          category: 'encounter-diagnosis',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-cim10-cirrhosis-atih'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met', 'no-chronic-liver-disease': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-cim10-codes-without-dot',
    title:
      'T2D coded "E119" (no dot, SMT URI with a trailing slash) and steatosis "K760" (ATIH URI), no text: both read, fires',
    rule: 'French codes on trial criteria',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Jacky',
      replace: {
        t2d: (ctx) => [
          conditionOf(ctx, 't2d', {
            code: codeable(cim10('E119', 'Diabète sucré de type 2, sans complication', 'cim10SmtSlash')),
            onsetDaysAgo: 3000,
          }),
        ],
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable(cim10('K760', 'Dégénérescence graisseuse du foie, non classée ailleurs', 'cim10Atih')),
            onsetDaysAgo: 500,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-cim10-codes-without-dot'),
    nafld: nafldTrial(true, { 't2d-one-year': 'met', t1d: 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-local-code-condition',
    title:
      "A problem-list entry coded only in the hospital's local system, no text: type 1 and liver exclusions to confirm",
    rule: 'French codes on trial criteria',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Régis',
      extra: (ctx) => [
        conditionOf(ctx, 'local-dx', { code: codeable([coding('local', 'DIAG-00417')]), recordedDaysAgo: 800 }),
      ],
    },
    pump: null,
    // Type 2 diabetes on file for 3,000 days: not a diabetes of under 3 months, whatever the local code.
    t1d: { fires: false, partial: true, criteria: { 't1d-recent': 'not-met', 'age-16-35': 'not-met' } },
    nafld: nafldTrial(true, {
      t1d: 'unknown',
      'no-chronic-liver-disease': 'unknown',
      'chronic-viral-hepatitis': 'unknown',
      'cirrhosis-hcc': 'unknown',
    }),
  }),

  // Rule 11: deceased or merged patient.
  fullMatch({
    id: 'rw-fr-deceased',
    title: 'Full match, deceased 10 days ago (deceasedDateTime): no card',
    rule: 'deceased or merged patient on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Roger',
      patient: (p, ctx) => ({ ...p, deceasedDateTime: `${dayBefore(ctx, 10)}T04:30:00+01:00` }),
    },
    pump: null,
    nafld: nafldTrial(false),
  }),
  fullMatch({
    id: 'rw-us-merged-replaced-by',
    title:
      'Full match on a duplicate record merged into another (Patient.link replaced-by), still flagged active: no card',
    rule: 'deceased or merged patient on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Bobby',
      patient: (p) => ({
        ...p,
        link: [
          { other: { reference: `Patient/${p.id ?? ''}-survivor`, display: 'Surviving record' }, type: 'replaced-by' },
        ],
      }),
    },
    pump: null,
    nafld: nafldTrial(false),
  }),
  fullMatch({
    id: 'rw-fr-merge-survivor',
    title:
      'Full match on the surviving record of a merge (active, Patient.link replaces the old record): both cards fire',
    rule: 'deceased or merged patient on a trial',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'André',
      patient: (p) => ({
        ...p,
        active: true,
        link: [
          {
            other: { reference: `Patient/${p.id ?? ''}-doublon`, display: 'Ancien dossier (doublon)' },
            type: 'replaces',
          },
        ],
      }),
    },
    pump: pumpCardOf('rw-fr-merge-survivor'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-deceased-flag-unreadable',
    title: 'Full match whose legacy feed writes deceasedBoolean as the string "N": the record cannot be read, no card',
    rule: 'deceased or merged patient on a trial',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Earl',
      patient: (p) => ({ ...p, deceasedBoolean: 'N' as unknown as boolean }),
    },
    pump: null,
    nafld: nafldTrial(false),
  }),
  // Pregnancy: the trial requires effective contraception; a pregnancy on file excludes.
  fullMatch({
    id: 'rw-fr-essai-grossesse-en-cours',
    title:
      'Full match, a woman of 39 with a pregnancy under supervision (CIM-10 Z34.9, 100 days): excluded, no pump card',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Camille',
      gender: 'female',
      age: 39,
      extra: (ctx) => [
        conditionOf(ctx, 'grossesse', {
          code: codeable([coding('cim10Smt', 'Z34.9', "Surveillance d'une grossesse normale, sans précision")]),
          onsetDaysAgo: 100,
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-trial-pregnancy-left-open',
    title: 'Full match, a woman of 44 whose pregnancy entry from 900 days ago was never closed: excluded all the same',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Heather',
      gender: 'female',
      age: 44,
      extra: (ctx) => [
        conditionOf(ctx, 'pregnancy', {
          code: codeable([coding('icd10cm', 'Z33.1', 'Pregnant state, incidental')]),
          onsetDaysAgo: 900,
        }),
      ],
    },
    // The pump card reads a record 300 days old or more as a past pregnancy; the trial keeps it out.
    pump: pumpCardOf('rw-us-trial-pregnancy-left-open'),
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-trial-pregnancy-resolved',
    title: 'Full match, a woman of 42 whose pregnancy entry is resolved (delivered 2 years ago): fires',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Megan',
      gender: 'female',
      age: 42,
      extra: (ctx) => [
        conditionOf(ctx, 'pregnancy', {
          code: codeable([coding('snomed', '77386006', 'Pregnancy'), coding('icd10cm', 'Z33.1')]),
          onsetDaysAgo: 980,
          clinicalStatus: 'resolved',
          abatementDaysAgo: 730,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-trial-pregnancy-resolved'),
    nafld: nafldTrial(true, { pregnancy: 'not-met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-trial-pregnancy-undated',
    title: 'Full match, a woman of 37 with a provisional, undated pregnancy entry: pregnancy to confirm, no pump card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Amber',
      gender: 'female',
      age: 37,
      extra: (ctx) => [
        conditionOf(ctx, 'pregnancy', {
          code: codeable([coding('snomed', '77386006', 'Pregnancy')]),
          verificationStatus: 'provisional',
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(true, { pregnancy: 'unknown', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-essai-grossesse-terminee',
    title: 'Full match, une femme de 41 ans dont la grossesse (Z34.9) est close depuis 2 ans: fires',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Aurélie',
      gender: 'female',
      age: 41,
      extra: (ctx) => [
        conditionOf(ctx, 'grossesse', {
          code: codeable(
            [coding('cim10Smt', 'Z34.9', "Surveillance d'une grossesse normale, sans précision")],
            'Grossesse menée à terme',
          ),
          onsetDaysAgo: 1000,
          clinicalStatus: 'resolved',
          abatementDaysAgo: 740,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-essai-grossesse-terminee'),
    nafld: nafldTrial(true, { pregnancy: 'not-met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-essai-grossesse-a-confirmer',
    title: 'Full match, une femme de 38 ans avec "Grossesse à confirmer (bêta-HCG demandés)" sans date: to confirm',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Justine',
      gender: 'female',
      age: 38,
      extra: (ctx) => [
        conditionOf(ctx, 'grossesse', {
          code: codeable(
            [coding('cim10Smt', 'Z32.1', 'Grossesse confirmée')],
            'Grossesse à confirmer (bêta-HCG demandés)',
          ),
          verificationStatus: 'provisional',
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(true, { pregnancy: 'unknown', contraception: 'unknown' }),
  }),
];
