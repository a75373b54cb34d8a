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
