import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';
import { listFactNames } from './fact-names.js';

// Liver and alcohol records a review found deciding NCT04270656 criteria they should leave to
// confirm: a problem-list steatosis a newer normal study contradicts, problem texts that deny
// steatosis, alcohol recorded in other forms than drinks a day, and drinking codes short of abuse.
const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const trial = loadTrialCatalogue(join(DEFAULT_RULES_DIR, 'trials'), listFactNames(valueSets)).trials.find(
  (t) => t.trial.id === 'NCT04270656',
)!;
type Res = Record<string, unknown>;
const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const CIM10 = 'https://smt.esante.gouv.fr/terminologie-cim-10';
const CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const LOCAL = 'http://chu-exemple.fr/fhir/CodeSystem/codes-locaux';

function status(criterion: string, resources: readonly Res[]): string {
  const record = recordFromResources('p1', resources as unknown as FhirResource[]);
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 }).rule;
  return trial.criteria.find((c) => c.criterion.id === criterion)!.status(facts);
}
const male: Res = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1965-01-01' };
function condition(id: string, system: string, code: string, text: string, onset: string): Res {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [{ code: 'active' }] },
    verificationStatus: { coding: [{ code: 'confirmed' }] },
    code: { coding: [{ system, code }], text },
    onsetDateTime: onset,
  };
}
const k760 = (onset: string) => condition('st', CIM10, 'K76.0', 'Stéatose hépatique', onset);
function ultrasound(id: string, date: string, conclusion: string): Res {
  return {
    resourceType: 'DiagnosticReport',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: '24558-9' }], text: 'Échographie abdominale' },
    effectiveDateTime: date,
    conclusion,
  };
}
function obs(id: string, code: Res, date: string, value: Res): Res {
  return { resourceType: 'Observation', id, status: 'final', code, effectiveDateTime: date, ...value };
}
const cap = (date: string, dbm: number) =>
  obs('cap', { coding: [{ system: LOCAL, code: 'CAP', display: 'FibroScan - CAP' }] }, date, {
    valueQuantity: { value: dbm, unit: 'dB/m' },
  });
const normalUs = (date: string) => ultrasound('us2', date, 'Foie homogène, sans stéatose.');
const fattyUs = (date: string) => ultrasound('us1', date, 'Foie hyperéchogène, stéatose hépatique modérée.');

describe('a problem-list steatosis is checked against the liver studies after it', () => {
  test.each<[string, Res[], string]>([
    [
      'an old K76.0 and a newer ultrasound "sans stéatose": to confirm',
      [k760('2019-03-11'), normalUs('2026-10-06')],
      'unknown',
    ],
    [
      'an old K76.0, a positive ultrasound, then a newer CAP of 205 dB/m: to confirm',
      [k760('2019-03-11'), fattyUs('2025-01-10'), cap('2026-11-15', 205)],
      'unknown',
    ],
    [
      'an old K76.0 and a newer CAP of 205 dB/m alone: to confirm',
      [k760('2019-03-11'), cap('2026-11-15', 205)],
      'unknown',
    ],
    ['guard: a K76.0 dated after the normal ultrasound stands', [k760('2026-11-01'), normalUs('2024-10-06')], 'met'],
    [
      'guard: a positive ultrasound after the normal one meets it',
      [k760('2019-03-11'), normalUs('2024-10-06'), fattyUs('2026-10-06')],
      'met',
    ],
    ['guard: a K76.0 with no study stands', [k760('2019-03-11')], 'met'],
    [
      'guard: a stiffness alone says nothing of fat',
      [
        k760('2019-03-11'),
        obs('e', { coding: [{ system: LOCAL, code: 'E', display: 'FibroScan - E' }] }, '2026-11-15', {
          valueQuantity: { value: 6.2, unit: 'kPa' },
        }),
      ],
      'met',
    ],
  ])('steatosis: %s', (_name, resources, expected) => {
    expect(status('steatosis', resources)).toBe(expected);
  });
});

describe('problem texts that deny steatosis name no steatosis', () => {
  const local = (text: string) => condition('st', LOCAL, 'PB-1', text, '2024-01-01');
  test.each<[string, string]>([
    ["Stéatose hépatique : absente à l'écho 2024", 'unknown'],
    ['Stéatose hépatique : non', 'unknown'],
    ['Fatty liver - not seen on US 2025', 'unknown'],
    ['guard: Stéatose hépatique non alcoolique', 'met'],
    ['guard: Fatty liver - on US 2025', 'met'],
  ])('%s', (text, expected) => {
    expect(status('steatosis', [local(text.replace('guard: ', ''))])).toBe(expected);
  });
});

