import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';
import { auditCFact } from './alcohol.js';
import { DataQualityLog } from './data-quality.js';
import { listFactNames } from './fact-names.js';
import { groupObservations } from './observation-index.js';

// The review of 2026-12-05 (laboratory and imaging results): each row names the behaviour; rows
// marked "guard" held before the fixes and must keep holding.

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const LOINC = 'http://loinc.org';
const LOCAL = 'urn:oid:1.2.250.1.999.1.1';
const UNKNOWN = 'unknown';

type Res = Record<string, unknown>;

function factsOf(resources: readonly Res[], grams = 10) {
  return computePatientFacts(recordFromResources('p1', resources as unknown as FhirResource[]), valueSets, {
    now: NOW,
    alcoholGramsPerDrink: grams,
  }).rule;
}

function obs(id: string, code: Res, date: string, value: Res): Res {
  return { resourceType: 'Observation', id, status: 'final', code, effectiveDateTime: date, ...value };
}
const loinc = (code: string, text?: string): Res => ({
  coding: [{ system: LOINC, code }],
  ...(text ? { text } : {}),
});
const local = (text: string): Res => ({ coding: [{ system: LOCAL, code: 'X1', display: text }], text });
const q = (value: number, unit: string) => ({ valueQuantity: { value, unit } });

/** The value a rule reads, or "unknown". */
function value(resources: readonly Res[], name: string): unknown {
  const facts = factsOf(resources);
  return facts.values.has(name) ? facts.values.get(name) : UNKNOWN;
}

