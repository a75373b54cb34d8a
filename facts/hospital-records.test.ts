import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import type { RuleValue } from '../rules/condition-evaluator.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';
import { isAsNeededText, dosageTextSchedule } from './dosage-text.js';

// Records written the way hospitals write them, from the fifth review of the service against
// US and French EHR exports (docs/clinical-rules.md). Each row failed before the change it
// guards: a card fired, or a fact said "no" where the record says "yes" or cannot tell.

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const SCT = 'http://snomed.info/sct';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const LANTUS = { coding: [{ system: RXNORM, code: '847232' }], text: 'Lantus SoloStar' };
const HUMALOG = { coding: [{ system: RXNORM, code: '1652640' }], text: 'Humalog KwikPen' };
const TID = { repeat: { frequency: 3, period: 1, periodUnit: 'd' } };

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

function factsOf(resources: unknown[]) {
  const record = recordFromResources('p1', resources as FhirResource[]);
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
}

function order(id: string, medication: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    authoredOn: daysAgo(390),
    dosageInstruction: [{ timing: TID, doseAndRate: [{ doseQuantity: { value: 10, unit: 'units' } }] }],
    ...medication,
    ...extra,
  };
}

const basal = order(
  'basal',
  { medicationCodeableConcept: LANTUS },
  { dosageInstruction: [{ timing: { code: { text: 'HS' }, repeat: { when: ['HS'] } } }] },
);

function prandial(resources: unknown[]): RuleValue | undefined {
  return factsOf([basal, ...resources]).rule.values.get('insulin.prandialInjectionsPerDay');
}

function condition(id: string, code: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    onsetDateTime: daysAgo(60),
    code,
    ...extra,
  };
}

function a1c(id: string, extra: Record<string, unknown>) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
    effectiveDateTime: daysAgo(10),
    ...extra,
  };
}
const pct = (value: number) => ({ value, unit: '%', system: UCUM, code: '%' });

describe('correction scales as US and French orders write them: no scheduled dose', () => {
  test.each([
    'Inject per ISS before meals',
    'Low dose algorithm before meals',
    'per FSBS AC',
    'supplemental insulin TID with meals',
    'BG 151-200: 2 units, 201-250: 4 units, 251-300: 6 units, before meals',
    'selon GC',
    'Novorapid: 2 UI si GC 2-2,5 g/l ; 4 UI si 2,5-3 g/l',
    'suppl 2 UI si > 2g',
  ])('"%s" is a correction scale', (text) => {
    expect(isAsNeededText(text)).toBe(true);
  });

  test.each([
    ['a dose by weight', 'NOVORAPID 0,1 UI/kg matin midi soir'],
    ['doses per meal with a zero', '6-0-0 UI'],
    ['a fixed dose held when low', '10 units TID with meals; hold if BG < 70'],
  ])('%s is scheduled ("%s")', (_name, text) => {
    expect(isAsNeededText(text)).toBe(false);
  });

  test.each([
    ['a renewal date', 'Renouvellement 12-11-26'],
    ['an update date', 'MAJ 02-11-26'],
    ['titration steps', 'Paliers 2-4-6 UI'],
    ['numbers that could be a date, with no unit', '10-12-10'],
  ])('%s is no schedule ("%s")', (_name, text) => {
    expect(dosageTextSchedule(text)).toBeUndefined();
  });

  test('"6-0-0 UI" is one injection, at breakfast', () => {
    expect(dosageTextSchedule('6-0-0 UI')).toEqual({ perDay: 1, moments: new Set(['breakfast']) });
  });

  test.each([
    [
      'a note "Sliding scale only"',
      { note: [{ text: 'Sliding scale only - patient does not take fixed mealtime doses' }] },
      {},
    ],
    [
      'a product named as a correction scale',
      {},
      { medicationCodeableConcept: { text: 'insulin lispro (HumaLOG) CORRECTION scale injection' } },
    ],
  ])('%s schedules no prandial dose', (_name, extra, medication) => {
    expect(prandial([order('rapid', { medicationCodeableConcept: HUMALOG, ...medication }, extra)])).toBe(0);
  });

  test('a note about a correction added to fixed doses leaves them scheduled', () => {
    const rapid = order(
      'rapid',
      { medicationCodeableConcept: HUMALOG },
      { note: [{ text: 'Threshold for correction: 150' }] },
    );
    expect(prandial([rapid])).toBe(3);
  });
});

