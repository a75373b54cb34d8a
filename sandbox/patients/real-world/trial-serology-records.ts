import type { CodeableConcept, DiagnosticReport, Observation, Quantity } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  containedLabReport,
  fullMatch,
  nafldTrial,
  observationOf,
  pumpCardOf,
  type StyledContext,
} from './trial-builders.js';

/*
 * NCT04270656 excludes "chronic viral hepatitis based on HBV and HCV serology results": an HBsAg
 * or an HCV RNA as US laboratories (LOINC, SNOMED CT qualifiers, "Reactive") and French ones (a
 * local code named "Ag HBs", "Ac anti-VHC", "Charge virale VHC", results in words) send them.
 */

/** How each style's laboratory names each test: LOINC in the US, a local code in France. */
const TEST = {
  hbsag: {
    us: codeable(
      [coding('loinc', '5196-1', 'Hepatitis B virus surface Ag [Presence] in Serum or Plasma by Immunoassay')],
      'Hepatitis B Surface Ag',
    ),
    fr: codeable([coding('local', 'SERO-AGHBS', 'Ag HBs')], 'Antigène HBs (Ag HBs)'),
  },
  antiHbs: {
    fr: codeable([coding('local', 'SERO-ACHBS', 'Ac anti-HBs')], 'Anticorps anti-HBs'),
  },
  hcvAb: {
    us: codeable(
      [coding('loinc', '13955-0', 'Hepatitis C virus Ab [Presence] in Serum or Plasma by Immunoassay')],
      'Hepatitis C Ab',
    ),
    fr: codeable([coding('local', 'SERO-VHC', 'Sérologie VHC (Ac anti-VHC)')], 'Ac anti-VHC'),
  },
  hcvRna: {
    us: codeable(
      [coding('loinc', '11259-9', 'Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection')],
      'HCV RNA, Qualitative PCR',
    ),
    usLoad: codeable(
      [
        coding(
          'loinc',
          '11011-4',
          'Hepatitis C virus RNA [Units/volume] (viral load) in Serum or Plasma by Probe and target amplification method',
        ),
      ],
      'HCV RNA, Quantitative',
    ),
    frLoinc: codeable(
      [coding('loinc', '11259-9', 'Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection')],
      'ARN du VHC (PCR qualitative)',
    ),
  },
} as const;

const SNOMED_RESULT = {
  reactive: codeable([coding('snomed', '11214006', 'Reactive')], 'Reactive'),
  nonReactive: codeable([coding('snomed', '131194007', 'Non-Reactive')], 'Nonreactive'),
  notDetected: codeable([coding('snomed', '260415000', 'Not detected')], 'Not Detected'),
};

/** A serology result: in words, a SNOMED CT qualifier, or a viral load. */
function serology(
  ctx: StyledContext,
  suffix: string,
  code: CodeableConcept,
  daysAgo: number,
  value: { readonly words: string } | { readonly concept: CodeableConcept } | { readonly load: Quantity },
): Observation {
  const obs = observationOf(ctx, suffix, { code, daysAgo });
  if ('words' in value) obs.valueString = value.words;
  else if ('concept' in value) obs.valueCodeableConcept = value.concept;
  else obs.valueQuantity = value.load;
  return obs;
}

/**
 * A French laboratory's report of viral serologies, its results under local codes contained in
 * it, as such a laboratory sends them. The service finds a locally coded result inside its
 * report (reports are fetched whole) or among the newest laboratory results (the laboratory sweep).
 */
function frenchSerologyReport(ctx: StyledContext, daysAgo: number, results: readonly Observation[]): DiagnosticReport {
  const code = codeable([coding('local', 'BIO-SERO', 'Sérologies virales')], 'Sérologies virales (bilan hépatique)');
  return containedLabReport(ctx, 'sero', code, daysAgo, results);
}

const IU_PER_ML = (value: number): Quantity => ({
  value,
  unit: 'IU/mL',
  system: 'http://unitsofmeasure.org',
  code: '[IU]/mL',
});

