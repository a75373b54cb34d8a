import type { CodeableConcept, Observation } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  containedLabReport,
  creatinineOf,
  egfrOf,
  fullMatch,
  nafldTrial,
  observationOf,
  pumpCardOf,
  qty,
  type StyledContext,
} from './trial-builders.js';

/*
 * Laboratory answers and social-history values as feeds send them, which a review of
 * NCT04270656 (2026-12-07) found read as nothing or read wrong: LOINC answer codes with no display,
 * "TND", an eGFR in plain "mL/min" or with no unit under its eGFR code, heavy drinking as the
 * coded answer of an alcohol observation, alcohol in grams a day, and an HFE genotype result.
 */

/** A result with a coded answer (a LOINC answer code, a SNOMED CT finding) or words. */
function answered(
  ctx: StyledContext,
  suffix: string,
  code: CodeableConcept,
  daysAgo: number,
  value: { readonly concept: CodeableConcept } | { readonly words: string },
  category: 'laboratory' | 'social-history' = 'laboratory',
): Observation {
  const obs = observationOf(ctx, suffix, { code, daysAgo, category });
  if ('concept' in value) obs.valueCodeableConcept = value.concept;
  else obs.valueString = value.words;
  return obs;
}

/** An addictology report 20 days ago holding alcohol in grams a day under a local code. */
function addictologyReport(ctx: StyledContext, gramsPerDay: number) {
  return containedLabReport(
    ctx,
    'addicto',
    codeable([coding('local', 'ADDICTO', 'Bilan addictologie')], 'Bilan addictologie'),
    20,
    [
      observationOf(ctx, 'alcool-g', {
        code: codeable([coding('local', 'ALCGJ')], "Consommation d'alcool (g/jour)"),
        category: 'social-history',
        daysAgo: 20,
        valueQuantity: qty(gramsPerDay, 'g/j', 'g/d'),
      }),
    ],
  );
}

const HBSAG = codeable(
  [coding('loinc', '5196-1', 'Hepatitis B virus surface Ag [Presence] in Serum or Plasma by Immunoassay')],
  'Hepatitis B Surface Ag',
);
const HCV_AB = codeable(
  [coding('loinc', '13955-0', 'Hepatitis C virus Ab [Presence] in Serum or Plasma by Immunoassay')],
  'Hepatitis C Ab',
);
const HCV_RNA = codeable(
  [coding('loinc', '11259-9', 'Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection')],
  'HCV RNA, Qualitative PCR',
);
/** A LOINC answer code alone, as some US interfaces send it: no display, no text. */
const answer = (code: string): { readonly concept: CodeableConcept } => ({
  concept: { coding: [coding('loinc', code)] },
});

