import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { deathRecordedElsewhere, saysPatientDied } from './death-elsewhere.js';

describe('a sentence that says the patient died', () => {
  test.each([
    ['"Décédé le 21/11/2026"', 'Décédé le 21/11/2026', true],
    ['"Patient décédé le 28/11/2026 à domicile"', 'Patient décédé le 28/11/2026 à domicile', true],
    ['"Pt expired at 03:10"', 'Pt expired at 03:10', true],
    ['"Deceased"', 'Deceased', true],
    ['a date of death field', 'Date de décès : 02/12/2026', true],
    ['a relative', "Père décédé d'un infarctus à 52 ans", false],
    ['a deceased donor graft', 'Deceased donor kidney transplant 2019', false],
    ['a fear of dying', 'Anxiety about death', false],
    ['a death in the family', 'Death of spouse (Z63.4)', false],
    ['a spouse in French', 'Décès du conjoint en mars 2025', false],
    ['"Pt is deceased"', 'Pt is deceased', true],
    ['"passed away"', 'Patient passed away at home on 11/28/2026', true],
    ['"DCD le"', 'DCD le 30/11/2026', true],
    ['"décès constaté"', 'ACR à domicile, décès constaté le 29/11/2026', true],
  ])('%s', (_name, sentence, expected) => {
    expect(saysPatientDied(sentence)).toBe(expected);
  });
});

describe('a record other than the Patient that says the patient died', () => {
  const valueSets = loadValueSets(DEFAULT_RULES_DIR);
  const canonical = (uri: string) => valueSets.canonical(uri);
  const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
  const CIM10 = 'https://smt.esante.gouv.fr/terminologie-cim-10';
  const clinicalActive = {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
  };
  const condition = (system: string, code: string, text: string, extra: Record<string, unknown> = {}) => ({
    resourceType: 'Condition',
    id: 'c',
    clinicalStatus: clinicalActive,
    code: { coding: [{ system, code }], text },
    recordedDate: '2026-12-05',
    ...extra,
  });
  const deathDate = (code: string, extra: Record<string, unknown> = {}) => ({
    resourceType: 'Observation',
    id: 'o',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code, display: 'Date of death' }] },
    effectiveDateTime: '2026-12-04T09:30:00+01:00',
    valueDateTime: '2026-12-04',
    ...extra,
  });
  test.each<[string, unknown, string | undefined]>([
    ['ICD-10-CM R99', condition(ICD10CM, 'R99', 'Ill-defined and unknown cause of mortality'), 'Condition/c'],
    ['CIM-10 R99', condition(CIM10, 'R99', 'Autres causes mal définies et non précisées de mortalité'), 'Condition/c'],
    [
      'R99 entered in error',
      condition(ICD10CM, 'R99', 'Ill-defined and unknown cause of mortality', {
        verificationStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' }],
        },
      }),
      undefined,
    ],
    ['control: another R code', condition(ICD10CM, 'R68.89', 'Other general symptoms and signs'), undefined],
    ['LOINC 81956-5 Date+time of death', deathDate('81956-5'), 'Observation/o'],
    ['a date of death entered in error', deathDate('81956-5', { status: 'entered-in-error' }), undefined],
    [
      'a date of death with no value (a blank form field)',
      deathDate('81956-5', { valueDateTime: undefined }),
      undefined,
    ],
  ])('%s', (_name, resource, expected) => {
    const record = recordFromResources('p', [resource] as FhirResource[]);
    const found = deathRecordedElsewhere(record, canonical);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(expected);
  });
});