describe('alcohol recorded newer than the count of drinks in other forms', () => {
  const oneDrink = obs('a', { coding: [{ system: LOINC, code: '74013-4' }] }, '2026-09-06', {
    valueQuantity: { value: 1, unit: '{drinks}/d' },
  });
  const localObs = (display: string, value: Res) =>
    obs('b', { coding: [{ system: LOCAL, code: 'X', display }], text: display }, '2026-11-15', value);
  const loincObs = (code: string, date: string, value: Res) =>
    obs('b', { coding: [{ system: LOINC, code }] }, date, value);
  const typicalDay = {
    valueCodeableConcept: { coding: [{ system: LOINC, code: 'LA18930-7', display: '10 or more' }] },
  };
  test.each<[string, Res[], string]>([
    [
      'a local "Consommation d\'alcool" of "4 verres/j" is 40 g a day',
      [male, oneDrink, localObs("Consommation d'alcool", { valueString: '4 verres/j' })],
      'met',
    ],
    [
      '11331-6 in words ("4 verres de vin par jour"): to confirm',
      [male, oneDrink, loincObs('11331-6', '2026-11-15', { valueString: '4 verres de vin par jour' })],
      'unknown',
    ],
    [
      'AUDIT-C question 2 (68519-8) "10 or more": to confirm',
      [male, oneDrink, loincObs('68519-8', '2026-11-15', typicalDay)],
      'unknown',
    ],
    [
      'a local "Score AUDIT-C" of 10 meets the exclusion',
      [male, oneDrink, localObs('Score AUDIT-C', { valueQuantity: { value: 10, unit: '{score}' } })],
      'met',
    ],
    [
      'guard: an older 68519-8 leaves the newer count to decide',
      [male, loincObs('68519-8', '2026-01-01', typicalDay), oneDrink],
      'not-met',
    ],
    // An answer that says the patient does not drink is none a day (a regression review, 2026-12-05).
    [
      '11331-6 "Never" newer than the count',
      [male, oneDrink, loincObs('11331-6', '2026-11-15', { valueString: 'Never' })],
      'not-met',
    ],
    [
      'AUDIT-C question 1 (68518-0) "Never"',
      [
        male,
        oneDrink,
        loincObs('68518-0', '2026-11-15', {
          valueCodeableConcept: { coding: [{ system: LOINC, code: 'LA6270-8', display: 'Never' }] },
        }),
      ],
      'not-met',
    ],
    [
      'a local "Consommation d\'alcool : Nulle"',
      [male, oneDrink, loincObs('11331-6', '2026-11-15', { valueString: 'Nulle' })],
      'not-met',
    ],
    // A ninth review (2026-12-06): none today, but a weaned heavy drinker.
    [
      'a local count "0 - sevré depuis 2019 (ancien éthylique)": to confirm',
      [male, oneDrink, localObs("Consommation d'alcool", { valueString: '0 - sevré depuis 2019 (ancien éthylique)' })],
      'unknown',
    ],
    [
      '11331-6 "Former heavy drinker, abstinent since 2020": to confirm',
      [
        male,
        oneDrink,
        loincObs('11331-6', '2026-11-15', { valueString: 'Former heavy drinker, abstinent since 2020' }),
      ],
      'unknown',
    ],
    [
      'guard: a local "Consommation d\'alcool : 0 verre/j" is none',
      [male, oneDrink, localObs("Consommation d'alcool", { valueString: '0 verre/j' })],
      'not-met',
    ],
    // A review (2026-12-07, night): heavy drinking just before, by a count; a review of that change:
    // a past word alone says nothing of drinking.
    [
      'a local "0" noted "Abstinence depuis 1 mois ; auparavant 6 verres/jour": to confirm',
      [
        male,
        oneDrink,
        localObs("Consommation d'alcool", { valueString: '0 - abstinence depuis 1 mois ; auparavant 6 verres/jour' }),
      ],
      'unknown',
    ],
    [
      'guard: "1 verre/j" noted "Previously teetotal" is a count',
      [
        male,
        oneDrink,
        localObs("Consommation d'alcool", { valueString: '1 verre/j', note: [{ text: 'Previously teetotal' }] }),
      ],
      'not-met',
    ],
    [
      'guard: "0 verre/j" noted "Ne boit pas, ni auparavant" is none',
      [
        male,
        oneDrink,
        localObs("Consommation d'alcool", { valueString: '0 verre/j', note: [{ text: 'Ne boit pas, ni auparavant' }] }),
      ],
      'not-met',
    ],
    [
      'guard: a local "AUDIT-C Q2" is no score',
      [male, oneDrink, localObs('AUDIT-C Q2', { valueInteger: 4 })],
      'not-met',
    ],
  ])('alcohol-over-limit: %s', (_name, resources, expected) => {
    expect(status('alcohol-over-limit', resources)).toBe(expected);
  });
});

