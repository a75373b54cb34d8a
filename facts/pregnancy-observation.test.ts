import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

function fact(name: string, resources: Record<string, unknown>[]) {
  const record = recordFromResources('p1', resources as unknown as FhirResource[]);
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return facts.rule.values.has(name) ? facts.rule.values.get(name) : 'unknown';
}
const observed = (resources: Record<string, unknown>[]) => fact('pregnancy.observed', resources);

const obs = (id: string, code: string, date: string | undefined, value: Record<string, unknown>, extra = {}) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code }] },
  subject: { reference: 'Patient/p1' },
  ...(date ? { effectiveDateTime: date } : {}),
  ...value,
  ...extra,
});
const answer = (system: string, code: string, display: string) => ({
  valueCodeableConcept: { coding: [{ system, code, display }], text: display },
});
const PREGNANT = answer(SNOMED, '77386006', 'Patient currently pregnant');
const LOCAL = 'http://chu-exemple.fr/codes';
const weeks = (value: number, unit = 'wk') => ({
  valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: 'wk' },
});
const iu = (value: number, code = 'm[IU]/mL', comparator?: string) => ({
  valueQuantity: {
    value,
    unit: code,
    system: 'http://unitsofmeasure.org',
    code,
    ...(comparator ? { comparator } : {}),
  },
});
const local = (id: string, text: string, date: string, value: Record<string, unknown>) => ({
  ...obs(id, 'x', date, value),
  code: { coding: [{ system: LOCAL, code: id.toUpperCase() }], text },
});
const condition = (id: string, system: string, code: string, text: string, extra: Record<string, unknown>) => ({
  resourceType: 'Condition',
  id,
  subject: { reference: 'Patient/p1' },
  verificationStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
  },
  code: { coding: [{ system, code, display: text }], text },
  ...extra,
});
const ACTIVE = {
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
};
const CIM10 = 'https://smt.esante.gouv.fr/terminologie-cim-10';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const NOT_PREGNANT = answer(SNOMED, '60001007', 'Not pregnant');