describe('HbA1 total is not HbA1c, and a LOINC code of another test is not overruled by words', () => {
  const a1c = (id: string, code: Res, v = 9.5, date = '2026-11-20') => obs(id, code, date, q(v, '%'));
  const older = a1c('older', loinc('4548-4'), 7.2, '2026-10-01');
  test.each<[string, Res[], unknown]>([
    [
      'LOINC 4547-6 named "Glycated hemoglobin A1 (total)" is no HbA1c',
      [a1c('t', loinc('4547-6', 'Glycated hemoglobin A1 (total)'))],
      UNKNOWN,
    ],
    [
      'LOINC 4547-6 (HbA1 total) newer than an HbA1c does not replace it',
      [older, a1c('t', loinc('4547-6', 'Glycated hemoglobin A1 (total)'))],
      7.2,
    ],
    [
      'a local "Hémoglobine glyquée totale (HbA1)" is no HbA1c',
      [a1c('t', local('Hémoglobine glyquée totale (HbA1)'))],
      UNKNOWN,
    ],
    ['a local "Total glycohemoglobin" is no HbA1c', [a1c('t', local('Total glycohemoglobin'))], UNKNOWN],
    ['guard: a local "Hémoglobine A1 totale" is no HbA1c', [a1c('t', local('Hémoglobine A1 totale'))], UNKNOWN],
    // "Sang total" is the specimen, whole blood; "Glycated Hb" abbreviates hemoglobin (2026-12-06).
    ['a local "HbA1c (sang total)" is an HbA1c', [older, a1c('t', local('HbA1c (sang total)'))], 9.5],
    ['a local "Glycated Hb" is an HbA1c', [older, a1c('t', local('Glycated Hb'))], 9.5],
    ['a local "Glycosylated Hgb" is an HbA1c', [older, a1c('t', local('Glycosylated Hgb'))], 9.5],
    // A name that looks like an HbA1c's but is none listed: newest, it leaves the latest unknown.
    [
      'a newer local "Hemoglobin, glycated" leaves the latest unknown',
      [older, a1c('t', local('Hemoglobin, glycated'))],
      UNKNOWN,
    ],
    [
      'a newer local "Glyco-hemoglobin" leaves the latest unknown',
      [older, a1c('t', local('Glyco-hemoglobin'))],
      UNKNOWN,
    ],
    [
      'an older local "Hemoglobin, glycated" is passed over',
      [a1c('t', local('Hemoglobin, glycated'), 9.5, '2026-09-01'), older],
      7.2,
    ],
    ['guard: a newer local "Hb glycémie" (blood glucose) is passed over', [older, a1c('t', local('Hb glycémie'))], 7.2],
    ['guard: a newer local "HbA1c estimée (GMI)" is passed over', [older, a1c('t', local('HbA1c estimée (GMI)'))], 7.2],
    [
      'a LOINC code in no value set named "HbA1c" is another test, passed over: the older HbA1c decides',
      [older, a1c('t', loinc('2345-7', 'HbA1c'))],
      7.2,
    ],
    // HbA1c on a scale no threshold in % applies to (value set hba1c-other-scale): newest, it
    // leaves the latest unknown; older, it is passed over.
    [
      'a newer JDS/JSCC HbA1c (62388-4) leaves the latest unknown',
      [older, a1c('t', loinc('62388-4', 'HbA1c'))],
      UNKNOWN,
    ],
    ['a newer HbA1c mass fraction (71875-9) leaves it unknown', [older, a1c('t', loinc('71875-9', 'A1c'))], UNKNOWN],
    ['a newer HbA1c mass per volume (41995-2) leaves it unknown', [older, a1c('t', loinc('41995-2', 'A1c'))], UNKNOWN],
    ['an older JDS/JSCC HbA1c is passed over', [a1c('t', loinc('62388-4', 'HbA1c'), 9.5, '2025-01-01'), older], 7.2],
    ['guard: LOINC 4548-4 is still read', [a1c('a', loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'))], 9.5],
    [
      'guard: a local "HbA1c/Hemoglobin.total in Blood" is still read',
      [a1c('a', local('HbA1c/Hemoglobin.total in Blood'))],
      9.5,
    ],
    [
      'guard: a local "HbA1c (% de l\'hémoglobine totale)" is still read',
      [a1c('a', local("HbA1c (% de l'hémoglobine totale)"))],
      9.5,
    ],
    ['guard: a local "HbA1c goal" is still no result', [older, a1c('g', local('HbA1c goal'))], 7.2],
    // Total glycated hemoglobin is not HbA1c: "total" is a denominator only beside an "A1c".
    ['a newer local "Glycated Hb, total" is no HbA1c', [older, a1c('t', local('Glycated Hb, total'))], 7.2],
    ['a newer local "Glycated Hgb total" is no HbA1c', [older, a1c('t', local('Glycated Hgb total'))], 7.2],
    // The average glucose estimated from an HbA1c, in a glucose unit, is another test.
    [
      'a newer local "eAG (from HbA1c)" in mg/dL is passed over',
      [older, obs('e', local('eAG (from HbA1c)'), '2026-11-20', q(183, 'mg/dL'))],
      7.2,
    ],
    [
      'a newer local "Glycémie moyenne estimée (HbA1c)" in mmol/L is passed over',
      [older, obs('e', local('Glycémie moyenne estimée (HbA1c)'), '2026-11-20', q(10.1, 'mmol/L'))],
      7.2,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'hba1c.percent')).toBe(expected);
  });
});

describe('HbA1c spellings of US and French labs are read', () => {
  const older = obs('older', loinc('4548-4', 'HbA1c'), '2026-10-01', q(9.5, '%'));
  test.each<[string, number]>([
    ['HgbA1c', 6.9],
    ['Hgb A1c', 6.9],
    ['HGB A1C', 6.9],
    ['A1C', 6.9],
    ['Glycosylated hemoglobin', 6.9],
    ['Glycosylated haemoglobin', 6.9],
    ['Hb glyquée', 6.9],
    ['HbA1c POCT', 6.9], // guard: read before too, by "HbA1c"
    ['A1C goal', 9.5],
    ['Objectif Hb glyquée', 9.5],
  ])('a newer local "%s" 6.9 % beside an older LOINC 9.5 %: %p', (text, expected) => {
    expect(value([older, obs('new', local(text), '2026-11-20', q(6.9, '%'))], 'hba1c.percent')).toBe(expected);
  });
});

describe('the newest eGFR of any formula decides', () => {
  const mdrd = (v: number, date: string) => obs('mdrd', loinc('33914-3'), date, q(v, 'mL/min/{1.73_m2}'));
  const newer = (code: Res) => obs('new', code, '2026-11-01', q(25, 'mL/min/{1.73_m2}'));
  test.each<[string, Res[], unknown, unknown]>([
    [
      'LOINC 69405-9 (no formula stated) newer than an MDRD 78',
      [mdrd(78, '2026-06-01'), newer(loinc('69405-9'))],
      25,
      'other',
    ],
    [
      'LOINC 50210-4 (cystatin C) newer than an MDRD 78',
      [mdrd(78, '2026-06-01'), newer(loinc('50210-4'))],
      25,
      'other',
    ],
    ['a local "eGFR" newer than an MDRD 78', [mdrd(78, '2026-06-01'), newer(local('eGFR'))], 25, 'other'],
    ['a local "DFG estimé" newer than an MDRD 78', [mdrd(78, '2026-06-01'), newer(local('DFG estimé'))], 25, 'other'],
    [
      'a local "Débit de filtration glomérulaire"',
      [mdrd(78, '2026-06-01'), newer(local('Débit de filtration glomérulaire'))],
      25,
      'other',
    ],
    [
      'a local "GFR, estimated" newer than an MDRD 78',
      [mdrd(78, '2026-06-01'), newer(local('GFR, estimated'))],
      25,
      'other',
    ],
    [
      'guard: a local "DFG CKD-EPI" is still CKD-EPI',
      [mdrd(78, '2026-06-01'), newer(local('DFG CKD-EPI'))],
      25,
      'CKD-EPI',
    ],
    [
      'guard: an MDRD newer than a 69405-9 decides',
      [obs('o', loinc('69405-9'), '2026-06-01', q(25, 'mL/min/{1.73_m2}')), mdrd(78, '2026-11-01')],
      78,
      'MDRD',
    ],
  ])('%s', (_name, resources, expected, method) => {
    expect(value(resources, 'egfr.value')).toBe(expected);
    expect(value(resources, 'egfr.method')).toBe(method);
  });
});

describe('alcohol: French units, text values, and drinks per drinking day', () => {
  const perDay = (id: string, date: string, v: Res) => obs(id, loinc('74013-4'), date, v);
  test.each<[string, Res[], unknown]>([
    [
      'a valueString "4 verres/jour" is 4 drinks a day',
      [perDay('a', '2026-10-01', { valueString: '4 verres/jour' })],
      40,
    ],
    ['a valueQuantity in "verres/jour"', [perDay('a', '2026-10-01', q(3, 'verres/jour'))], 30],
    ['a valueQuantity in "verre/j"', [perDay('a', '2026-10-01', q(2, 'verre/j'))], 20],
    ['a valueQuantity in "{verres}/j"', [perDay('a', '2026-10-01', q(2, '{verres}/j'))], 20],
    ['a valueQuantity in "verres/semaine" is divided by 7', [perDay('a', '2026-10-01', q(14, 'verres/semaine'))], 20],
    [
      'a newer 11287-0 (drinks per drinking day) leaves alcohol unknown',
      [perDay('a', '2026-06-01', q(1, '{drinks}/d')), obs('b', loinc('11287-0'), '2026-10-01', q(5, '{drinks}/d'))],
      UNKNOWN,
    ],
    [
      'guard: a per-day result newer than an 11287-0 decides',
      [obs('b', loinc('11287-0'), '2026-06-01', q(5, '{drinks}/d')), perDay('a', '2026-10-01', q(1, '{drinks}/d'))],
      10,
    ],
    // Counts written in words (a review of alcohol entries, 2026-12-06).
    ['a valueString "6 beers a day"', [perDay('a', '2026-10-01', { valueString: '6 beers a day' })], 60],
    [
      'a valueString "3 verres de vin par jour"',
      [perDay('a', '2026-10-01', { valueString: '3 verres de vin par jour' })],
      30,
    ],
    [
      'a valueString "2 bières/jour" (accent folded)',
      [perDay('a', '2026-10-01', { valueString: '2 bières/jour' })],
      20,
    ],
    ['a valueString "14 drinks per week"', [perDay('a', '2026-10-01', { valueString: '14 drinks per week' })], 20],
    ['guard: a range is not read', [perDay('a', '2026-10-01', { valueString: '2-3 verres/jour' })], UNKNOWN],
    [
      'guard: a valueString with words is not read',
      [perDay('a', '2026-10-01', { valueString: 'environ 4 verres' })],
      UNKNOWN,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'alcohol.gramsPerDay')).toBe(expected);
  });

  const catalogue = loadTrialCatalogue(join(DEFAULT_RULES_DIR, 'trials'), listFactNames(valueSets));
  const criterion = catalogue.trials
    .find((t) => t.trial.id === 'NCT04270656')!
    .criteria.find((c) => c.criterion.id === 'alcohol-over-limit')!;
  const male = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1965-01-01' };
  const auditC = (score: number) => obs('c', loinc('75626-2'), '2026-10-01', { valueInteger: score });
  const oneDrink = perDay('a', '2026-06-01', q(1, '{drinks}/d'));
  test.each<[string, Res[], string]>([
    ['an AUDIT-C of 10 meets the exclusion beside an older 1 drink a day', [male, auditC(10), oneDrink], 'met'],
    ['an AUDIT-C of 8 alone meets the exclusion', [male, auditC(8)], 'met'],
    ['guard: an AUDIT-C of 3 beside 1 drink a day does not', [male, auditC(3), oneDrink], 'not-met'],
    ['guard: an AUDIT-C of 3 alone does not rule the exclusion out', [male, auditC(3)], 'unknown'],
    [
      'guard: an AUDIT-C of 10 older than a count of 1 drink a day: the newer count decides',
      [male, obs('c', loinc('75626-2'), '2026-01-01', { valueInteger: 10 }), oneDrink],
      'not-met',
    ],
    ['guard: no AUDIT-C beside 1 drink a day is not left to confirm', [male, oneDrink], 'not-met'],
  ])('NCT04270656 alcohol-over-limit: %s', (_name, resources, expected) => {
    expect(criterion.status(factsOf(resources))).toBe(expected);
  });
});

describe('steatosis: a newer liver study of another kind is not read, so the ultrasound does not decide', () => {
  const us = (date: string) =>
    obs('us', loinc('28614-6'), date, {
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '197321007' }] },
    });
  const report = (id: string, code: Res, date: string, conclusion: string): Res => ({
    resourceType: 'DiagnosticReport',
    id,
    status: 'final',
    code,
    effectiveDateTime: date,
    conclusion,
  });
  test.each<[string, Res[], unknown]>([
    [
      'a newer "IRM hépatique" saying no steatosis',
      [us('2026-01-01'), report('mri', local('IRM hépatique'), '2026-06-01', 'Pas de stéatose.')],
      UNKNOWN,
    ],
    [
      'a newer CT (LOINC 41806-1)',
      [us('2026-01-01'), report('ct', loinc('41806-1'), '2026-06-01', 'No fatty liver.')],
      UNKNOWN,
    ],
    [
      'a newer FibroScan CAP 210 dB/m',
      [us('2026-01-01'), obs('fs', local('FibroScan CAP'), '2026-06-01', q(210, 'dB/m'))],
      UNKNOWN,
    ],
    ['a newer MRI-PDFF of 2 %', [us('2026-01-01'), obs('pdff', local('MRI-PDFF'), '2026-06-01', q(2, '%'))], UNKNOWN],
    [
      'guard: a newer study coded 24606-6 but named "MR Liver" saying no steatosis',
      [us('2026-01-01'), report('mri', loinc('24606-6', 'MR Liver'), '2026-06-01', 'Pas de stéatose.')],
      UNKNOWN,
    ],
    [
      'guard: an ultrasound newer than the MRI decides',
      [report('mri', local('IRM hépatique'), '2026-01-01', 'Pas de stéatose.'), us('2026-06-01')],
      true,
    ],
    [
      'guard: a newer mammography (24606-6) is no liver study',
      [us('2026-01-01'), report('mg', loinc('24606-6', 'MG Breast Screening'), '2026-06-01', 'BI-RADS 1.')],
      true,
    ],
    [
      'guard: a newer brain MRI is no liver study',
      [us('2026-01-01'), report('b', local('IRM cérébrale'), '2026-06-01', 'Normale.')],
      true,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'imaging.steatosis')).toBe(expected);
  });
});

