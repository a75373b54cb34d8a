import type { CodeableConcept, DiagnosticReport, Observation, Quantity } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  containedLabReport,
  fullMatch,
  imagingReport,
  nafldTrial,
  observationOf,
  pumpCardOf,
  type StyledContext,
} from './trial-builders.js';

/*
 * NCT04270656 records a review (2026-12-07, night) found decided wrongly:
 * - a newer normal liver ultrasound that denies the fat with an adjective ("Le foie n'est pas
 *   stéatosique", "The liver does not appear fatty", "Foie d'échostructure normale, non
 *   hyperéchogène") was read as no finding about the liver, so the older NAFLD on the problem list
 *   and on the older ultrasound kept the key criterion met and the card was shown. The controls: the
 *   same denied adjective said of the spleen or a kidney in the liver's sentence, which says
 *   nothing of the liver's fat (the card fires as before);
 * - a newer HCV viral load under a laboratory's own name ("VHC - Charge virale (ARN) - PCR temps
 *   réel", "HCV QUANT PCR"), or given as text in log units ("5,8 log UI/mL"), was passed over or
 *   unread, so an older "not detected" ruled hepatitis C out and the card was shown. The controls:
 *   a newer viral load "< 15 UI/mL, non détecté" / "Target Not Detected" after a positive
 *   antibody rules it out as before.
 */

/** The full match, with a newer abdominal ultrasound (30 days ago) concluding in `conclusion`. */
function newerUltrasound(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly case: 'fires' | 'unknown';
  readonly given: string;
  readonly conclusion: string;
}): FixturePatient {
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: 'steatosis in ultrasound reports',
    style: o.style,
    case: o.case,
    record: {
      given: o.given,
      extra: (ctx) => [imagingReport(ctx, 'us-new', { daysAgo: 30, conclusion: o.conclusion })],
    },
    pump: pumpCardOf(o.id),
    nafld: o.case === 'fires' ? nafldTrial(true) : nafldTrial(false, { steatosis: 'unknown' }),
  });
}