describe('pregnancy.observed: the latest pregnancy status, test or due date of the last 300 days', () => {
  test.each<[string, Record<string, unknown>[], boolean | 'unknown']>([
    ['no pregnancy observation at all', [], false],
    ['US Core pregnancy status "Pregnant" (82810-3) 20 days ago', [obs('s', '82810-3', '2026-11-02', PREGNANT)], true],
    ['the LOINC answer LA15173-0', [obs('s', '82810-3', '2026-11-02', answer(LOINC, 'LA15173-0', 'Pregnant'))], true],
    ['11449-6 as a boolean (a French profile)', [obs('s', '11449-6', '2026-11-02', { valueBoolean: true })], true],
    ['"Enceinte" in words', [obs('s', '11449-6', '2026-11-02', { valueString: 'Enceinte (12 SA)' })], true],
    ['"Not pregnant"', [obs('s', '82810-3', '2026-11-02', NOT_PREGNANT)], false],
    ['"Non enceinte" in words', [obs('s', '11449-6', '2026-11-02', { valueString: 'Non enceinte' })], false],
    ['a positive urine hCG', [obs('t', '2106-3', '2026-11-10', { valueString: 'Positif' })], true],
    ['a negative urine hCG', [obs('t', '2106-3', '2026-11-10', { valueString: 'Négatif' })], false],
    ['a due date in four months', [obs('d', '11778-8', '2026-10-01', { valueDateTime: '2027-03-20' })], true],
    [
      'a due date passed 20 days ago (the puerperium)',
      [obs('d', '11778-8', '2026-05-01', { valueDateTime: '2026-11-02' })],
      true,
    ],
    ['a due date passed 90 days ago', [obs('d', '11778-8', '2026-03-01', { valueDateTime: '2026-08-24' })], false],
    [
      'a due date in 2019 recorded a month ago',
      [obs('d', '11778-8', '2026-10-20', { valueDateTime: '2019-05-01' })],
      false,
    ],
    ['"Pregnant" 400 days ago: a past pregnancy', [obs('s', '82810-3', '2025-10-18', PREGNANT)], false],
    [
      '"Not pregnant" after a positive test: the newest decides',
      [obs('t', '2106-3', '2026-08-01', { valueString: 'Positive' }), obs('s', '82810-3', '2026-11-02', NOT_PREGNANT)],
      false,
    ],
    // What cannot be read leaves it unknown, never "not pregnant".
    [
      'status "Unknown" (261665006)',
      [obs('s', '82810-3', '2026-11-02', answer(SNOMED, '261665006', 'Unknown'))],
      'unknown',
    ],
    [
      '"Pregnant - no complications": a bare "no" beside "pregnant" is not read',
      [obs('s', '82810-3', '2026-11-02', { valueString: 'Pregnant - no complications' })],
      'unknown',
    ],
    ['"No / oui ?" (both)', [obs('s', '11449-6', '2026-11-02', { valueString: 'non / oui ?' })], 'unknown'],
    ['an undated status', [obs('s', '82810-3', undefined, PREGNANT)], 'unknown'],
    [
      'a preliminary positive test',
      [obs('t', '2106-3', '2026-11-10', { valueString: 'Positive' }, { status: 'preliminary' })],
      'unknown',
    ],
    [
      'a "Pregnant" and a "Not pregnant" of the same day',
      [obs('a', '82810-3', '2026-11-02', PREGNANT), obs('b', '82810-3', '2026-11-02', NOT_PREGNANT)],
      'unknown',
    ],
    [
      'a local code named "Statut de grossesse"',
      [
        {
          ...obs('s', 'x', '2026-11-02', { valueString: 'Oui' }),
          code: { coding: [{ system: 'http://chu-exemple.fr/codes', code: 'GROSS' }], text: 'Statut de grossesse' },
        },
      ],
      true,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(observed(resources)).toBe(expected);
  });
});

describe('pregnancy.observed: a gestational age, an hCG level, a local "grossesse en cours"', () => {
  test.each<[string, Record<string, unknown>[], boolean | 'unknown']>([
    ['gestational age Estimated (11884-4) 10 weeks, a week ago', [obs('g', '11884-4', '2026-11-15', weeks(10))], true],
    ['gestational age (18185-9) 14 weeks', [obs('g', '18185-9', '2026-11-15', weeks(14))], true],
    ['gestational age in weeks (49051-6) 20 weeks', [obs('g', '49051-6', '2026-11-15', weeks(20))], true],
    [
      'a gestational age component of an OB visit panel',
      [
        {
          ...local('ob', 'OB Vitals', '2026-11-20', {}),
          component: [{ code: { coding: [{ system: LOINC, code: '11884-4' }] }, ...weeks(22) }],
        },
      ],
      true,
    ],
    [
      'a local "Terme de la grossesse" of 16 SA',
      [local('terme', 'Terme de la grossesse', '2026-11-20', weeks(16, 'SA'))],
      true,
    ],
    ['"16 SA" in words', [local('terme', 'Terme de la grossesse', '2026-11-20', { valueString: '16 SA' })], true],
    [
      'a gestational age in days (112 d)',
      [obs('g', '18185-9', '2026-11-15', { valueQuantity: { value: 112, unit: 'd' } })],
      true,
    ],
    ['30 weeks 200 days ago: delivered since', [obs('g', '49051-6', '2026-05-06', weeks(30))], false],
    ['12 weeks two years ago', [obs('g', '11884-4', '2024-11-20', weeks(12))], false],
    [
      '"16 SA + 3 j" is not read',
      [local('terme', 'Terme de la grossesse', '2026-11-20', { valueString: '16 SA + 3 j' })],
      'unknown',
    ],
    ['60 weeks is no gestational age', [obs('g', '11884-4', '2026-11-15', weeks(60))], 'unknown'],
    ['a serum beta-hCG (21198-7) of 48 200 mIU/mL', [obs('h', '21198-7', '2026-11-20', iu(48200))], true],
    [
      'a local "β-HCG plasmatiques" of 12 500 UI/L',
      [local('bhcg', 'β-HCG plasmatiques', '2026-11-20', iu(12500, 'UI/L'))],
      true,
    ],
    // A bare "hCG" under a local code is read; a trisomy screening's free beta-hCG in multiples of
    // the median, or antibodies to hCG, are not an hCG level (2026-12-06, evening).
    ['a local "Beta HCG" of 15 000 mUI/mL', [local('bhcg', 'Beta HCG', '2026-11-20', iu(15000, 'mUI/mL'))], true],
    ['a local "BHCG" answered "Positive"', [local('bhcg', 'BHCG', '2026-11-20', { valueString: 'Positive' })], true],
    [
      'a local "Free beta-hCG MoM" of 1.1 after a positive test says nothing new',
      [
        obs('t', '2106-3', '2026-10-01', { valueString: 'Positive' }),
        local('mom', 'Free beta-hCG MoM', '2026-11-20', { valueQuantity: { value: 1.1 } }),
      ],
      true,
    ],
    [
      'a local "Anti-hCG antibodies: Negative" after a positive test says nothing new',
      [
        obs('t', '2106-3', '2026-10-01', { valueString: 'Positive' }),
        local('ab', 'Anti-hCG antibodies', '2026-11-20', { valueString: 'Negative' }),
      ],
      true,
    ],
    ['an hCG (19080-1) of 12 IU/L: the grey zone', [obs('h', '19080-1', '2026-11-20', iu(12, '[IU]/L'))], 'unknown'],
    ['an hCG of 3 mIU/mL', [obs('h', '21198-7', '2026-11-20', iu(3))], false],
    ['an hCG "< 2" mIU/mL', [obs('h', '21198-7', '2026-11-20', iu(2, 'm[IU]/mL', '<'))], false],
    ['an hCG "< 10": may be in the grey zone', [obs('h', '21198-7', '2026-11-20', iu(10, 'm[IU]/mL', '<'))], 'unknown'],
    ['an hCG in ng/mL is not read', [obs('h', '21198-7', '2026-11-20', iu(40, 'ng/mL'))], 'unknown'],
    // Negative results as laboratories write them (a regression review, 2026-12-05).
    ['an hCG "< 2 U/L"', [obs('h', '21198-7', '2026-11-20', iu(2, 'U/L', '<'))], false],
    ['an hCG "< 1 mUI / mL"', [obs('h', '21198-7', '2026-11-20', iu(1, 'mUI / mL', '<'))], false],
    ['an hCG "<2.0" in words, with no unit', [obs('h', '21198-7', '2026-11-20', { valueString: '<2.0' })], false],
    [
      'a negative hCG level after a positive urine test',
      [obs('t', '2106-3', '2026-10-01', { valueString: 'Positive' }), obs('h', '21198-7', '2026-11-20', iu(2))],
      false,
    ],
    [
      'a local "Grossesse en cours" answered "oui"',
      [local('gec', 'Grossesse en cours', '2026-11-20', { valueString: 'oui' })],
      true,
    ],
    [
      '"Grossesse en cours : oui" as true',
      [local('gec', 'Grossesse en cours : oui', '2026-11-20', { valueBoolean: true })],
      true,
    ],
    [
      '"Grossesse en cours" answered "non"',
      [local('gec', 'Grossesse en cours', '2026-11-20', { valueString: 'non' })],
      false,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(observed(resources)).toBe(expected);
  });
});

describe('pregnancy.observed: a gestational diabetes begun less than 120 days ago is a pregnancy now', () => {
  const gdm = (extra: Record<string, unknown>, code = 'O24.4', system = CIM10) =>
    condition('dg', system, code, 'Diabète gestationnel', extra);
  test.each<[string, Record<string, unknown>[], boolean | 'unknown']>([
    ['active O24.4 (CIM-10) begun 60 days ago', [gdm({ ...ACTIVE, onsetDateTime: '2026-09-23' })], true],
    [
      'ICD-10-CM O24.414 begun 45 days ago',
      [gdm({ ...ACTIVE, onsetDateTime: '2026-10-08' }, 'O24.414', ICD10CM)],
      true,
    ],
    ['active O24.4 begun in 2012: a past pregnancy', [gdm({ ...ACTIVE, onsetDateTime: '2012-05-01' })], false],
    [
      'O24.4 resolved in 2012',
      [
        gdm({
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }],
          },
          onsetDateTime: '2012',
          abatementDateTime: '2012',
        }),
      ],
      false,
    ],
    // Found at 24 to 28 weeks, it outlives its pregnancy on problem lists (a regression review, 2026-12-05).
    ["active O24.4 without any date: a past pregnancy's", [gdm(ACTIVE)], false],
    [
      'active O24.4 begun 200 days ago: that pregnancy is over',
      [gdm({ ...ACTIVE, onsetDateTime: '2026-05-06' })],
      false,
    ],
    [
      'a local "Antécédent de DG (2012)" of no date',
      [condition('dg', LOCAL, 'PB-DG', 'Antécédent de diabète gestationnel (2012)', ACTIVE)],
      false,
    ],
    ['active O24.4 without onset, recorded 20 days ago', [gdm({ ...ACTIVE, recordedDate: '2026-11-02' })], true],
    ['active O24.4 without onset, recorded in 2015', [gdm({ ...ACTIVE, recordedDate: '2015-03-02' })], false],
    [
      '"Not pregnant" after a gestational diabetes begun 100 days ago: the pregnancy ended',
      [gdm({ ...ACTIVE, onsetDateTime: '2026-08-14' }), obs('s', '82810-3', '2026-11-12', NOT_PREGNANT)],
      false,
    ],
  ])('%s', (_name, resources, expected) => {
    expect(observed(resources)).toBe(expected);
  });
});

describe('condition.pregnancy: French local problems that name a pregnancy now', () => {
  const problem = (text: string) => condition('gr', LOCAL, 'PB-GR', text, { ...ACTIVE, onsetDateTime: '2026-11-10' });
  test.each<[string, boolean | 'unknown']>([
    ['Grossesse de 12 SA', true],
    ['GIU évolutive 8 SA', true],
  ])('%s', (text, expected) => {
    expect(fact('condition.pregnancy', [problem(text)])).toBe(expected);
  });
});
