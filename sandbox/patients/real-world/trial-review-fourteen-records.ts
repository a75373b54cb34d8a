import type { FhirResource, Observation } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  fullMatch,
  imagingReport,
  nafldTrial,
  observationOf,
  pumpCardOf,
  qty,
  type StyledContext,
} from './trial-builders.js';

/*
 * Trial records a fourteenth review (2026-12-07, evening: NCT04270656's liver evidence, US and
 * French whole records) found decided wrongly, kept as patients:
 * - steatosis of another organ on the problem list ("Stéatose du parenchyme pancréatique",
 *   "Pancreatic fatty infiltration/steatosis") meeting the key steatosis criterion;
 * - report words read the wrong way: the steatosis of a study it is compared with, an impression an
 *   addendum corrects;
 * - a newer study that shows no steatosis left unread, so an older NAFLD entry stood: "sans
 *   surcharge graisseuse", an MRI-PDFF of 3.1 %, a FibroScan whose CAP of 221 dB/m is a component,
 *   an "MRI ABD W WO CONTRAST", an ultrasound coded only by CPT 76705;
 * - a lasting liver disease stated outside the problem list's codes: a pathology report under a
 *   generic title, an endoscopy finding varices, a note on the NAFLD problem; hepatic encephalopathy
 *   (K76.82); "Hepatoma s/p RFA"; each read as no liver disease;
 * - LADA coded E13.9 beside its SNOMED concept, read as two types in doubt while an E11.65 met the
 *   type 2 criterion;
 * and one withheld: a steatosis on an "Échographie hépato-biliaire" under a local code. A review
 * of drug exclusions then found the status codes Z79.85 (an injectable non-insulin antidiabetic)
 * and Z79.52 (systemic steroids) beside no such order, and both exclusions ruled out.
 */

type Status = 'met' | 'not-met' | 'unknown';

/** The full match with no steatosis problem and no ultrasound: the given records alone show the liver. */
function liverShownOnlyBy(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly case: 'fires' | 'does-not-fire' | 'unknown';
  readonly records: (ctx: StyledContext) => FhirResource[];
  readonly steatosis: Status;
}): FixturePatient {
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: 'steatosis in words',
    style: o.style,
    case: o.case,
    record: { without: ['steatosis', 'liver-us'], extra: o.records },
    pump: pumpCardOf(o.id),
    nafld: nafldTrial(o.steatosis === 'met', { steatosis: o.steatosis }),
  });
}

/** The full match (NAFLD on the problem list, an ultrasound of 425 days) and a newer study of 60 days. */
function newerStudy(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly study: (ctx: StyledContext) => FhirResource[];
}): FixturePatient {
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: 'liver studies other than ultrasound',
    style: o.style,
    case: 'unknown',
    record: { extra: o.study },
    pump: pumpCardOf(o.id),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  });
}

/** The full match and records that state an exclusion (a lasting liver disease, a drug taken elsewhere): no trial card. */
export function excludedBy(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly records: (ctx: StyledContext) => FhirResource[];
  readonly criteria: Readonly<Record<string, Status>>;
  /** The type 1 diabetes of a LADA also keeps the pump card away. */
  readonly noPumpCard?: true;
}): FixturePatient {
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: 'an exclusion named in problem-list words',
    style: o.style,
    case: 'does-not-fire',
    record: { extra: o.records },
    pump: o.noPumpCard ? null : pumpCardOf(o.id),
    nafld: nafldTrial(false, o.criteria),
  });
}

const ICD10CM = (code: string, display: string) => coding('icd10cm', code, display);

/** A report of another kind than imaging (pathology, endoscopy), under its own code and title. */
export function otherReport(ctx: StyledContext, suffix: string, title: string, loinc: string, conclusion: string) {
  return {
    ...imagingReport(ctx, suffix, { daysAgo: 200, conclusion, code: codeable([coding('loinc', loinc, title)], title) }),
    category: [
      codeable([
        { system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'SP', display: 'Surgical Pathology' },
      ]),
    ],
  };
}

