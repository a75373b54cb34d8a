import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { reportPatient } from './liver-report-patient.js';
import { cim10, conditionOf, fullMatch, nafldTrial, pumpCardOf } from './trial-builders.js';

/** A full match with no liver study, whose only steatosis is a K76.0 problem with the words given. */
function problemPatient(
  o: Pick<Parameters<typeof fullMatch>[0], 'id' | 'title' | 'style' | 'case' | 'nafld'> & {
    readonly given: string;
    readonly text: string;
  },
): FixturePatient {
  const { given, text, ...spec } = o;
  const code =
    spec.style === 'fr'
      ? cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs')
      : [coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified')];
  return fullMatch({
    ...spec,
    rule: 'steatosis in words',
    record: {
      given,
      without: ['liver-us'],
      replace: {
        steatosis: (ctx) => [conditionOf(ctx, 'steatosis', { code: codeable(code, text), recordedDaysAgo: 420 })],
      },
    },
    pump: pumpCardOf(spec.id),
  });
}

/*
 * Liver ultrasound reports as hospitals paste them (docs/clinical-rules.md, "Liver steatosis"): the
 * whole report in the conclusion, its question under "Indication" or "Renseignements cliniques"
 * before its answer; checklist forms ("Stéatose : néant", "Stéatose (-)", "Steatosis: N/A"); grades
 * out of a scale ("0/3") and fat fractions under 5 %; a denial before the finding ("Non-fatty
 * liver", "Neither steatosis nor..."); a finding of an earlier study. None has steatosis on the
 * problem list: the report alone decides. Then K76.0 problems with no liver study, whose words do
 * not affirm steatosis: not confirmed, screened for, or naming only abnormal liver tests.
 */
export const REPORT_WORDING_RECORDS: readonly FixturePatient[] = [
  reportPatient({
    id: 'rw-us-us-indication-nafld-normal-liver',
    title:
      'Ultrasound pasted whole: "INDICATION: NAFLD, elevated LFTs. ... IMPRESSION: Normal right upper quadrant ultrasound.": steatosis named only in the question, unknown, no trial card',
    rule: 'the question put to a liver study',
    style: 'us',
    case: 'unknown',
    given: 'Clifford',
    onlyReport: true,
    daysAgo: 40,
    conclusion:
      'INDICATION: NAFLD, elevated LFTs. COMPARISON: None. FINDINGS: The liver is normal in size and echotexture. No focal lesion. IMPRESSION: Normal right upper quadrant ultrasound.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-renseignements-steatose',
    title:
      "Échographie collée en entier : « Renseignements cliniques : stéatose hépatique, cytolyse. Conclusion : foie normal. » : la stéatose n'est que dans la question, inconnue, pas d'essai",
    rule: 'the question put to a liver study',
    style: 'fr',
    case: 'unknown',
    given: 'Maurice',
    onlyReport: true,
    daysAgo: 45,
    conclusion:
      "Renseignements cliniques : stéatose hépatique, cytolyse à 2N. Résultats : foie de taille normale, d'échostructure homogène, contours réguliers. Conclusion : échographie hépatique normale.",
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-indication-cytolyse-steatose',
    title:
      "Échographie « Indication : cytolyse, stéatose ? Conclusion : stéatose hépatique diffuse modérée. » : la réponse l'affirme, l'essai sort",
    rule: 'the question put to a liver study',
    style: 'fr',
    case: 'fires',
    given: 'Gérard',
    onlyReport: true,
    daysAgo: 50,
    conclusion:
      'Indication : cytolyse, stéatose ? Conclusion : stéatose hépatique diffuse modérée, sans lésion focale.',
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  reportPatient({
    id: 'rw-us-us-history-fatty-liver-steatosis',
    title:
      'Ultrasound "CLINICAL HISTORY: Fatty liver on prior CT. IMPRESSION: Diffuse hepatic steatosis.": the answer affirms it, the trial card fires',
    rule: 'the question put to a liver study',
    style: 'us',
    case: 'fires',
    given: 'Lloyd',
    onlyReport: true,
    daysAgo: 55,
    conclusion:
      'CLINICAL HISTORY: Fatty liver on prior CT, diabetes. IMPRESSION: Diffuse hepatic steatosis. No focal hepatic lesion.',
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  reportPatient({
    id: 'rw-us-us-reason-fatty-liver-impression-none',
    title:
      'Ultrasound "Reason for exam: fatty liver? Impression: No sonographic evidence of hepatic steatosis.": the answer denies it, no trial card',
    rule: 'the question put to a liver study',
    style: 'us',
    case: 'does-not-fire',
    given: 'Vernon',
    onlyReport: true,
    daysAgo: 60,
    conclusion:
      'Reason for exam: fatty liver? Impression: No sonographic evidence of hepatic steatosis. Normal gallbladder.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-steatose-0-sur-3',
    title: "Échographie « Stéatose : 0/3. » : un grade zéro sur une échelle, stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Armand',
    onlyReport: true,
    daysAgo: 40,
    conclusion: 'Foie de taille normale. Stéatose : 0/3. Pas de lésion focale.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-us-us-non-fatty-liver',
    title: 'Ultrasound "Non-fatty liver of normal size.": a denial right before the finding, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'does-not-fire',
    given: 'Elmer',
    onlyReport: true,
    daysAgo: 45,
    conclusion: 'Non-fatty liver of normal size. Neither steatosis nor focal lesion.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-formulaire-steatose-neant',
    title: "Compte rendu en formulaire « Stéatose : néant ; Lésion focale : néant » : stéatose absente, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Fernand',
    onlyReport: true,
    daysAgo: 50,
    conclusion: 'Foie : taille normale\nStéatose : néant\nLésion focale : néant\nVoies biliaires : non dilatées',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-formulaire-steatose-moins',
    title: "Compte rendu en formulaire « Stéatose (-) » : stéatose niée, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'does-not-fire',
    given: 'Marcel',
    onlyReport: true,
    daysAgo: 55,
    conclusion: 'Foie homogène. Stéatose (-). Dilatation des voies biliaires (-).',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-us-us-checklist-steatosis-plus',
    title: 'Checklist report "Hepatic steatosis (+), focal lesion (-)": steatosis affirmed, the trial card fires',
    rule: 'steatosis in words',
    style: 'us',
    case: 'fires',
    given: 'Chester',
    onlyReport: true,
    daysAgo: 60,
    conclusion: 'Liver: hepatic steatosis (+); focal lesion (-); biliary dilatation (-).',
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  reportPatient({
    id: 'rw-us-us-steatosis-not-evaluated',
    title:
      'Ultrasound "Steatosis: not evaluated (limited exam, overlying bowel gas)": the study could not tell, steatosis unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    given: 'Homer',
    onlyReport: true,
    daysAgo: 65,
    conclusion: 'Liver: normal size. Steatosis: not evaluated (limited exam, overlying bowel gas).',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-steatose-non-significative',
    title: "Échographie « Stéatose discrète non significative » : ni affirmée ni niée, stéatose inconnue, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    given: 'Lucienne',
    onlyReport: true,
    daysAgo: 70,
    conclusion: 'Foie de taille normale. Stéatose discrète non significative. Vésicule alithiasique.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-examen-precedent-steatose',
    title:
      "Échographie « Par rapport à l'examen précédent qui montrait une stéatose, le foie est d'échogénicité normale » : la stéatose est celle d'avant, inconnue, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    given: 'Raoul',
    onlyReport: true,
    daysAgo: 75,
    conclusion:
      "Par rapport à l'examen précédent qui montrait une stéatose, le foie est d'échogénicité normale. Pas de lésion focale.",
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-us-us-steatosis-previously-resolved',
    title: 'Ultrasound "Hepatic steatosis previously reported, now resolved.": gone, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'does-not-fire',
    given: 'Wallace',
    onlyReport: true,
    daysAgo: 80,
    conclusion: 'Hepatic steatosis previously reported, now resolved. Liver normal in echotexture.',
    nafld: nafldTrial(false, { steatosis: 'not-met' }),
  }),
  reportPatient({
    id: 'rw-us-us-echogenic-can-reflect-steatosis',
    title:
      'Ultrasound "Echogenic liver, a nonspecific finding which can reflect steatosis or fibrosis": one explanation among others, steatosis unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    given: 'Virgil',
    onlyReport: true,
    daysAgo: 50,
    conclusion: 'Echogenic liver, a nonspecific finding which can reflect steatosis or fibrosis. No focal lesion.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-us-us-steatosis-or-hepatocellular',
    title:
      'Ultrasound "Increased echogenicity: hepatic steatosis or other hepatocellular disease": an alternative, steatosis unknown, no trial card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    given: 'Alvin',
    onlyReport: true,
    daysAgo: 55,
    conclusion: 'Increased hepatic echogenicity: hepatic steatosis or other hepatocellular disease.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-steatose-focale',
    title:
      "Échographie « Stéatose focale du segment IV, foie par ailleurs normal » : un dépôt focal n'est pas la stéatose diffuse demandée, inconnue, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    given: 'Aimé',
    onlyReport: true,
    daysAgo: 60,
    conclusion: "Stéatose focale du segment IV au contact du ligament rond. Foie par ailleurs d'échostructure normale.",
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-nette-regression-steatose',
    title:
      "Échographie « Nette régression de la stéatose hépatique par rapport à 2024 » : moins de stéatose, sans dire combien, inconnue, pas d'essai",
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    given: 'Léonce',
    onlyReport: true,
    daysAgo: 65,
    conclusion: 'Nette régression de la stéatose hépatique par rapport à 2024. Pas de lésion focale.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  problemPatient({
    id: 'rw-fr-k760-transaminases-elevees',
    title:
      "K76.0 sur la liste des problèmes, libellé « Transaminases élevées », pas d'échographie : le code tient lieu de la question, stéatose inconnue, pas d'essai",
    style: 'fr',
    case: 'unknown',
    given: 'Ginette',
    text: 'Transaminases élevées (x2N)',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  problemPatient({
    id: 'rw-us-k760-nafld-not-confirmed',
    title:
      'K76.0 on the problem list reading "NAFLD (imaging 2019, not confirmed)", no liver study: steatosis unknown, no trial card',
    style: 'us',
    case: 'unknown',
    given: 'Irving',
    text: 'NAFLD (imaging 2019, not confirmed)',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  problemPatient({
    id: 'rw-fr-k760-depistage-nafld',
    title: "K76.0 libellé « Dépistage NAFLD », pas d'échographie : un dépistage n'est pas un diagnostic, pas d'essai",
    style: 'fr',
    case: 'unknown',
    given: 'Marcelle',
    text: 'Dépistage NAFLD',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  problemPatient({
    id: 'rw-fr-k760-steatose-et-transaminases',
    title:
      "K76.0 libellé « Stéatose hépatique avec transaminases élevées », pas d'échographie : la stéatose est affirmée, l'essai sort",
    style: 'fr',
    case: 'fires',
    given: 'Honoré',
    text: 'Stéatose hépatique avec transaminases élevées',
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
];
