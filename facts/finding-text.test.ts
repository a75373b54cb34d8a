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
    ['Steatosis grade 0 (S0).', 'absent'],
    ['Stéatose grade 0 (S0), CAP 230 dB/m.', 'absent'],
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
    // Not established, to be checked, or screened for (a review of problem lists, 2026-12-06).
    ['NAFLD (imaging 2019, not confirmed)', 'uncertain'],
    ['Stéatose non confirmée.', 'uncertain'],
    ['NAFLD confirmed on biopsy.', 'present'],
    ['Stéatose hépatique à contrôler.', 'uncertain'],
    ['Dépistage NAFLD.', 'uncertain'],
    ['Screening for fatty liver.', 'uncertain'],
    // One explanation among others, a focal deposit, a partial regression (2026-12-06).
    ['Fatty liver is a consideration.', 'uncertain'],
    ['Coarsened echotexture, can be seen with steatosis or fibrosis.', 'uncertain'],
    ['Echogenic liver, a nonspecific finding which can reflect steatosis.', 'uncertain'],
    ['Echogenic liver, nonspecific but often seen with hepatic steatosis.', 'uncertain'],
    ['Hepatic steatosis or other hepatocellular disease.', 'uncertain'],
    ['Steatosis and/or fibrosis.', 'uncertain'],
    ['Stéatose vraisemblable.', 'uncertain'],
    ['Stéatose focale du segment IV.', 'uncertain'],
    ['Focal steatosis near the falciform ligament.', 'uncertain'],
    ['Nette régression de la stéatose.', 'uncertain'],
    ['Régression complète de la stéatose.', 'absent'],
    ['Steatosis has regressed.', 'uncertain'],
    ['Compatible avec une stéatose.', 'present'],
    ['Diffuse hepatic steatosis, no focal lesion.', 'present'],
    // Steatosis in one part of the liver, however it is written (2026-12-06, evening).
    ['Hepatic steatosis, focal.', 'uncertain'],
    ['Stéatose hépatique, localisée au segment IV.', 'uncertain'],
    ['Stéatose localisée.', 'uncertain'],
    ['Localized fatty liver.', 'uncertain'],
    ['Hepatic steatosis, segmental.', 'uncertain'],
    ['Multifocal hepatic steatosis.', 'uncertain'],
    ['Nodular steatosis.', 'uncertain'],
    ['Zone de stéatose du segment IV.', 'uncertain'],
    ['Îlot de stéatose près du hile.', 'uncertain'],
    ['Area of steatosis in segment 4.', 'uncertain'],
    // A denial said first still denies every part.
    ['Pas de stéatose, focale ou diffuse.', 'absent'],
    ['No evidence of hepatic steatosis, focal or diffuse.', 'absent'],
    ['Pas de stéatose localisée ni diffuse.', 'absent'],
    ['Pas de zone de stéatose.', 'absent'],
    ['No area of steatosis.', 'absent'],
    ['No steatosis, multifocal hepatic cysts.', 'absent'],
    // A lesion beside a steatosis, or a steatosis said to be diffuse, is no focal steatosis.
    ['Hepatic steatosis, focal lesion in segment VI (hemangioma).', 'present'],
    ['Diffuse hepatic steatosis, focal nodular hyperplasia in segment IV.', 'present'],
    ['Hepatic steatosis, focal nodular hyperplasia in segment IV.', 'present'],
    ['Stéatose hépatique diffuse, zone de stéatose plus marquée du segment IV.', 'present'],
    // A spared area implies the rest of the liver is fatty.
    ['Steatosis, focal fatty sparing near the gallbladder.', 'present'],
    ['Diffuse hepatic steatosis, focal areas of sparing.', 'present'],
    ['Stéatose diffuse avec zone d’épargne du segment IV.', 'present'],
    ['Stéatose hépatique hétérogène.', 'present'],
    ['Patchy hepatic steatosis.', 'present'],
  ])('%s → %s', (text, expected) => {
    expect(findingInText(valueSets, text, STEATOSIS)).toBe(expected);
  });
});

// A review (2026-12-07) found a newer normal ultrasound that denies the liver's fat with an
// adjective ("n'est pas stéatosique", "does not appear fatty", "non hyperéchogène") read as no
// finding, so an older NAFLD entry kept the key criterion met. Such a denial is "absent", never
// "present"; the adjective alone, or of another thing, names nothing.
describe('a denied adjective of fat or brightness about the liver', () => {
  test.each<[string, TextFinding]>([
    ["Le foie n'est pas stéatosique. Pas de lésion focale. Voies biliaires fines.", 'absent'],
    ['Le foie n’est pas stéatosique.', 'absent'],
    ["Le foie n'apparaît pas stéatosique.", 'absent'],
    ['Le foie ne semble pas stéatosique.', 'absent'],
    ["Le foie n'est plus stéatosique.", 'absent'],
    ["Le foie n'est pas d'aspect stéatosique.", 'absent'],
    ["Le foie n'est pas hyperéchogène.", 'absent'],
    ['Foie de taille normale, d’échostructure normale, non hyperéchogène. Vésicule alithiasique.', 'absent'],
    ['Parenchyme hépatique homogène, non hyperéchogène.', 'absent'],
    ['The liver does not appear fatty. No focal lesion. Gallbladder unremarkable.', 'absent'],
    ["The liver doesn't appear fatty.", 'absent'],
    ['The liver is not fatty.', 'absent'],
    ['Liver: normal size, not echogenic.', 'absent'],
    ['The liver is not hyperechoic compared to the kidney.', 'absent'],
    ['No interval change; the liver does not appear fatty.', 'absent'],
    ['Pas d’évolution : le foie n’est pas stéatosique.', 'absent'],
    // Another thing's adjective, or no liver: nothing about the liver's fat.
    ['Foie de taille normale, rate non hyperéchogène.', 'silent'],
    ['Liver normal in size. The kidneys are not echogenic.', 'silent'],
    ['Foie homogène, nodule du segment IV non hyperéchogène.', 'silent'],
    ['Liver function tests normal, meals not fatty.', 'silent'],
    ['Patient advised that food is not fatty.', 'silent'],
    ['Fatty acids normal.', 'silent'],
    ['Fatty food intake.', 'silent'],
    ['Aspect stéatosique.', 'silent'],
    // A denied hedge, or an affirmed fat elsewhere, is read as before.
    ['Le foie n’est pas franchement stéatosique.', 'silent'],
    ["Le foie n'est pas stéatosique ?", 'uncertain'],
    ['The liver does not appear fatty. Diffuse hepatic steatosis.', 'present'],
    ['Foie non hyperéchogène, stéatose hépatique diffuse.', 'present'],
    ['Foie stéatosique, non hyperéchogène.', 'present'],
  ])('%s → %s', (text, expected) => {
    expect(findingInText(valueSets, text, STEATOSIS)).toBe(expected);
  });
});
