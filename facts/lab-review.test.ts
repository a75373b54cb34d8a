import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';
import { listFactNames } from './fact-names.js';

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
    [
      'a LOINC code in no value set named "HbA1c" is unreadable, not read by its words',
      [older, a1c('t', loinc('62388-4', 'HbA1c'))],
      UNKNOWN,
    ],
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
      'a newer study coded 24606-6 but named "MR Liver"',
      [us('2026-01-01'), report('mri', loinc('24606-6', 'MR Liver'), '2026-06-01', 'Normal.')],
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