// Review of round four (2026-12-05): a LOINC code of another test takes a result out of the groups
// its words name, except generic document codes; liver studies of other kinds are read; an eGFR
// named by words in a unit of another test is passed over; AUDIT-C and counts compare alike.
describe('a LOINC code of another test is passed over; a generic document code leaves the words to decide', () => {
  const coded = (code: string, display: string, text?: string): Res => ({
    coding: [{ system: LOINC, code, display }],
    ...(text ? { text } : {}),
  });
  const hba1c = obs('a1c', loinc('4548-4'), '2026-11-05T08:40:00+01:00', q(8.4, '%'));
  const eag = obs(
    'eag',
    coded(
      '27353-2',
      'Glucose mean value [Mass/volume] in Blood Estimated from glycated hemoglobin',
      'Estimated average glucose (eAG)',
    ),
    '2026-11-05T08:40:00+01:00',
    q(194, 'mg/dL'),
  );
  test.each<[string, Res[], unknown]>([
    ['an eAG (LOINC 27353-2) of the same time as the HbA1c is no HbA1c', [hba1c, eag], 8.4],
    [
      'an eAG (LOINC 27353-2) newer than the HbA1c is no HbA1c',
      [hba1c, { ...eag, effectiveDateTime: '2026-11-10' }],
      8.4,
    ],
    [
      'a result under the generic LOINC 11502-2 "Laboratory report" named "HbA1c" is read by its words',
      [obs('lab', coded('11502-2', 'Laboratory report', 'HbA1c'), '2026-11-05', q(8.4, '%'))],
      8.4,
    ],
    [
      'guard: HbA1 total (LOINC 4547-6) named "Glycated hemoglobin A1 (total)" is still no HbA1c',
      [obs('t', coded('4547-6', 'Glycated hemoglobin A1 (total)'), '2026-11-05', q(9.6, '%'))],
      UNKNOWN,
    ],
    ['guard: LOINC 4548-4 is still read', [hba1c], 8.4],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'hba1c.percent')).toBe(expected);
  });

  const report = (id: string, code: Res, date: string, conclusion: string): Res => ({
    resourceType: 'DiagnosticReport',
    id,
    status: 'final',
    code,
    effectiveDateTime: date,
    conclusion,
  });
  test.each<[string, Res[], unknown]>([
    [
      'a report under the generic LOINC 18748-4 "Diagnostic imaging study" named "Échographie abdominale" is an ultrasound',
      [
        report(
          'us',
          coded('18748-4', 'Diagnostic imaging study', 'Échographie abdominale'),
          '2025-01-14',
          'Bright liver consistent with diffuse hepatic steatosis.',
        ),
      ],
      true,
    ],
    [
      'a report under the generic LOINC 18726-0 "Radiology studies (set)" named "Liver ultrasound" is an ultrasound',
      [report('us', coded('18726-0', 'Radiology studies (set)', 'Liver ultrasound'), '2025-01-14', 'Fatty liver.')],
      true,
    ],
    [
      'guard: a report under 18748-4 named "IRM hépatique" saying no steatosis, newer than a positive ultrasound',
      [
        report('us', loinc('28614-6'), '2025-01-14', 'Stéatose hépatique.'),
        report('mri', coded('18748-4', 'Diagnostic imaging study', 'IRM hépatique'), '2026-06-01', 'Pas de stéatose.'),
      ],
      UNKNOWN,
    ],
    [
      'guard: a report under a specific LOINC of another study (XR Chest) named "Échographie abdominale" is no ultrasound',
      [report('us', coded('36643-5', 'XR Chest Views', 'Échographie abdominale'), '2025-01-14', 'Stéatose hépatique.')],
      UNKNOWN,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'imaging.steatosis')).toBe(expected);
  });
});