describe('orders that are not the home regimen', () => {
  test.each([
    ['pen needles named after the pen', 'Aiguilles NovoFine pour stylo NovoRapid'],
    ['a pen needle "for Novorapid"', 'BD pen needle (for Novorapid)'],
  ])('%s are no insulin', (_name, text) => {
    expect(prandial([order('needles', { medicationCodeableConcept: { text } })])).toBe(0);
  });

  test.each([
    ['in words', { category: [{ text: 'Inpatient' }] }],
    [
      'in the STU3 system',
      { category: [{ coding: [{ system: 'http://hl7.org/fhir/medication-request-category', code: 'inpatient' }] }] },
    ],
  ])('an order for the hospital stay, %s, is not counted as home injections', (_name, extra) => {
    const v = prandial([order('rapid', { medicationCodeableConcept: HUMALOG }, extra)]);
    expect(typeof v === 'object' ? v.low : v).toBe(0);
  });

  test('an old TID order left open beside a newer once-daily one of the same insulin is a range', () => {
    const old = order('old', { medicationCodeableConcept: HUMALOG }, { authoredOn: daysAgo(600) });
    const newer = order(
      'newer',
      { medicationCodeableConcept: HUMALOG },
      {
        authoredOn: daysAgo(170),
        dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
      },
    );
    expect(prandial([old, newer])).toEqual({ low: 1, high: 3 });
  });

  test('a record of the same insulin whose schedule cannot be read may be the smaller one: at least 1', () => {
    const old = order('old', { medicationCodeableConcept: HUMALOG }, { authoredOn: daysAgo(600) });
    const newer = order(
      'newer',
      { medicationCodeableConcept: HUMALOG },
      {
        authoredOn: daysAgo(170),
        dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 6, unit: 'units' } }] }],
      },
    );
    expect(prandial([old, newer])).toEqual({ low: 1 });
  });

  test('a renewal of the same schedule keeps the count', () => {
    const old = order('old', { medicationCodeableConcept: HUMALOG }, { authoredOn: daysAgo(600) });
    const newer = order('newer', { medicationCodeableConcept: HUMALOG }, { authoredOn: daysAgo(170) });
    expect(prandial([old, newer])).toBe(3);
  });
});

describe('a pump on file in other words', () => {
  test.each([
    ['an encounter for fitting an insulin pump (Z46.81)', 'Z46.81'],
    ['a broken insulin pump (T85.614A)', 'T85.614A'],
  ])('%s as a Condition is a pump', (_name, code) => {
    const f = factsOf([basal, condition('c1', { coding: [{ system: ICD10CM, code }] })]);
    expect(f.rule.values.get('pump')).toBe(true);
  });

  test.each(['Insulin Infusion Pump Supplies', 'V-Go 20 Kit', 'Dana-i reservoir', 'Mio Advance infusion set'])(
    'supplies named "%s" leave the pump unknown',
    (text) => {
      const f = factsOf([basal, order('supply', { medicationCodeableConcept: { text } })]);
      expect(f.rule.values.has('pump')).toBe(false);
    },
  );
});