/** A FibroScan Observation whose stiffness, CAP and IQR are components named only in their text. */
function fibroscanWithCapComponent(ctx: StyledContext, capDbM: number): Observation {
  return {
    ...observationOf(ctx, 'fibroscan', {
      code: codeable([coding('local', 'FIBROSCAN', 'FIBROSCAN')], 'FibroScan'),
      category: 'imaging',
      daysAgo: 60,
    }),
    component: [
      { code: codeable([], 'Élasticité (E) médiane'), valueQuantity: qty(5.4, 'kPa', 'kPa') },
      { code: codeable([], 'CAP médian'), valueQuantity: qty(capDbM, 'dB/m', 'dB/m') },
      { code: codeable([], 'IQR/médiane'), valueQuantity: qty(12, '%', '%') },
    ],
  };
}

export const TRIAL_REVIEW_FOURTEEN_RECORDS: readonly FixturePatient[] = [
  liverShownOnlyBy({
    id: 'rw-fr-steatose-parenchyme-pancreatique',
    title:
      'Seule mention : « Stéatose du parenchyme pancréatique (TDM 03/2025) » au problème : le pancréas, pas le foie ; stéatose à confirmer, pas de carte NCT04270656',
    style: 'fr',
    case: 'unknown',
    steatosis: 'unknown',
    records: (ctx) => [
      conditionOf(ctx, 'pancreas', {
        code: codeable(
          [coding('local', 'PB-PANC', 'Stéatose pancréatique')],
          'Stéatose du parenchyme pancréatique (TDM 03/2025)',
        ),
        onsetDaysAgo: 600,
      }),
    ],
  }),
  liverShownOnlyBy({
    id: 'rw-us-pancreatic-fatty-infiltration-slash',
    title:
      'Only "Pancreatic fatty infiltration/steatosis, incidental on CT 2025" on the problem list: the pancreas, not the liver; steatosis to confirm, no NCT04270656 card',
    style: 'us',
    case: 'unknown',
    steatosis: 'unknown',
    records: (ctx) => [
      conditionOf(ctx, 'pancreas', {
        code: codeable([], 'Pancreatic fatty infiltration/steatosis, incidental on CT 2025'),
        onsetDaysAgo: 500,
      }),
    ],
  }),
  liverShownOnlyBy({
    id: 'rw-us-us-comparison-ct-steatosis-normal-liver',
    title:
      'Ultrasound "COMPARISON: CT abdomen 03/2019, which showed hepatic steatosis … IMPRESSION: Normal liver": the steatosis is the old study\'s; to confirm, no card',
    style: 'us',
    case: 'unknown',
    steatosis: 'unknown',
    records: (ctx) => [
      imagingReport(ctx, 'liver-us', {
        daysAgo: 200,
        conclusion:
          'COMPARISON: CT abdomen 03/2019, which showed hepatic steatosis. FINDINGS: The liver is normal in size with normal echogenicity. No focal lesion. IMPRESSION: Normal liver.',
      }),
    ],
  }),
  liverShownOnlyBy({
    id: 'rw-us-us-addendum-no-steatosis',
    title:
      'Ultrasound "IMPRESSION: Diffuse hepatic steatosis. ADDENDUM: on re-review, no hepatic steatosis; the impression was dictated in error": no steatosis, no card',
    style: 'us',
    case: 'does-not-fire',
    steatosis: 'not-met',
    records: (ctx) => [
      imagingReport(ctx, 'liver-us', {
        daysAgo: 200,
        status: 'amended',
        conclusion:
          'IMPRESSION: Diffuse hepatic steatosis. ADDENDUM: On re-review of the images, there is no hepatic steatosis. The original impression was dictated in error.',
      }),
    ],
  }),
  liverShownOnlyBy({
    id: 'rw-fr-echo-hepato-biliaire-titre-local',
    title:
      'Seule imagerie : « Échographie hépato-biliaire » sous un code local, « Foie stéatosique homogène » : la stéatose sur l’échographie, la carte NCT04270656',
    style: 'fr',
    case: 'fires',
    steatosis: 'met',
    records: (ctx) => [
      imagingReport(ctx, 'liver-us', {
        daysAgo: 200,
        code: codeable([coding('local', 'ECHO-HB', 'Échographie hépato-biliaire')], 'Échographie hépato-biliaire'),
        conclusion: 'Foie stéatosique homogène, sans lésion focale. Vésicule alithiasique.',
      }),
    ],
  }),
  newerStudy({
    id: 'rw-fr-echo-recente-sans-surcharge-graisseuse',
    title:
      'NAFLD au problème, puis une échographie récente « Foie de taille normale, homogène, sans surcharge graisseuse » : stéatose à confirmer, pas de carte',
    style: 'fr',
    study: (ctx) => [
      imagingReport(ctx, 'liver-us-recent', {
        daysAgo: 60,
        conclusion:
          'Foie de taille normale, d’échostructure homogène, sans surcharge graisseuse. Vésicule alithiasique.',
      }),
    ],
  }),
  newerStudy({
    id: 'rw-us-mri-pdff-3-percent-newer',
    title:
      'NAFLD on the problem list, then an MRI-PDFF Observation of 3.1 %: under 5 %, no steatosis; to confirm, no card',
    style: 'us',
    study: (ctx) => [
      observationOf(ctx, 'pdff', {
        code: codeable([coding('local', 'MRPDFF', 'MRI liver proton density fat fraction (PDFF)')], 'MRI-PDFF'),
        category: 'imaging',
        daysAgo: 60,
        valueQuantity: qty(3.1, '%', '%'),
      }),
    ],
  }),
  newerStudy({
    id: 'rw-fr-fibroscan-cap-en-composant',
    title:
      'NAFLD au problème, puis un FibroScan (E 5,4 kPa) dont le CAP de 221 dB/m est un composant : pas de stéatose ; à confirmer, pas de carte',
    style: 'fr',
    study: (ctx) => [fibroscanWithCapComponent(ctx, 221)],
  }),
  newerStudy({
    id: 'rw-us-mri-abd-w-wo-no-steatosis',
    title:
      'NAFLD on the problem list, then an "MRI ABD W WO CONTRAST": "No hepatic steatosis (PDFF 2%)": to confirm, no card',
    style: 'us',
    study: (ctx) => [
      imagingReport(ctx, 'mri', {
        daysAgo: 60,
        code: codeable([coding('local', 'IMG4410', 'MRI ABD W WO CONTRAST')], 'MRI ABD W WO CONTRAST'),
        conclusion: 'IMPRESSION: No hepatic steatosis (PDFF 2%). Simple renal cysts.',
      }),
    ],
  }),
  newerStudy({
    id: 'rw-us-us-ruq-cpt-no-steatosis',
    title:
      'NAFLD on the problem list, then "US RUQ" coded by a local code and CPT 76705: "No hepatic steatosis": to confirm, no card',
    style: 'us',
    study: (ctx) => [
      imagingReport(ctx, 'us-ruq', {
        daysAgo: 45,
        code: codeable(
          [coding('local', 'IMG1032', 'US RUQ'), { system: 'http://www.ama-assn.org/go/cpt', code: '76705' }],
          'US RUQ',
        ),
        conclusion: 'IMPRESSION: Normal right upper quadrant ultrasound. No hepatic steatosis.',
      }),
    ],
  }),
  excludedBy({
    id: 'rw-us-pathology-report-cirrhosis',
    title:
      '"Surgical Pathology Report" (LOINC 11526-1): "Liver, needle core biopsy: steatohepatitis with established cirrhosis (Brunt stage 4)": cirrhosis, no card',
    style: 'us',
    records: (ctx) => [
      otherReport(
        ctx,
        'pathology',
        'Surgical Pathology Report',
        '11526-1',
        'FINAL DIAGNOSIS: Liver, needle core biopsy: Steatohepatitis with established cirrhosis (Brunt stage 4).',
      ),
    ],
    criteria: { 'cirrhosis-hcc': 'met' },
  }),
  excludedBy({
    id: 'rw-us-egd-esophageal-varices',
    title:
      'EGD report: "Grade II esophageal varices, banded x3; portal hypertensive gastropathy": a chronic liver disease, no card',
    style: 'us',
    records: (ctx) => [
      otherReport(
        ctx,
        'egd',
        'Upper GI endoscopy (EGD) report',
        '18751-8',
        'Findings: Grade II esophageal varices, banded x3. Portal hypertensive gastropathy. Impression: esophageal varices.',
      ),
    ],
    criteria: { 'no-chronic-liver-disease': 'not-met' },
  }),
  excludedBy({
    id: 'rw-fr-note-nafld-evolution-cirrhotique',
    title:
      'K76.0 « NAFLD » avec la note « Évolution cirrhotique confirmée sur PBH en 2025 (F4) » : une cirrhose, pas de carte',
    style: 'fr',
    records: (ctx) => [
      {
        ...conditionOf(ctx, 'nafld-note', {
          code: codeable(cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs'), 'NAFLD'),
          onsetDaysAgo: 900,
        }),
        note: [{ text: 'Évolution cirrhotique confirmée sur PBH en 2025 (F4). Suivi en hépatologie.' }],
      },
    ],
    criteria: { 'cirrhosis-hcc': 'met' },
  }),
  excludedBy({
    id: 'rw-us-hepatic-encephalopathy-k7682',
    title:
      'K76.82 "Hepatic encephalopathy" on the problem list (lactulose, rifaximin): a chronic liver disease, no card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'he', {
        code: codeable([ICD10CM('K76.82', 'Hepatic encephalopathy')], 'Hepatic encephalopathy'),
        onsetDaysAgo: 300,
      }),
    ],
    criteria: { 'no-chronic-liver-disease': 'not-met' },
  }),
  excludedBy({
    id: 'rw-us-hepatoma-status-post-rfa',
    title: '"Hepatoma s/p RFA 2022" under a local code: a hepatocellular carcinoma, no card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'hepatoma', {
        code: codeable([coding('local', 'PL88231', 'Hepatoma s/p RFA 2022')], 'Hepatoma s/p RFA 2022'),
        onsetDaysAgo: 1500,
      }),
    ],
    criteria: { 'cirrhosis-hcc': 'met' },
  }),
  excludedBy({
    id: 'rw-us-lada-e139-beside-e1165',
    title:
      '"Latent autoimmune diabetes mellitus in adults (LADA), managed as type 1" coded E13.9 and SNOMED 426875007, beside E11.65: LADA, no card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'lada', {
        code: codeable(
          [
            ICD10CM('E13.9', 'Other specified diabetes mellitus without complications'),
            coding('snomed', '426875007', 'Latent autoimmune diabetes mellitus in adult'),
          ],
          'Latent autoimmune diabetes mellitus in adults (LADA), managed as type 1 (HCC)',
        ),
        onsetDaysAgo: 700,
      }),
    ],
    criteria: { t1d: 'met' },
    noPumpCard: true,
  }),
  excludedBy({
    id: 'rw-us-z79-85-injectable-non-insulin',
    title:
      'Z79.85 "Long-term (current) use of injectable non-insulin antidiabetic drugs" on the problem list, the drug filled elsewhere: a GLP-1 agonist, no card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'z79-85', {
        code: codeable(
          [ICD10CM('Z79.85', 'Long-term (current) use of injectable non-insulin antidiabetic drugs')],
          'Long-term (current) use of injectable non-insulin antidiabetic drugs',
        ),
        onsetDaysAgo: 400,
      }),
    ],
    criteria: { 'other-antidiabetics': 'met' },
  }),
  excludedBy({
    id: 'rw-us-z79-52-systemic-steroids',
    title:
      'Z79.52 "Long term (current) use of systemic steroids" (rheumatoid arthritis, outside rheumatologist), no steroid order: glucocorticoid treatment, no card',
    style: 'us',
    records: (ctx) => [
      conditionOf(ctx, 'z79-52', {
        code: codeable(
          [ICD10CM('Z79.52', 'Long term (current) use of systemic steroids')],
          'Long term (current) use of systemic steroids',
        ),
        onsetDaysAgo: 700,
      }),
    ],
    criteria: { glucocorticoids: 'met' },
  }),
];