describe('a newer liver study of another kind is read: only one that does not agree leaves steatosis unknown', () => {
  const us = (conclusion = 'Stéatose hépatique diffuse.'): Res => ({
    resourceType: 'DiagnosticReport',
    id: 'us',
    status: 'final',
    code: loinc('28614-6'),
    effectiveDateTime: '2025-01-14',
    conclusion,
  });
  const fibro = (conclusion: string, id = 'fs'): Res => ({
    resourceType: 'DiagnosticReport',
    id,
    status: 'final',
    code: local('FibroScan (élastométrie hépatique)'),
    effectiveDateTime: '2026-06-10',
    conclusion,
  });
  test.each<[string, Res[], unknown]>([
    ['a newer FibroScan concluding "CAP 310 dB/m"', [us(), fibro('Élasticité 6,1 kPa (F0-F1). CAP 310 dB/m.')], true],
    ['a newer FibroScan concluding "stéatose S3"', [us(), fibro('CAP élevé : stéatose S3.')], true],
    ['a newer FibroScan giving a stiffness only ("E = 6,2 kPa")', [us(), fibro('E = 6,2 kPa (F0-F1).')], true],
    [
      'a newer FibroScan CAP observation of 320 dB/m',
      [us(), obs('cap', local('FibroScan CAP'), '2026-06-10', q(320, 'dB/m'))],
      true,
    ],
    [
      'a newer FibroScan stiffness observation of 6.2 kPa',
      [us(), obs('e', local('FibroScan élasticité'), '2026-06-10', q(6.2, 'kPa'))],
      true,
    ],
    ['guard: a newer FibroScan concluding "CAP 210 dB/m (S0)"', [us(), fibro('CAP 210 dB/m (S0).')], UNKNOWN],
    ['guard: a newer FibroScan concluding "S0"', [us(), fibro('Stéatose S0, fibrose F1.')], UNKNOWN],
    ['guard: a newer FibroScan with a CAP between the cut-offs (270 dB/m)', [us(), fibro('CAP 270 dB/m.')], UNKNOWN],
    [
      'guard: a newer MRI concluding "no hepatic steatosis"',
      [us(), { ...fibro('No hepatic steatosis.'), code: local('MRI liver') }],
      UNKNOWN,
    ],
    [
      'guard: a newer MRI-PDFF giving a fat fraction only',
      [us(), { ...fibro('Fat fraction 4 %.'), code: local('MRI-PDFF') }],
      UNKNOWN,
    ],
    [
      'guard: a FibroScan with CAP 310 dB/m and no ultrasound is not the key positive',
      [fibro('CAP 310 dB/m.')],
      UNKNOWN,
    ],
    [
      'guard: a newer FibroScan showing steatosis does not overturn a negative ultrasound',
      [us('Pas de stéatose.'), fibro('CAP 330 dB/m.')],
      UNKNOWN,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'imaging.steatosis')).toBe(expected);
  });
});