/** How each laboratory names each test: LOINC, or its own code. */
const TEST = {
  hcvAbFr: codeable([coding('local', 'SERO-VHC', 'Sérologie VHC (Ac anti-VHC)')], 'Ac anti-VHC'),
  hbsagFr: codeable([coding('local', 'SERO-AGHBS', 'Ag HBs')], 'Antigène HBs (Ag HBs)'),
  hcvRnaFr: codeable(
    [coding('loinc', '11259-9', 'Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection')],
    'ARN du VHC (PCR qualitative)',
  ),
  loadFr: codeable(
    [coding('local', 'VHCCV', 'VHC - Charge virale (ARN) - PCR temps réel')],
    'VHC - Charge virale (ARN) - PCR temps réel',
  ),
  loadFrOtherName: codeable([coding('local', 'CVVHC', 'Charge virale VHC (ARN)')], 'Charge virale VHC (ARN)'),
  hcvAbUs: codeable(
    [coding('loinc', '13955-0', 'Hepatitis C virus Ab [Presence] in Serum or Plasma by Immunoassay')],
    'Hepatitis C Ab',
  ),
  hbsagUs: codeable(
    [coding('loinc', '5196-1', 'Hepatitis B virus surface Ag [Presence] in Serum or Plasma by Immunoassay')],
    'Hepatitis B Surface Ag',
  ),
  hcvRnaUs: codeable(
    [coding('loinc', '11259-9', 'Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection')],
    'HCV RNA, Qualitative PCR',
  ),
  // An Epic-like health system's own result code, with no LOINC.
  quantUs: codeable(
    [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.1', code: 'HCVQ', display: 'HCV QUANT PCR' }],
    'HCV QUANT PCR',
  ),
} satisfies Record<string, CodeableConcept>;

const SNOMED_RESULT = {
  reactive: codeable([coding('snomed', '11214006', 'Reactive')], 'Reactive'),
  nonReactive: codeable([coding('snomed', '131194007', 'Non-Reactive')], 'Nonreactive'),
  notDetected: codeable([coding('snomed', '260415000', 'Not detected')], 'Not Detected'),
};

/** A result in words, a SNOMED CT qualifier, or a quantity. */
function result(
  ctx: StyledContext,
  suffix: string,
  code: CodeableConcept,
  daysAgo: number,
  value: { readonly words: string } | { readonly concept: CodeableConcept } | { readonly quantity: Quantity },
): Observation {
  const obs = observationOf(ctx, suffix, { code, daysAgo });
  if ('words' in value) obs.valueString = value.words;
  else if ('concept' in value) obs.valueCodeableConcept = value.concept;
  else obs.valueQuantity = value.quantity;
  return obs;
}

/** A French laboratory report with its results contained, under local codes. */
function frenchReport(
  ctx: StyledContext,
  suffix: string,
  title: string,
  daysAgo: number,
  results: readonly Observation[],
): DiagnosticReport {
  return containedLabReport(ctx, suffix, codeable([coding('local', 'BIO-VIRO', title)], title), daysAgo, results);
}

/** French serologies 3 years ago: HCV antibody positive, HBsAg negative, HCV RNA not detected. */
function oldFrenchSerologies(ctx: StyledContext): DiagnosticReport[] {
  return [
    frenchReport(ctx, 'sero', 'Sérologies virales', 1200, [
      result(ctx, 'acvhc', TEST.hcvAbFr, 1200, { words: 'POSITIF' }),
      result(ctx, 'aghbs', TEST.hbsagFr, 1200, { words: 'négatif' }),
    ]),
    frenchReport(ctx, 'arn', 'Virologie - ARN VHC', 1100, [
      result(ctx, 'arnvhc', TEST.hcvRnaFr, 1100, { words: 'ARN du VHC non détecté' }),
    ]),
  ];
}

const IU_PER_ML = (value: number): Quantity => ({
  value,
  unit: 'IU/mL',
  system: 'http://unitsofmeasure.org',
  code: '[IU]/mL',
});

export const TRIAL_REVIEW_EIGHTEEN_RECORDS: readonly FixturePatient[] = [
  newerUltrasound({
    id: 'rw-fr-echo-foie-pas-steatosique-apres-nafld',
    title:
      "NAFLD au problème et échographie stéatosique il y a 14 mois, puis une échographie récente « Le foie n'est pas stéatosique » : la stéatose est à confirmer, pas de carte",
    style: 'fr',
    case: 'unknown',
    given: 'Lucien',
    conclusion: "Le foie n'est pas stéatosique. Pas de lésion focale. Voies biliaires fines.",
  }),
  newerUltrasound({
    id: 'rw-fr-echo-foie-non-hyperechogene-apres-nafld',
    title:
      "NAFLD au problème, puis une échographie récente « Foie de taille normale, d'échostructure normale, non hyperéchogène » : la stéatose est à confirmer, pas de carte",
    style: 'fr',
    case: 'unknown',
    given: 'Gilles',
    conclusion: "Foie de taille normale, d'échostructure normale, non hyperéchogène. Vésicule alithiasique.",
  }),
  newerUltrasound({
    id: 'rw-us-us-liver-not-fatty-after-nafld',
    title:
      'NAFLD on the problem list and a fatty liver on an ultrasound 14 months ago, then a recent ultrasound "The liver does not appear fatty.": steatosis to confirm, no card',
    style: 'us',
    case: 'unknown',
    given: 'Wallace',
    conclusion: 'The liver does not appear fatty. No focal lesion. Gallbladder unremarkable.',
  }),
  newerUltrasound({
    id: 'rw-us-us-liver-not-hyperechoic-after-nafld',
    title:
      'NAFLD on the problem list, then a recent ultrasound "Liver normal in size, not hyperechoic.": steatosis to confirm, no card',
    style: 'us',
    case: 'unknown',
    given: 'Norman',
    conclusion: 'IMPRESSION: Liver normal in size, not hyperechoic. No focal hepatic lesion.',
  }),
  newerUltrasound({
    id: 'rw-fr-echo-rate-non-hyperechogene-temoin',
    title:
      'Témoin : NAFLD au problème, puis une échographie récente « Foie de taille normale, rate homogène, non hyperéchogène » : le déni porte sur la rate, la NAFLD décide, carte proposée',
    style: 'fr',
    case: 'fires',
    given: 'Marcel',
    conclusion: 'Foie de taille normale, rate homogène, non hyperéchogène. Pas de dilatation des voies biliaires.',
  }),
  newerUltrasound({
    id: 'rw-us-us-kidney-not-echogenic-control',
    title:
      'Control: NAFLD on the problem list, then a recent ultrasound "Liver measures 15.2 cm, the right kidney is not echogenic": the denial is about the kidney, the NAFLD decides, the card fires',
    style: 'us',
    case: 'fires',
    given: 'Harold',
    conclusion: 'Liver measures 15.2 cm, the right kidney is not echogenic and measures 10.8 cm. No hydronephrosis.',
  }),
  fullMatch({
    id: 'rw-fr-vhc-charge-virale-log-apres-arn-negatif',
    title:
      '« ARN du VHC non détecté » il y a 3 ans, puis « VHC - Charge virale (ARN) - PCR temps réel : 5,8 log UI/mL » il y a 60 jours : hépatite C active, exclu',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Roland',
      extra: (ctx) => [
        ...oldFrenchSerologies(ctx),
        frenchReport(ctx, 'cv', 'Virologie - Charge virale VHC', 60, [
          result(ctx, 'cvvhc', TEST.loadFr, 60, { words: '5,8 log UI/mL' }),
        ]),
      ],
    },
    pump: pumpCardOf('rw-fr-vhc-charge-virale-log-apres-arn-negatif'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, [
      'Observation/rw-fr-vhc-charge-virale-log-apres-arn-negatif-cv-cvvhc',
    ]),
  }),
  fullMatch({
    id: 'rw-fr-charge-virale-vhc-texte-log',
    title:
      '« ARN du VHC non détecté » il y a 3 ans, puis « Charge virale VHC (ARN) : 5,8 log UI/mL » (une valeur en texte) il y a 60 jours : hépatite C active, exclu',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Serge',
      extra: (ctx) => [
        ...oldFrenchSerologies(ctx),
        frenchReport(ctx, 'cv', 'Virologie - Charge virale VHC', 60, [
          result(ctx, 'cvvhc', TEST.loadFrOtherName, 60, { words: '5,8 log UI/mL' }),
        ]),
      ],
    },
    pump: pumpCardOf('rw-fr-charge-virale-vhc-texte-log'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, [
      'Observation/rw-fr-charge-virale-vhc-texte-log-cv-cvvhc',
    ]),
  }),
  fullMatch({
    id: 'rw-us-hcv-quant-pcr-after-rna-not-detected',
    title:
      'HCV RNA (LOINC 11259-9) "Not detected" 3 years ago, then the local "HCV QUANT PCR" 1,250,000 IU/mL 60 days ago: a current hepatitis C, excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Clayton',
      extra: (ctx) => [
        result(ctx, 'hcv-rna', TEST.hcvRnaUs, 1100, { concept: SNOMED_RESULT.notDetected }),
        result(ctx, 'hcv-quant', TEST.quantUs, 60, { quantity: IU_PER_ML(1_250_000) }),
      ],
    },
    pump: pumpCardOf('rw-us-hcv-quant-pcr-after-rna-not-detected'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, [
      'Observation/rw-us-hcv-quant-pcr-after-rna-not-detected-hcv-quant',
    ]),
  }),
  fullMatch({
    id: 'rw-fr-vhc-charge-virale-inf-15-temoin',
    title:
      'Témoin : « Ac anti-VHC : POSITIF », « Ag HBs : négatif », puis « VHC - Charge virale (ARN) - PCR temps réel : < 15 UI/mL, non détecté » : pas d’hépatite C active, carte proposée',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Bernard',
      extra: (ctx) => [
        frenchReport(ctx, 'sero', 'Sérologies virales', 400, [
          result(ctx, 'acvhc', TEST.hcvAbFr, 400, { words: 'POSITIF' }),
          result(ctx, 'aghbs', TEST.hbsagFr, 400, { words: 'négatif' }),
        ]),
        frenchReport(ctx, 'cv', 'Virologie - Charge virale VHC', 60, [
          result(ctx, 'cvvhc', TEST.loadFr, 60, { words: '< 15 UI/mL, non détecté' }),
        ]),
      ],
    },
    pump: pumpCardOf('rw-fr-vhc-charge-virale-inf-15-temoin'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-hcv-quant-pcr-not-detected-control',
    title:
      'Control: HCV Ab reactive and HBsAg nonreactive, then the local "HCV QUANT PCR" "<15 IU/mL, Target Not Detected": no current hepatitis C, the card fires',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Lyle',
      extra: (ctx) => [
        result(ctx, 'hcv-ab', TEST.hcvAbUs, 400, { concept: SNOMED_RESULT.reactive }),
        result(ctx, 'hbsag', TEST.hbsagUs, 400, { concept: SNOMED_RESULT.nonReactive }),
        result(ctx, 'hcv-quant', TEST.quantUs, 60, { words: '<15 IU/mL, Target Not Detected' }),
      ],
    },
    pump: pumpCardOf('rw-us-hcv-quant-pcr-not-detected-control'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'not-met' }),
  }),
];