describe('pregnancy, type 1 diabetes and alcoholic liver disease in codes and words', () => {
  test.each([
    ['weeks of gestation', ICD10CM, 'Z3A.20'],
    ['diabetes in pregnancy, unspecified', ICD10CM, 'O24.919'],
    ['pre-existing diabetes in pregnancy, unspecified', ICD10CM, 'O24.319'],
    ['abnormal glucose complicating pregnancy', ICD10CM, 'O99.810'],
    ['another pregnancy-related condition', ICD10CM, 'O26.891'],
    ['diabetes in pregnancy (WHO ICD-10)', ICD10, 'O24.9'],
    ['the observable "Pregnancy"', SCT, '289908002'],
  ])('%s (%s|%s) is a pregnancy', (_name, system, code) => {
    const f = factsOf([condition('c1', { coding: [{ system, code }] })]);
    expect(f.rule.values.get('condition.pregnancy')).toBe(true);
  });

  test.each([
    ['a trimester', 'First trimester pregnancy'],
    ['weeks of amenorrhoea', 'Grossesse à 24 SA'],
  ])('%s in words is a pregnancy', (_name, text) => {
    expect(factsOf([condition('c1', { text })]).rule.values.get('condition.pregnancy')).toBe(true);
  });

  test("gestational diabetes stays a past pregnancy's, not a pregnancy", () => {
    const f = factsOf([condition('c1', { coding: [{ system: ICD10CM, code: 'O24.419' }] })]);
    expect(f.rule.values.get('condition.pregnancy')).toBe(false);
  });

  test.each([
    ['a SNOMED type 1 code with no display', { coding: [{ system: SCT, code: '444073006' }] }],
    ['the French "DID"', { text: 'DID' }],
  ])('%s is type 1 diabetes', (_name, code) => {
    expect(factsOf([condition('c1', code)]).rule.values.get('condition.t1d')).toBe(true);
  });

  test.each([
    ["stéatose d'origine alcoolique", "Stéatose hépatique d'origine alcoolique"],
    ["stéatose d'origine éthylique", "Stéatose hépatique d'origine éthylique"],
    ['MetALD', 'MetALD (MASLD with increased alcohol intake)'],
  ])('%s is alcoholic liver disease', (_name, text) => {
    const f = factsOf([condition('c1', { text })]);
    expect(f.rule.values.get('condition.alcoholic-liver-disease')).toBe(true);
  });

  test('the steatosis words inside an alcoholic cause are not a second, metabolic finding', () => {
    const f = factsOf([condition('c1', { text: "Stéatose hépatique d'origine alcoolique" })]);
    expect(f.rule.values.get('condition.steatosis')).not.toBe(true);
  });
});

describe('HbA1c results in doubt', () => {
  test.each([
    [
      'a value beside a dataAbsentReason',
      { valueQuantity: pct(8.9), dataAbsentReason: { coding: [{ code: 'error' }] } },
    ],
    [
      'a percentage sent as mmol/mol',
      { valueQuantity: { value: 8.9, unit: 'mmol/mol', system: UCUM, code: 'mmol/mol' } },
    ],
    [
      'a unit and a UCUM code that disagree',
      { valueQuantity: { value: 74, unit: '%', system: UCUM, code: 'mmol/mol' } },
    ],
  ])('%s leaves the latest HbA1c unknown', (_name, extra) => {
    const f = factsOf([a1c('a', extra)]);
    expect(f.rule.values.has('hba1c.percent')).toBe(false);
  });

  test.each([
    ['entered in error', 'entered-in-error', false],
    ['cancelled', 'cancelled', false],
    ['partial (its final results stand)', 'partial', true],
    ['final', 'final', true],
  ])('a result its report lists, the report %s (status %s): counted %s', (_name, status, counted) => {
    const report = {
      resourceType: 'DiagnosticReport',
      id: 'r1',
      status,
      code: { text: 'Bilan' },
      result: [{ reference: 'Observation/a' }],
    };
    const f = factsOf([a1c('a', { valueQuantity: pct(8.9) }), report]);
    expect(f.rule.values.has('hba1c.percent')).toBe(counted);
  });
});