describe('an eGFR named by words in a unit of another test is passed over', () => {
  const mdrd = obs('mdrd', loinc('33914-3'), '2026-06-01', q(78, 'mL/min/{1.73_m2}'));
  test.each<[string, Res[], unknown]>([
    [
      'a newer local "Créatinine sérique (avec DFG)" in µmol/L is no eGFR, but a newer creatinine: at most 78',
      [mdrd, obs('cr', local('Créatinine sérique (avec DFG)'), '2026-11-01', q(85, 'µmol/L'))],
      { low: 0, high: 78 },
    ],
    [
      'a newer local "Créatinine (DFG)" as a valueString in µmol/L is no eGFR, but a newer creatinine: at most 78',
      [mdrd, obs('cr', local('Créatinine (DFG)'), '2026-11-01', { valueString: '85 µmol/L' })],
      { low: 0, high: 78 },
    ],
    [
      'a newer local "Créatinine urinaire" is no serum creatinine: the eGFR stands',
      [mdrd, obs('cr', local('Créatinine urinaire'), '2026-11-01', q(8.2, 'mmol/L'))],
      78,
    ],
    [
      'guard: a newer local "DFG" in mL/min/1.73m2 is read',
      [mdrd, obs('dfg', local('DFG'), '2026-11-01', q(25, 'mL/min/{1.73_m2}'))],
      25,
    ],
    [
      'guard: eGFR LOINC 69405-9 is still read',
      [mdrd, obs('o', loinc('69405-9'), '2026-11-01', q(25, 'mL/min/{1.73_m2}'))],
      25,
    ],
    [
      'guard: a coded eGFR (69405-9) in µmol/L stays unreadable',
      [mdrd, obs('o', loinc('69405-9'), '2026-11-01', q(85, 'µmol/L'))],
      UNKNOWN,
    ],
    // The EGFR gene of tumour testing is not an eGFR (notNames of egfr-other, 2026-12-06).
    [
      'a newer local "EGFR mutation analysis" is passed over',
      [mdrd, obs('m', local('EGFR mutation analysis'), '2026-11-01', { valueString: 'Not detected' })],
      78,
    ],
    [
      'a newer local "Mutation de l\'EGFR" is passed over',
      [mdrd, obs('m', local("Mutation de l'EGFR (exon 19)"), '2026-11-01', { valueString: 'Absence' })],
      78,
    ],
    ['a newer local "GFR/BSA" is read', [mdrd, obs('dfg', local('GFR/BSA'), '2026-11-01', q(27, 'mL/min/1.73m2'))], 27],
    [
      'guard: a newer local "DFGe" is read',
      [mdrd, obs('dfg', local('DFGe'), '2026-11-01', q(24, 'mL/min/1.73m2'))],
      24,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'egfr.value')).toEqual(expected);
  });
});