export const SEROLOGY_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-hbsag-reactive',
    title: 'Hepatitis B surface Ag (LOINC 5196-1) "Reactive" 4 months ago, no hepatitis on the problem list: excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Vincent',
      extra: (ctx) => [serology(ctx, 'hbsag', TEST.hbsag.us, 120, { concept: SNOMED_RESULT.reactive })],
    },
    pump: pumpCardOf('rw-us-hbsag-reactive'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, ['Observation/rw-us-hbsag-reactive-hbsag']),
  }),
  fullMatch({
    id: 'rw-fr-ag-hbs-positif',
    title: 'Local code "Ag HBs" with the value "POSITIF" (French laboratory), no hepatitis B coded: excluded',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gérard',
      extra: (ctx) => [
        frenchSerologyReport(ctx, 200, [serology(ctx, 'aghbs', TEST.hbsag.fr, 200, { words: 'POSITIF' })]),
      ],
    },
    pump: pumpCardOf('rw-fr-ag-hbs-positif'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, ['Observation/rw-fr-ag-hbs-positif-sero-aghbs']),
  }),
  fullMatch({
    id: 'rw-us-hcv-viral-load',
    title: 'HCV RNA quantitative (LOINC 11011-4) 2,340,000 IU/mL last month: a current hepatitis C, excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Dennis',
      extra: (ctx) => [
        serology(ctx, 'hcv-ab', TEST.hcvAb.us, 60, { concept: SNOMED_RESULT.reactive }),
        serology(ctx, 'hcv-load', TEST.hcvRna.usLoad, 30, { load: IU_PER_ML(2_340_000) }),
      ],
    },
    pump: pumpCardOf('rw-us-hcv-viral-load'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, ['Observation/rw-us-hcv-viral-load-hcv-load']),
  }),
  fullMatch({
    id: 'rw-us-hcv-cured',
    title:
      'HCV Ab reactive but HCV RNA "Not detected" after treatment, HBsAg nonreactive: no chronic hepatitis, the card fires',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Russell',
      extra: (ctx) => [
        serology(ctx, 'hcv-ab', TEST.hcvAb.us, 400, { concept: SNOMED_RESULT.reactive }),
        serology(ctx, 'hcv-rna', TEST.hcvRna.us, 90, { concept: SNOMED_RESULT.notDetected }),
        serology(ctx, 'hbsag', TEST.hbsag.us, 400, { concept: SNOMED_RESULT.nonReactive }),
      ],
    },
    pump: pumpCardOf('rw-us-hcv-cured'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-serologies-negatives',
    title:
      'Bilan pré-thérapeutique: "Ag HBs: Négatif", "Ac anti-VHC: négatif", and "Ac anti-HBs: Positif (> 1000 UI/L)" from vaccination: the card fires',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Thierry',
      extra: (ctx) => [
        frenchSerologyReport(ctx, 150, [
          serology(ctx, 'aghbs', TEST.hbsag.fr, 150, { words: 'Négatif' }),
          serology(ctx, 'acvhc', TEST.hcvAb.fr, 150, { words: 'négatif' }),
          // The antibody of a vaccinated patient: not the antigen, whatever its "Positif" says.
          serology(ctx, 'achbs', TEST.antiHbs.fr, 150, { words: 'Positif (> 1000 UI/L)' }),
        ]),
      ],
    },
    pump: pumpCardOf('rw-fr-serologies-negatives'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-hbv-dna-detected',
    title:
      'HBsAg nonreactive 2 years ago, then HBV DNA (LOINC 29615-2) 12,000 IU/mL a month ago (occult or new hepatitis B): excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Marcus',
      extra: (ctx) => [
        serology(ctx, 'hbsag', TEST.hbsag.us, 730, { concept: SNOMED_RESULT.nonReactive }),
        serology(ctx, 'hcv-rna', TEST.hcvRna.us, 730, { concept: SNOMED_RESULT.notDetected }),
        serology(
          ctx,
          'hbv-dna',
          codeable(
            [
              coding(
                'loinc',
                '29615-2',
                'Hepatitis B virus DNA [#/volume] (viral load) in Serum or Plasma by Probe and target amplification method',
              ),
            ],
            'HBV DNA, Quantitative PCR',
          ),
          30,
          { load: IU_PER_ML(12000) },
        ),
      ],
    },
    pump: pumpCardOf('rw-us-hbv-dna-detected'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, ['Observation/rw-us-hbv-dna-detected-hbv-dna']),
  }),
  fullMatch({
    id: 'rw-fr-ag-hbs-conclusion-seule',
    title:
      'Negative serology 400 days ago, then a report "Ag HBs" 20 days ago whose result is only in its conclusion ("Positif. Contrôle demandé."): hepatitis B to confirm',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Fabrice',
      extra: (ctx) => [
        frenchSerologyReport(ctx, 400, [
          serology(ctx, 'aghbs', TEST.hbsag.fr, 400, { words: 'Négatif' }),
          serology(ctx, 'acvhc', TEST.hcvAb.fr, 400, { words: 'négatif' }),
        ]),
        {
          ...containedLabReport(ctx, 'aghbs-texte', TEST.hbsag.fr, 20, []),
          conclusion: 'Positif. Contrôle et ADN du VHB demandés.',
        },
      ],
    },
    pump: pumpCardOf('rw-fr-ag-hbs-conclusion-seule'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-anti-vhc-sans-arn',
    title:
      '"Ac anti-VHC: POSITIF" with no HCV RNA on file, "Ag HBs: négatif": past or current hepatitis C cannot be told, to confirm',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Yannick',
      extra: (ctx) => [
        frenchSerologyReport(ctx, 210, [
          serology(ctx, 'acvhc', TEST.hcvAb.fr, 210, { words: 'POSITIF' }),
          serology(ctx, 'aghbs', TEST.hbsag.fr, 210, { words: 'négatif' }),
        ]),
      ],
    },
    pump: pumpCardOf('rw-fr-anti-vhc-sans-arn'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-hbsag-equivocal',
    title: 'HBsAg "Equivocal - recommend repeat testing" and HCV Ab nonreactive: hepatitis B stays to confirm',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Curtis',
      extra: (ctx) => [
        serology(ctx, 'hbsag', TEST.hbsag.us, 45, { words: 'Equivocal - recommend repeat testing' }),
        serology(ctx, 'hcv-ab', TEST.hcvAb.us, 45, { concept: SNOMED_RESULT.nonReactive }),
      ],
    },
    pump: pumpCardOf('rw-us-hbsag-equivocal'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-charge-virale-indetectable',
    title:
      'HCV RNA (LOINC 11259-9) "ARN du VHC non détecté" after treatment, older serologies in a report ("Ac anti-VHC: POSITIF"), "Ag HBs: négatif": no chronic hepatitis, the card fires',
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Raymond',
      extra: (ctx) => [
        frenchSerologyReport(ctx, 700, [
          serology(ctx, 'acvhc', TEST.hcvAb.fr, 700, { words: 'POSITIF' }),
          serology(ctx, 'aghbs', TEST.hbsag.fr, 700, { words: 'négatif' }),
        ]),
        // The follow-up viral load, coded in LOINC by the hospital's virology laboratory.
        serology(ctx, 'pcrvhc', TEST.hcvRna.frLoinc, 100, { words: 'ARN du VHC non détecté' }),
      ],
    },
    pump: pumpCardOf('rw-fr-charge-virale-indetectable'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'not-met' }),
  }),
  // Under a US reference laboratory's own code, found among the newest laboratory results: "Hep B
  // sAg" was no name the service read (2026-12-06, evening), and the trial card was shown.
  fullMatch({
    id: 'rw-us-hep-b-sag-local-positive',
    title: 'Local code "Hep B sAg" with the value "POSITIVE" 2 months ago, no hepatitis B coded: excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Rodney',
      extra: (ctx) => [
        serology(ctx, 'hbsag', codeable([coding('local', 'HEPBSAG', 'Hep B sAg')], 'Hep B sAg'), 60, {
          words: 'POSITIVE',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-hep-b-sag-local-positive'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, [
      'Observation/rw-us-hep-b-sag-local-positive-hbsag',
    ]),
  }),
];
