import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');

let serial = 0;
const ultrasound = (conclusion: string, date = '2026-10-01', status = 'final') => ({
  resourceType: 'DiagnosticReport',
  id: `us-${++serial}`,
  status,
  code: { coding: [{ system: 'http://loinc.org', code: '24558-9', display: 'US Abdomen' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: date,
  conclusion,
});

const ctAbdomen = (conclusion: string) => ({
  ...ultrasound(conclusion),
  code: { coding: [{ system: 'http://loinc.org', code: '41806-1', display: 'CT Abdomen' }] },
});

function cirrhosis(resources: Record<string, unknown>[]) {
  const record = recordFromResources('p1', resources as unknown as FhirResource[]);
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return facts.rule.values.has('imaging.cirrhosis') ? facts.rule.values.get('imaging.cirrhosis') : 'unknown';
}

describe('imaging.cirrhosis: cirrhosis seen on any liver study', () => {
  test.each<[string, Record<string, unknown>[], boolean | 'unknown']>([
    ['no liver study', [], false],
    ['"Stéatose hépatique modérée"', [ultrasound('Stéatose hépatique modérée.')], false],
    // Only steatosis is asked for as a diffuse finding: a nodular or localised cirrhosis or
    // carcinoma is still one (2026-12-06, evening).
    ['"Cirrhose nodulaire"', [ultrasound('Stéatose hépatique. Cirrhose nodulaire.')], true],
    ['"Nodular cirrhosis"', [ultrasound('Hepatic steatosis. Nodular cirrhosis.')], true],
    [
      '"CHC localisé au segment VI"',
      [ultrasound('Stéatose. Carcinome hépatocellulaire localisé au segment VI.')],
      true,
    ],
    [
      '"Foie d\'allure cirrhotique, contours bosselés"',
      [ultrasound("Foie d'allure cirrhotique, contours bosselés.")],
      true,
    ],
    [
      '"Nodular hepatic contour compatible with cirrhosis"',
      [ultrasound('Nodular hepatic contour compatible with cirrhosis.')],
      true,
    ],
    ['"Pas de signe de cirrhose"', [ultrasound('Stéatose diffuse. Pas de signe de cirrhose.')], false],
    // The trial excludes hepatocellular carcinoma with cirrhosis; a chronic liver disease called
    // dysmorphic is a cirrhotic liver described without the word.
    [
      '"Hepatic steatosis with a 2 cm hepatocellular carcinoma"',
      [ultrasound('Hepatic steatosis with a 2 cm hepatocellular carcinoma in segment VI.')],
      true,
    ],
    [
      '"Nodule hépatique suspect de CHC"',
      [ultrasound('Stéatose hépatique. Nodule hépatique suspect de CHC.')],
      'unknown',
    ],
    ['"LI-RADS 5 lesion (HCC)"', [ultrasound('Hepatic steatosis. LI-RADS 5 lesion in segment VII (HCC).')], 'unknown'],
    // ACR LI-RADS v2018 grades CT and MRI observations: LR-5 is definitely a carcinoma there, and
    // LR-4 or LR-M leaves it to confirm (2026-12-07).
    ['CT "2.4 cm LR-5 observation"', [ctAbdomen('2.4 cm LR-5 observation in segment 6.')], true],
    ['CT "LI-RADS 5" (French)', [ctAbdomen('Nodule du segment VII, wash-out et capsule : LI-RADS 5.')], true],
    ['CT "LR-TIV"', [ctAbdomen('Tumor in vein, LR-TIV, right portal vein.')], true],
    ['CT "1.6 cm LR-4 observation"', [ctAbdomen('1.6 cm LR-4 observation in segment 8.')], 'unknown'],
    ['CT "LR-M observation"', [ctAbdomen('2 cm LR-M observation.')], 'unknown'],
    ['CT "No LR-4 or LR-5 observation"', [ctAbdomen('No LR-4 or LR-5 observation.')], false],
    ['CT "LR-3 observation"', [ctAbdomen('8 mm LR-3 observation, follow-up in 6 months.')], false],
    ['"Pas d\'argument pour un CHC"', [ultrasound("Stéatose hépatique. Pas d'argument pour un CHC.")], false],
    ['"No evidence of HCC"', [ultrasound('Hepatic steatosis. No evidence of HCC.')], false],
    [
      '"Hépatopathie chronique dysmorphique"',
      [ultrasound('Stéatose hépatique, hépatopathie chronique dysmorphique.')],
      'unknown',
    ],
    [
      'an old study that affirms it, a newer one silent: cirrhosis does not regress',
      [ultrasound('Cirrhose hépatique.', '2022-03-01'), ultrasound('Stéatose hépatique.', '2026-10-01')],
      true,
    ],
    [
      '"Possible early cirrhosis, correlate with elastography"',
      [ultrasound('Possible early cirrhosis, correlate with elastography.')],
      'unknown',
    ],
    // Signs of cirrhosis without the word (a review of realistic records, 2026-12-05): to confirm.
    [
      '"Foie dysmorphique à contours bosselés"',
      [ultrasound('Stéatose. Foie dysmorphique à contours bosselés.')],
      'unknown',
    ],
    [
      '"Hypertrophie du segment I, hypertension portale"',
      [ultrasound('Hypertrophie du segment I. Signes d’hypertension portale.')],
      'unknown',
    ],
    ['"Nodular liver contour" in English', [ultrasound('Echogenic liver with nodular liver contour.')], 'unknown'],
    ['guard: signs denied', [ultrasound("Stéatose diffuse. Pas d'hypertension portale. Contours réguliers.")], false],
    ['guard: "no portal hypertension"', [ultrasound('Fatty liver. No portal hypertension.')], false],
    // Fibrosis graded F4 is cirrhosis; a stiffness that does not rule it out leaves it to confirm.
    ['"Élastométrie 14 kPa soit F4 (METAVIR)"', [ultrasound('Élastométrie hépatique 14 kPa soit F4 (METAVIR).')], true],
    ['"Fibrose F3-F4"', [ultrasound('Stéatose. Fibrose F3-F4 au FibroScan.')], true],
    ['"Liver stiffness 11.2 kPa" with no grade', [ultrasound('Liver stiffness (E) median 11.2 kPa.')], 'unknown'],
    ['"E = 17,8 kPa"', [ultrasound('Stéatose. E = 17,8 kPa.')], 'unknown'],
    ['guard: "E = 6,2 kPa"', [ultrasound('Stéatose. E = 6,2 kPa, F0-F1.')], false],
    ['guard: "9.9 kPa"', [ultrasound('Liver stiffness 9.9 kPa.')], false],
    ['guard: "pas de F4"', [ultrasound('Fibrose F2, pas de F4.')], false],
    [
      'guard: the cut-offs printed beside a low value',
      [ultrasound('E = 5,8 kPa. Valeurs seuils : F2 ≥ 7,1 ; F3 ≥ 9,5 ; F4 ≥ 12,5 kPa.')],
      false,
    ],
    ['guard: "inférieur à F4"', [ultrasound('E = 8,9 kPa : stade de fibrose inférieur à F4 (F2-F3).')], false],
    // A shear-wave speed is a stiffness too (E = 3 × c², 2.1 m/s ≈ 13 kPa); an MR elastography's kPa
    // are on a scale of their own (a review of liver evidence, 2026-12-07).
    ['"ARFI 2,1 m/s"', [ultrasound('Stéatose. Élastographie ARFI : vitesse médiane 2,1 m/s.')], 'unknown'],
    ['"SWE 1.9 m/s"', [ultrasound('Fatty liver. 2D-SWE median 1.9 m/s.')], 'unknown'],
    ['guard: "ARFI 1,2 m/s"', [ultrasound('Stéatose. ARFI 1,2 m/s.')], false],
    [
      'guard: a portal vein speed in cm/s',
      [ultrasound('Fatty liver. Portal vein velocity 25 cm/s, hepatopetal.')],
      false,
    ],
    [
      'an MR elastography of 4.8 kPa',
      [{ ...ctAbdomen('Liver stiffness 4.8 kPa.'), code: { text: 'MR ELASTOGRAPHY LIVER' } }],
      'unknown',
    ],
    // The regression review that night: other ways of writing a speed, an MRI with an
    // elastography, a cut-off in brackets beside the value.
    ['"Vs = 2,1 m.s-1"', [ultrasound('Stéatose. Élastographie : Vs = 2,1 m.s-1.')], 'unknown'],
    ['"2.05 m/sec"', [ultrasound('Fatty liver. Shear wave velocity 2.05 m/sec.')], 'unknown'],
    [
      'an MRI with elastography',
      [{ ...ctAbdomen('Rigidité hépatique 5,2 kPa.'), code: { text: 'IRM hépatique avec élastographie' } }],
      'unknown',
    ],
    ['a stiffness with no unit', [ultrasound('FibroScan: LSM 14.2 (IQR 1.8), CAP 320.')], 'unknown'],
    ['guard: a low stiffness with no unit', [ultrasound('FibroScan: LSM 5.1 (IQR 0.6).')], false],
    ['a value beside a cut-off in brackets', [ultrasound('E = 15,2 kPa (seuil F4 : 12,5 kPa).')], 'unknown'],
    [
      'guard: a normal value beside a cut-off naming cirrhosis',
      [ultrasound('Élasticité 6,1 kPa (seuil de cirrhose : 12,5 kPa).')],
      false,
    ],
    [
      'a finding in brackets is no cut-off',
      [ultrasound('Coarse echotexture (consistent with cirrhosis; spleen normal).')],
      true,
    ],
    [
      'guard: an English cut-off for cirrhosis',
      [ultrasound('Liver stiffness 6.1 kPa (cut-off for cirrhosis 12.5 kPa).')],
      false,
    ],
    [
      'guard: an MR elastography that gives no figure',
      [{ ...ctAbdomen('No hepatic fibrosis.'), code: { text: 'MR ELASTOGRAPHY LIVER' } }],
      false,
    ],
    [
      'an entered-in-error report that affirms it',
      [ultrasound('Cirrhose hépatique.', '2026-10-01', 'entered-in-error')],
      false,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(cirrhosis(resources)).toBe(expected);
  });
});
