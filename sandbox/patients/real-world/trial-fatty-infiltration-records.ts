import type { FixturePatient } from '../fixture.js';
import { reportPatient } from './liver-report-patient.js';
import { nafldTrial } from './trial-builders.js';

/*
 * A liver ultrasound that names the steatosis as a fatty infiltration or a fat overload of the
 * liver ("Diffuse fatty infiltration of the liver", "Surcharge graisseuse hépatique"), with no
 * steatosis on the problem list. A review (2026-12-06) found both read as naming nothing: the
 * steatosis, a key criterion, was unknown and the trial card withheld. "Fatty infiltration" alone
 * is not read (a pancreas or a rotator cuff has one too), nor is a hedged one ("may represent
 * fatty infiltration of the liver").
 */

export const FATTY_INFILTRATION_RECORDS: readonly FixturePatient[] = [
  reportPatient({
    id: 'rw-us-us-diffuse-fatty-infiltration',
    title:
      'Ultrasound "IMPRESSION: Diffuse fatty infiltration of the liver. No focal lesion.": steatosis, the card fires',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'fires',
    given: 'Dale',
    onlyReport: true,
    daysAgo: 70,
    conclusion: 'IMPRESSION: Diffuse fatty infiltration of the liver. No focal lesion. Gallbladder unremarkable.',
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-surcharge-graisseuse',
    title:
      'Échographie « Surcharge graisseuse hépatique diffuse, sans lésion focale » : une stéatose, la carte s’affiche',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'fires',
    given: 'Guy',
    onlyReport: true,
    daysAgo: 80,
    conclusion:
      'Foie de taille normale. Surcharge graisseuse hépatique diffuse, sans lésion focale. Voies biliaires fines.',
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
];

/*
 * A liver ultrasound that finds fat in one part of the liver only, written the way reports put it:
 * the distribution after a comma ("Hepatic steatosis, focal", "Stéatose hépatique, localisée au
 * segment IV") or as a place ("zone de stéatose"). A review (2026-12-06, evening) found the comma
 * form, and the words "localisée", "segmental", "multifocal", "zone de", read as a diffuse
 * steatosis: the trial card fired. A focal deposit is not the fatty liver disease the trial asks
 * for, so the key criterion is unknown and the card is withheld. A focal sparing of a fatty liver
 * says the rest of it is fatty, and the card fires.
 */
export const FOCAL_STEATOSIS_RECORDS: readonly FixturePatient[] = [
  reportPatient({
    id: 'rw-us-us-hepatic-steatosis-comma-focal',
    title:
      'Ultrasound "IMPRESSION: Hepatic steatosis, focal, adjacent to the gallbladder fossa.": unknown, no trial card',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'unknown',
    given: 'Russell',
    onlyReport: true,
    daysAgo: 60,
    conclusion: 'IMPRESSION: Hepatic steatosis, focal, adjacent to the gallbladder fossa. No biliary dilatation.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-steatose-localisee-segment-iv',
    title: 'Échographie « Stéatose hépatique, localisée au segment IV » : à confirmer, pas de carte d’essai',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    given: 'Hervé',
    onlyReport: true,
    daysAgo: 75,
    conclusion:
      'Foie de taille normale. Stéatose hépatique, localisée au segment IV. Pas de dilatation des voies biliaires.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-fr-echo-zone-de-steatose',
    title: 'Échographie « Zone de stéatose en regard du hile » : à confirmer, pas de carte d’essai',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    given: 'Joël',
    onlyReport: true,
    daysAgo: 90,
    conclusion: 'Zone de stéatose en regard du hile hépatique. Reste du parenchyme homogène.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  reportPatient({
    id: 'rw-us-us-steatosis-focal-fatty-sparing',
    title: 'Ultrasound "Hepatic steatosis, focal fatty sparing near the gallbladder.": steatosis, the card fires',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'fires',
    given: 'Clifford',
    onlyReport: true,
    daysAgo: 50,
    conclusion: 'Hepatic steatosis, focal fatty sparing near the gallbladder. Spleen normal.',
    nafld: nafldTrial(true, { steatosis: 'met' }),
  }),
  // A steatosis on the problem list, then an ultrasound that denies it in every part: the study
  // doubts the problem entry. Read as "uncertain" for a while on 2026-12-06 (a review caught it),
  // the study challenged nothing and the trial card showed.
  reportPatient({
    id: 'rw-fr-echo-pas-de-steatose-focale-ou-diffuse',
    title:
      'Stéatose au problème, puis échographie « Pas de stéatose, focale ou diffuse » : la stéatose est en doute, pas de carte d’essai',
    rule: 'steatosis in ultrasound reports',
    style: 'fr',
    case: 'unknown',
    given: 'Sylvain',
    daysAgo: 10,
    conclusion: 'Foie homogène, de taille normale. Pas de stéatose, focale ou diffuse.',
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
];