describe('heavy or risky drinking coded short of abuse leaves both alcohol criteria to confirm', () => {
  const oneDrink = obs('a', { coding: [{ system: LOINC, code: '74013-4' }] }, '2026-09-06', {
    valueQuantity: { value: 1, unit: '{drinks}/d' },
  });
  test.each<[string, Res, string, string]>([
    [
      'SNOMED 86933000 Heavy drinker',
      condition('c', SCT, '86933000', 'Heavy drinker', '2020-01-01'),
      'unknown',
      'unknown',
    ],
    [
      'CIM-10 Z72.1',
      condition('c', CIM10, 'Z72.1', "Consommation d'alcool à risque", '2023-01-01'),
      'unknown',
      'unknown',
    ],
    [
      'ICD-10-CM F10.90',
      condition('c', CM, 'F10.90', 'Alcohol use - 4-5 beers nightly', '2022-01-01'),
      'unknown',
      'unknown',
    ],
    ['guard: F10.20 is dependence', condition('c', CM, 'F10.20', 'Alcohol dependence', '2022-01-01'), 'not-met', 'met'],
  ])('%s', (_name, record, inclusion, exclusion) => {
    expect(status('no-chronic-alcohol', [male, oneDrink, record])).toBe(inclusion);
    expect(status('alcohol-over-limit', [male, oneDrink, record])).toBe(exclusion);
  });
});

describe('heavy drinking as the coded answer of an alcohol use observation', () => {
  const oneDrink = obs('a', { coding: [{ system: LOINC, code: '74013-4' }] }, '2026-09-06', {
    valueQuantity: { value: 1, unit: '{drinks}/d' },
  });
  const answered = (question: Res, code: string, display: string, extra: Res = {}): Res => ({
    ...obs('st', question, '2026-10-15', { valueCodeableConcept: { coding: [{ system: SCT, code, display }] } }),
    ...extra,
  });
  const useStatus = { coding: [{ system: LOINC, code: '74205-7', display: 'Alcohol use status' }] };
  const finding = { coding: [{ system: SCT, code: '228273003' }], text: 'Alcohol use' };
  test.each<[string, Res, string, string]>([
    ['74205-7 answered 86933000 Heavy drinker', answered(useStatus, '86933000', 'Heavy drinker'), 'unknown', 'unknown'],
    ['228273003 answered 228279004 Very heavy drinker', answered(finding, '228279004', ''), 'unknown', 'unknown'],
    ['guard: 228277002 Light drinker', answered(useStatus, '228277002', 'Light drinker'), 'met', 'not-met'],
    [
      'guard: a heavy drinker answer entered in error',
      answered(useStatus, '86933000', 'Heavy drinker', { status: 'entered-in-error' }),
      'met',
      'not-met',
    ],
  ])('%s', (_name, record, inclusion, exclusion) => {
    expect(status('no-chronic-alcohol', [male, oneDrink, record])).toBe(inclusion);
    expect(status('alcohol-over-limit', [male, oneDrink, record])).toBe(exclusion);
  });
});

describe('alcohol given in grams a day under an alcohol consumption code or name', () => {
  const female: Res = { ...male, gender: 'female' };
  const grams = (value: number, unit: string, code?: string): Res =>
    obs('g', { coding: [{ system: LOCAL, code: 'ALCGJ' }], text: "Consommation d'alcool (g/jour)" }, '2026-10-15', {
      valueQuantity: { value, unit, ...(code ? { system: 'http://unitsofmeasure.org', code } : {}) },
    });
  test.each<[string, Res, Res, string]>([
    ['40 g/d (UCUM) for a man is over 20 g', male, grams(40, 'g/j', 'g/d'), 'met'],
    ['15 g/jour for a man is under 20 g', male, grams(15, 'g/jour'), 'not-met'],
    ['15 g/jour for a woman is over 10 g', female, grams(15, 'g/jour'), 'met'],
    ['140 g/sem is 20 g a day, not over 20 for a man', male, grams(140, 'g/sem'), 'not-met'],
    ['210 g/wk is 30 g a day', male, grams(210, 'g/wk'), 'met'],
    ['guard: g/L is no daily intake', male, grams(0.4, 'g/L'), 'unknown'],
    ['a value with no unit under a name in grams is not read as drinks', male, grams(4, ''), 'unknown'],
  ])('%s', (_name, patient, record, exclusion) => {
    expect(status('alcohol-over-limit', [patient, record])).toBe(exclusion);
  });
});

describe('primary sclerosing cholangitis by its ICD-10-CM code', () => {
  test.each<[string, Res, boolean]>([
    ['K83.01 with no display', condition('c', CM, 'K83.01', '', '2020-01-01'), true],
    ['guard: K83.09 (other cholangitis) is not it', condition('c', CM, 'K83.09', '', '2020-01-01'), false],
  ])('%s', (_name, record, found) => {
    expect(status('no-chronic-liver-disease', [male, record]) === 'not-met').toBe(found);
  });
});