export const LAB_ANSWER_RECORDS: readonly FixturePatient[] = [
  // 1. LOINC answer codes (LA) without a display, and "TND".
  fullMatch({
    id: 'rw-us-hcv-rna-la11882-0-no-display',
    title: 'HCV RNA (LOINC 11259-9) answered LA11882-0 "Detected", code alone with no display: excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Wendell',
      extra: (ctx) => [answered(ctx, 'hcv-rna', HCV_RNA, 40, answer('LA11882-0'))],
    },
    pump: pumpCardOf('rw-us-hcv-rna-la11882-0-no-display'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, [
      'Observation/rw-us-hcv-rna-la11882-0-no-display-hcv-rna',
    ]),
  }),
  fullMatch({
    id: 'rw-us-hbsag-la6576-8-no-display',
    title: 'HBsAg (LOINC 5196-1) answered LA6576-8 "Positive", code alone with no display: excluded',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Harlan',
      extra: (ctx) => [answered(ctx, 'hbsag', HBSAG, 40, answer('LA6576-8'))],
    },
    pump: pumpCardOf('rw-us-hbsag-la6576-8-no-display'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }, [
      'Observation/rw-us-hbsag-la6576-8-no-display-hbsag',
    ]),
  }),
  fullMatch({
    id: 'rw-us-hcv-la11883-8-hbsag-la6577-6',
    title:
      'HCV RNA answered LA11883-8 "Not detected" and HBsAg LA6577-6 "Negative", codes alone: no chronic hepatitis, the card fires',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Elmer',
      extra: (ctx) => [
        answered(ctx, 'hcv-rna', HCV_RNA, 40, answer('LA11883-8')),
        answered(ctx, 'hbsag', HBSAG, 40, answer('LA6577-6')),
      ],
    },
    pump: pumpCardOf('rw-us-hcv-la11883-8-hbsag-la6577-6'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-hcv-rna-tnd-after-reactive-ab',
    title: 'HCV Ab "Reactive", HCV RNA "TND" (target not detected), HBsAg "Nonreactive": no chronic hepatitis, fires',
    rule: 'hepatitis B and C serology',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Clifton',
      extra: (ctx) => [
        answered(ctx, 'hcv-ab', HCV_AB, 40, { words: 'Reactive' }),
        answered(ctx, 'hcv-rna', HCV_RNA, 40, { words: 'TND' }),
        answered(ctx, 'hbsag', HBSAG, 40, { words: 'Nonreactive' }),
      ],
    },
    pump: pumpCardOf('rw-us-hcv-rna-tnd-after-reactive-ab'),
    nafld: nafldTrial(true, { 'chronic-viral-hepatitis': 'not-met' }),
  }),

  // 2. An eGFR under its eGFR code in plain "mL/min", or with no unit; a creatinine clearance
  // in mL/min stays no eGFR.
  fullMatch({
    id: 'rw-us-egfr-ckd-epi-22-plain-ml-min',
    title: 'eGFR CKD-EPI (LOINC 62238-1) 22 with the unit "mL/min" (no per 1.73 m2): excluded, no trial card',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Vernon',
      replace: {
        egfr: (ctx) => {
          const egfr = egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 22, daysAgo: 17 });
          return [{ ...egfr, valueQuantity: qty(22, 'mL/min') }, creatinineOf(ctx, 'creat', 17, 250)];
        },
      },
    },
    pump: pumpCardOf('rw-us-egfr-ckd-epi-22-plain-ml-min'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-dfg-ckd-epi-inf-15-sans-unite',
    title: 'DFG CKD-EPI (LOINC 62238-1) « <15 » en texte, sans unité : exclu, pas de carte essai',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Roland',
      replace: {
        egfr: (ctx) => {
          const egfr: Observation = egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 14, daysAgo: 17 });
          delete egfr.valueQuantity;
          return [{ ...egfr, valueString: '<15' }, creatinineOf(ctx, 'creat', 17, 480)];
        },
      },
    },
    pump: pumpCardOf('rw-fr-dfg-ckd-epi-inf-15-sans-unite'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-creatinine-clearance-28-ml-min-egfr-84',
    title:
      'Creatinine clearance (LOINC 2164-2) 28 mL/min newer than an eGFR of 84: a clearance is no eGFR, the card fires',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Irving',
      extra: (ctx) => [
        observationOf(ctx, 'crcl', {
          code: codeable(
            [coding('loinc', '2164-2', 'Creatinine renal clearance in 24 hour Urine and Serum or Plasma')],
            'Creatinine clearance, 24 h',
          ),
          daysAgo: 10,
          valueQuantity: qty(28, 'mL/min'),
        }),
      ],
    },
    pump: pumpCardOf('rw-us-creatinine-clearance-28-ml-min-egfr-84'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'not-met' }),
  }),

  // 3. Heavy drinking as the coded answer of an alcohol observation (SNOMED 228273003 "Finding
  // relating to alcohol drinking behavior"), read like the same code on the problem list.
  fullMatch({
    id: 'rw-us-alcohol-finding-heavy-drinker',
    title:
      'Alcohol use (SNOMED 228273003) answered 86933000 "Heavy drinker", 1 drink a day recorded: both alcohol criteria to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Rusty',
      extra: (ctx) => [
        answered(
          ctx,
          'alcohol-status',
          codeable([coding('snomed', '228273003', 'Finding relating to alcohol drinking behavior')], 'Alcohol use'),
          30,
          { concept: codeable([coding('snomed', '86933000', 'Heavy drinker')], 'Heavy drinker') },
          'social-history',
        ),
      ],
    },
    pump: pumpCardOf('rw-us-alcohol-finding-heavy-drinker'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown', 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-alcohol-finding-very-heavy-code-only',
    title:
      'Alcohol use (SNOMED 228273003) answered 228279004 "Very heavy drinker", code alone: both alcohol criteria to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Dwayne',
      extra: (ctx) => [
        answered(
          ctx,
          'alcohol-status',
          codeable([coding('snomed', '228273003', 'Finding relating to alcohol drinking behavior')], 'Alcohol use'),
          30,
          { concept: { coding: [coding('snomed', '228279004')] } },
          'social-history',
        ),
      ],
    },
    pump: pumpCardOf('rw-us-alcohol-finding-very-heavy-code-only'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown', 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-alcohol-finding-light-drinker',
    title: 'Alcohol use (SNOMED 228273003) answered 228277002 "Light drinker", 1 drink a day: no exclusion, fires',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Alton',
      extra: (ctx) => [
        answered(
          ctx,
          'alcohol-status',
          codeable([coding('snomed', '228273003', 'Finding relating to alcohol drinking behavior')], 'Alcohol use'),
          30,
          { concept: codeable([coding('snomed', '228277002', 'Light drinker')], 'Light drinker') },
          'social-history',
        ),
      ],
    },
    pump: pumpCardOf('rw-us-alcohol-finding-light-drinker'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'met', 'alcohol-over-limit': 'not-met' }),
  }),

  // 4. Alcohol in grams a day, under a local code named "Consommation d'alcool (g/jour)", in the
  // addictology report it was entered in (a report is read whole, whatever its results' codes).
  fullMatch({
    id: 'rw-fr-consommation-alcool-40-g-jour',
    title: "« Consommation d'alcool (g/jour) » 40 g/j (code local), plus récent qu'1 verre/jour : exclu (alcool)",
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Lucien',
      extra: (ctx) => [addictologyReport(ctx, 40)],
    },
    pump: pumpCardOf('rw-fr-consommation-alcool-40-g-jour'),
    nafld: nafldTrial(false, { 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-consommation-alcool-10-g-jour',
    title: "« Consommation d'alcool (g/jour) » 10 g/j chez un homme : sous le seuil de 20 g, la carte s'affiche",
    rule: 'alcohol measures of every kind',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Marcel',
      extra: (ctx) => [addictologyReport(ctx, 10)],
    },
    pump: pumpCardOf('rw-fr-consommation-alcool-10-g-jour'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'not-met' }),
  }),

  // 5. An HFE genotype result: C282Y homozygous excludes; a compound heterozygote is to confirm; a
  // carrier changes nothing.
  fullMatch({
    id: 'rw-us-hfe-genotype-c282y-homozygous',
    title: 'HFE genotype result "C282Y homozygous (C282Y/C282Y)", ferritin 1450: hereditary hemochromatosis, excluded',
    rule: 'an exclusion named in problem-list words',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Gordon',
      extra: (ctx) => [
        answered(
          ctx,
          'hfe',
          codeable([coding('local', 'HFEDNA', 'Hemochromatosis DNA Mutation Analysis')], 'HFE genotyping'),
          60,
          { words: 'C282Y homozygous (C282Y/C282Y)' },
        ),
      ],
    },
    pump: pumpCardOf('rw-us-hfe-genotype-c282y-homozygous'),
    nafld: nafldTrial(false, { hemochromatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-genotypage-hfe-homozygotie-c282y',
    title: '« Génotypage HFE » (code local) « Homozygotie C282Y » : hémochromatose héréditaire, exclu',
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Hervé',
      extra: (ctx) => [
        answered(ctx, 'hfe', codeable([coding('local', 'HFE')], 'Génotypage HFE'), 60, {
          words: 'Homozygotie C282Y',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-genotypage-hfe-homozygotie-c282y'),
    nafld: nafldTrial(false, { hemochromatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-hfe-genotype-compound-c282y-h63d',
    title: 'HFE genotype result "C282Y/H63D compound heterozygote": hemochromatosis to confirm',
    rule: 'an exclusion named in problem-list words',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Lamar',
      extra: (ctx) => [
        answered(
          ctx,
          'hfe',
          codeable([coding('local', 'HFEDNA', 'Hemochromatosis DNA Mutation Analysis')], 'HFE genotyping'),
          60,
          { words: 'C282Y/H63D compound heterozygote' },
        ),
      ],
    },
    pump: pumpCardOf('rw-us-hfe-genotype-compound-c282y-h63d'),
    nafld: nafldTrial(true, { hemochromatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-genotypage-hfe-heterozygotie-c282y',
    title: "« Génotypage HFE » « Hétérozygotie C282Y » (porteur) : pas d'hémochromatose, la carte s'affiche",
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Armand',
      extra: (ctx) => [
        answered(ctx, 'hfe', codeable([coding('local', 'HFE')], 'Génotypage HFE'), 60, {
          words: 'Hétérozygotie C282Y',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-genotypage-hfe-heterozygotie-c282y'),
    nafld: nafldTrial(true, { hemochromatosis: 'not-met' }),
  }),
];
