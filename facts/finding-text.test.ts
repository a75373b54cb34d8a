import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import { findingInText, type TextFinding } from './finding-text.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const STEATOSIS: ReadonlySet<string> = new Set(['steatosis', 'nash']);

// Imaging conclusions as radiologists write them. Only an affirmed mention of the liver's steatosis
// is "present": hedges, past findings and another organ's steatosis must never fire a criterion.
describe('what a liver imaging conclusion says of steatosis', () => {
  test.each<[string, TextFinding]>([
    ['Stéatose hépatique modérée.', 'present'],
    ['Foie de taille normale, siège d’une stéatose diffuse.', 'present'],
    ['Diffuse hepatic steatosis. No focal lesion.', 'present'],
    ['Stéatose non alcoolique.', 'present'],
    ['Known hepatic steatosis, otherwise unremarkable.', 'present'],
    ['No interval change in the hepatic steatosis.', 'present'],
    ["Pas d'évolution de la stéatose hépatique.", 'present'],
    ['Pas de stéatose.', 'absent'],
    ['No sonographic evidence of hepatic steatosis.', 'absent'],
    ['Stéatose : non', 'absent'],
    ['Stéatose hépatique : non', 'absent'],
    ["Stéatose hépatique : absente à l'écho 2024", 'absent'],
    ['Fatty liver - not seen on US 2025', 'absent'],
    ['Hepatic steatosis not identified.', 'absent'],
    ["Stéatose non vue à l'échographie.", 'absent'],
    ['Steatosis ruled out.', 'absent'],
    ['Previously noted steatosis has resolved.', 'absent'],
    ['Stéatose disparue par rapport à 2023.', 'absent'],
    ['Hepatic steatosis cannot be excluded.', 'uncertain'],
    ['Stéatose non exclue.', 'uncertain'],
    ['On ne peut exclure une stéatose.', 'uncertain'],
    ['Possible mild hepatic steatosis.', 'uncertain'],
    ['Steatosis unlikely.', 'uncertain'],
    ['Suspicion de stéatose, à confirmer en IRM.', 'uncertain'],
    ['Steatosis?', 'uncertain'],
    ['Rule out hepatic steatosis.', 'uncertain'],
    ['History of hepatic steatosis.', 'uncertain'],
    ['Antécédent de stéatose hépatique.', 'uncertain'],
    ['Pas de stéatose. Stéatose non exclue au segment IV.', 'uncertain'],
    ['Stéatose pancréatique. Foie de taille normale.', 'silent'],
    ['Pancreatic steatosis. Normal liver.', 'silent'],
    ['Foie normal. Vésicule alithiasique.', 'silent'],
    ['Stéatose hépatique et pancréatique.', 'present'],
    // A ninth review (2026-12-06): gone later in the clause, and a study asked to rule it out.
    ["La stéatose décrite en 2021 n'est plus visible.", 'absent'],
    ["La stéatose hépatique n'est plus retrouvée.", 'absent'],
    ['Steatosis seen in 2019 is no longer present.', 'absent'],
    ['Échographie demandée pour éliminer une stéatose. Foie normal.', 'uncertain'],
    ['Stéatose hépatique modérée. Pas de lithiase.', 'present'],
    ['Bilan pour éliminer une hépatite : foie hyperéchogène évoquant une stéatose modérée.', 'present'],
    ['Increased echogenicity, suspicious for hepatic steatosis.', 'uncertain'],
    ['Findings concerning for fatty liver.', 'uncertain'],
    ['Consider hepatic steatosis.', 'uncertain'],
    ['Increased hepatic echogenicity, suggestive of hepatic steatosis.', 'present'],
    // A denial set off by a comma, and an organ named three words on.
    ['Stéatose hépatique connue, non revue ce jour.', 'absent'],
    ['Stéatose hépatique connue, non retrouvée ce jour.', 'absent'],
    ['Known hepatic steatosis, not seen today.', 'absent'],
    ['Hepatic steatosis, not excluded.', 'uncertain'],
    ['Hepatic steatosis, not present on this study.', 'absent'],
    ['Stéatose hépatique, non alcoolique.', 'present'],
    ['Stéatose hépatique, pas de lésion focale.', 'present'],
    ['Steatosis of the pancreas. Liver unremarkable.', 'silent'],
    ['Stéatose du pancréas. Foie normal.', 'silent'],
    // Denied after a copula or by "absence", graded zero, not found again, or not assessable.
    ['Foie : échostructure homogène. Stéatose : absence.', 'absent'],
    ['Steatosis is not present.', 'absent'],
    ['Steatosis grade 0.', 'absent'],
    ['Stéatose : S0.', 'absent'],
    ['Stéatose grade 0-1.', 'present'],
    ['Stéatose S0 à S1.', 'present'],
    ['Steatosis grade 2.', 'present'],
    ['Stéatose décrite en 2022 non retrouvée.', 'absent'],
    ['Stéatose hépatique en régression par rapport à 2023.', 'present'],
    ['Unable to assess for steatosis due to body habitus.', 'uncertain'],
    ["Examen limité par l'échogénicité, stéatose non évaluable.", 'uncertain'],
    // Grades out of a scale, checklist forms and fat fractions (a review of report wordings, 2026-12-06).
    ['Stéatose 0/3.', 'absent'],
    ['Steatosis grade 0/3.', 'absent'],
    ['Stéatose : S0/S3.', 'absent'],
    ['Stéatose hépatique : grade 1/3.', 'present'],
    ['Stéatose S0/S1.', 'present'],
    ['Stéatose : néant', 'absent'],
    ['Steatosis grade: none.', 'absent'],
    ['Stéatose (-). Lésion focale (-).', 'absent'],
    ['Hepatic steatosis (+); focal lesion (-).', 'present'],
    ['Steatosis -', 'uncertain'],
    ['Stéatose estimée à 0 %.', 'absent'],
    ['Stéatose estimée à 5 %.', 'present'],
    ['Steatosis < 5 %.', 'absent'],
    ['Stéatose inférieure à 5 %.', 'absent'],
    ['Steatosis: N/A.', 'uncertain'],
    ['Steatosis: not evaluated.', 'uncertain'],
    ['Stéatose : non évaluée.', 'uncertain'],
    ['Stéatose discrète non significative.', 'uncertain'],
    ['No significant steatosis.', 'absent'],
    ['Steatosis: not appreciated.', 'absent'],
    // A denial right before the finding, or one that pairs it with another.
    ['Non-fatty liver.', 'absent'],
    ['Non-alcoholic fatty liver disease.', 'present'],
    ['Neither steatosis nor focal lesion.', 'absent'],
    // A finding of an earlier study, or one since gone.
    ["Par rapport à l'examen précédent qui montrait une stéatose, le foie est normal.", 'uncertain'],
    ['Hepatic steatosis previously reported.', 'uncertain'],
    ['Hepatic steatosis previously reported, now resolved.', 'absent'],
    // The question put to the study is not its answer: heard only when the answer never names it.
    ['Indication: NAFLD. Findings: normal liver. Impression: normal study.', 'uncertain'],
    ['Renseignements cliniques : stéatose hépatique. Conclusion : foie normal.', 'uncertain'],
    ['Reason for exam: fatty liver. Impression: no sonographic evidence of steatosis.', 'absent'],
    ['Indication : cytolyse, stéatose ? Conclusion : stéatose hépatique diffuse.', 'present'],
    ['CLINICAL HISTORY: fatty liver on CT. IMPRESSION: Diffuse hepatic steatosis.', 'present'],
    ['Hepatic steatosis. Indication: elevated LFTs.', 'present'],
  ])('%s → %s', (text, expected) => {
    expect(findingInText(valueSets, text, STEATOSIS)).toBe(expected);
  });
});