describe('a creatinine newer than the latest eGFR leaves it known only as at most its value', () => {
  const creatinine = (date: string) => obs('cr', loinc('2160-0'), date, q(4.8, 'mg/dL'));
  test.each<[string, Res[], unknown]>([
    [
      'a creatinine five months newer',
      [obs('e', loinc('33914-3'), '2026-06-01', q(78, 'mL/min/{1.73_m2}')), creatinine('2026-11-01')],
      { low: 0, high: 78 },
    ],
    [
      'an eGFR under 30 stays under 30',
      [obs('e', loinc('33914-3'), '2026-06-01', q(25, 'mL/min/{1.73_m2}')), creatinine('2026-11-01')],
      { low: 0, high: 25 },
    ],
    [
      'a bound "> 60" says nothing more',
      [
        obs('e', loinc('33914-3'), '2026-06-01', {
          valueQuantity: {
            value: 60,
            comparator: '>',
            unit: 'mL/min/1.73m2',
            system: 'http://unitsofmeasure.org',
            code: 'mL/min/{1.73_m2}',
          },
        }),
        creatinine('2026-11-01'),
      ],
      { low: 0 },
    ],
    [
      'guard: the creatinine of the same draw',
      [obs('e', loinc('33914-3'), '2026-06-01', q(78, 'mL/min/{1.73_m2}')), creatinine('2026-06-01')],
      78,
    ],
    [
      'guard: an older creatinine',
      [obs('e', loinc('33914-3'), '2026-06-01', q(78, 'mL/min/{1.73_m2}')), creatinine('2026-01-01')],
      78,
    ],
    [
      'guard: a newer urine creatinine (another test)',
      [
        obs('e', loinc('33914-3'), '2026-06-01', q(78, 'mL/min/{1.73_m2}')),
        obs('u', loinc('2161-8'), '2026-11-01', q(120, 'mg/dL')),
      ],
      78,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(value(resources, 'egfr.value')).toEqual(expected);
  });
});

describe('AUDIT-C and counts of drinks compare alike on the same day', () => {
  const catalogue = loadTrialCatalogue(join(DEFAULT_RULES_DIR, 'trials'), listFactNames(valueSets));
  const criterion = catalogue.trials
    .find((t) => t.trial.id === 'NCT04270656')!
    .criteria.find((c) => c.criterion.id === 'alcohol-over-limit')!;
  const male = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1965-01-01' };
  const score = (date: string) => obs('c', loinc('75626-2'), date, { valueInteger: 10 });
  const count = (date: string) => obs('a', loinc('74013-4'), date, q(1, '{drinks}/d'));
  test.each<[string, Res[], string]>([
    [
      'a score timed early on the day a count is dated (the UTC instant is the day before) is read',
      [male, score('2026-10-01T00:30:00+02:00'), count('2026-10-01')],
      'met',
    ],
    [
      'a count timed late on the day a score is dated (the UTC instant is the day after) does not hide the score',
      [male, score('2026-10-01'), count('2026-10-01T23:30:00-05:00')],
      'met',
    ],
    [
      'guard: a score and a count dated the same day: the score is read',
      [male, score('2026-10-01'), count('2026-10-01')],
      'met',
    ],
    [
      'guard: a count timed after a score timed the same day decides',
      [male, score('2026-10-01T09:00:00Z'), count('2026-10-01T10:00:00Z')],
      'not-met',
    ],
    [
      'guard: a count dated the next day decides',
      [male, score('2026-10-01T23:00:00Z'), count('2026-10-02')],
      'not-met',
    ],
  ])('NCT04270656 alcohol-over-limit: %s', (_name, resources, expected) => {
    expect(criterion.status(factsOf(resources))).toBe(expected);
  });

  test('a problem in a count of drinks is logged by the AUDIT-C fact, and an undated count leaves it unknown', () => {
    const record = recordFromResources('p1', [
      male,
      score('2026-10-01'),
      obs('a', loinc('74013-4'), 'not-a-date', q(1, '{drinks}/d')),
    ] as unknown as FhirResource[]);
    const groups = groupObservations(record, valueSets, new DataQualityLog());
    const dq = new DataQualityLog();
    const fact = auditCFact(groups, undefined, NOW, dq);
    expect(dq.list().some((l) => l.includes('unreadable effective date'))).toBe(true);
    expect(fact.known).toBe(false);
  });
});

// A result contained in this patient's report whose own subject is another patient is none of
// this patient's (a review of US laboratory values, 2026-12-07).
describe("a contained result of another patient's", () => {
  const report = (subject: Res | undefined): Res => ({
    resourceType: 'DiagnosticReport',
    id: 'rep',
    status: 'final',
    code: loinc('4548-4'),
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-11-20',
    contained: [{ ...obs('a1c', loinc('4548-4'), '2026-11-20', q(9.4, '%')), ...(subject ? { subject } : {}) }],
    result: [{ reference: '#a1c' }],
  });
  const older = obs('older', loinc('4548-4'), '2026-10-01', q(7.1, '%'));
  test.each<[string, Res | undefined, unknown]>([
    ['its subject is this patient', { reference: 'Patient/p1' }, 9.4],
    ["no subject of its own: the report's", undefined, 9.4],
    ['its subject is another patient', { reference: 'Patient/p2' }, 7.1],
    ['its subject is another patient, by absolute URL', { reference: 'https://lab.example/fhir/Patient/p2' }, 7.1],
    ['its subject is another patient, by a versioned reference', { reference: 'Patient/p2/_history/3' }, 7.1],
  ])('%s', (_name, subject, expected) => {
    expect(value([older, report(subject)], 'hba1c.percent')).toBe(expected);
  });
});
