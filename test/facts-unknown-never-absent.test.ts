import { describe, expect, test } from '@jest/globals';
import type { FhirResource, Medication } from 'fhir/r4.js';
import { main } from '../bin/evaluate.js';
import type { EvaluationReport } from '../bin/evaluate-report.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import type { FetchedQuery, PatientDataSource } from '../fhir/data-source.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { queryResourceType } from '../fhir/prefetch-template.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';

/*
 * Every exclusion fact: a coding in a code system the service cannot read, in the field that
 * decides the fact, makes the fact unknown (and says which code), never "not on file".
 */

const NOW = new Date('2026-11-22T10:00:00Z');
const PATIENT = 'unknown-never-absent';
const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const UNKNOWN = { system: 'http://example.org', code: 'X' };
const subject = { reference: `Patient/${PATIENT}` };
const active = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] };

const patient: FhirResource = { resourceType: 'Patient', id: PATIENT, gender: 'male', birthDate: '1968-05-01' };
const localCondition: FhirResource = {
  resourceType: 'Condition',
  id: 'c1',
  clinicalStatus: active,
  code: { coding: [UNKNOWN] },
  subject,
};
const localDrug: FhirResource = {
  resourceType: 'MedicationRequest',
  id: 'm1',
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: { coding: [UNKNOWN] },
  subject,
  authoredOn: '2026-01-10',
};
const localDevice: FhirResource = {
  resourceType: 'Device',
  id: 'd1',
  status: 'active',
  type: { coding: [UNKNOWN] },
  patient: subject,
};
const localProcedure: FhirResource = {
  resourceType: 'Procedure',
  id: 'p1',
  status: 'completed',
  code: { coding: [UNKNOWN] },
  subject,
  performedDateTime: '2020-01-01',
};
const steroidNoRoute: FhirResource = {
  resourceType: 'MedicationRequest',
  id: 'm2',
  status: 'active',
  intent: 'order',
  // Prednisolone by its RxNorm ingredient code: no product, no route, no dose form.
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '8638' }] },
  subject,
  authoredOn: '2026-10-01',
};

/** Facts from a record with everything loaded: the only doubt is the record under test. */
function factsWith(resources: FhirResource[]) {
  const record = recordFromResources(PATIENT, [patient, ...resources]);
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
}

describe('a coding the service cannot read makes the fact it decides unknown, never absent', () => {
  const conditionReason = 'Condition code http://example.org|X is not classified';
  const medicationReason = 'medication code http://example.org|X is not classified';
  test.each([
    ['type 1 diabetes', 'condition.t1d', localCondition, conditionReason],
    ['cirrhosis', 'condition.cirrhosis', localCondition, conditionReason],
    ['hepatocellular carcinoma', 'condition.hcc', localCondition, conditionReason],
    ['chronic hepatitis C', 'condition.chronic-hepatitis-c', localCondition, conditionReason],
    ['hemochromatosis', 'condition.hemochromatosis', localCondition, conditionReason],
    ['alcohol abuse', 'condition.alcohol-abuse', localCondition, conditionReason],
    ['severe chronic kidney disease', 'condition.ckd-severe', localCondition, conditionReason],
    ['insulin pump in place (Z96.41)', 'condition.insulin-pump-status', localCondition, conditionReason],
    ['GLP-1 agonist', 'medication.glp1-agonists', localDrug, medicationReason],
    ['sulfonylurea', 'medication.sulfonylureas', localDrug, medicationReason],
    ['glinide', 'medication.glinides', localDrug, medicationReason],
    ['glitazone', 'medication.glitazones', localDrug, medicationReason],
    ['insulin detemir', 'medication.insulin-detemir', localDrug, medicationReason],
    ['amiodarone', 'medication.amiodarone', localDrug, medicationReason],
    [
      'bariatric surgery',
      'procedure.bariatric-surgery',
      localProcedure,
      'Procedure code http://example.org|X is not classified',
    ],
    ['already on a pump (Device type)', 'pump', localDevice, 'Device type http://example.org|X is not classified'],
    [
      'already on a pump (pump procedure)',
      'pump',
      localProcedure,
      'Procedure code http://example.org|X is not classified',
    ],
    [
      'a systemic glucocorticoid (route not stated)',
      'medication.systemic-glucocorticoids',
      steroidNoRoute,
      'route not stated',
    ],
  ])('%s: %s is unknown, and the reason names the code', (_what, name, resource, reason) => {
    const without = factsWith([]);
    expect(without.rule.values.get(name)).toBe(false);
    const facts = factsWith([resource]);
    expect(facts.rule.values.has(name)).toBe(false);
    expect(facts.rule.unknownReasons.get(name)).toContain(reason);
  });

  test('a local code with words is read by its words: "Diabète de type 1" is type 1 diabetes', () => {
    const worded = { ...localCondition, code: { coding: [{ ...UNKNOWN, display: 'Diabète de type 1' }] } };
    const facts = factsWith([worded]);
    expect(facts.rule.values.get('condition.t1d')).toBe(true);
    expect(facts.rule.evidence.get('condition.t1d')?.[0]?.confidence).toBe('low');
  });

  test('a local code with words that name nothing known could be anything: unknown, not "other"', () => {
    const worded = { ...localCondition, code: { coding: [UNKNOWN], text: 'Syndrome douloureux chronique' } };
    const facts = factsWith([worded]);
    expect(facts.rule.values.has('condition.t1d')).toBe(false);
    expect(facts.rule.unknownReasons.get('condition.t1d')).toContain(
      'Condition code http://example.org|X is not classified',
    );
  });

  test('a local code with the French name of a known condition is read by that name', () => {
    const worded = { ...localCondition, code: { coding: [UNKNOWN], text: 'Cirrhose hépatique' } };
    expect(factsWith([worded]).rule.values.get('condition.cirrhosis')).toBe(true);
  });

  test.each([
    [
      'a glucose sensor (SNOMED CT, in the non-pump set)',
      { coding: [{ system: 'http://snomed.info/sct', code: '700585005' }] },
    ],
    ['a FreeStyle Libre by name', { text: 'FreeStyle Libre 2' }],
  ])('%s never blocks: "no pump" stays known', (_what, type) => {
    const facts = factsWith([{ ...localDevice, type }]);
    expect(facts.rule.values.get('pump')).toBe(false);
  });

  test('a Device type code of SNOMED CT that no device value set lists cannot be classified either', () => {
    const facts = factsWith([
      { ...localDevice, type: { coding: [{ system: 'http://snomed.info/sct', code: '999999003' }] } },
    ]);
    expect(facts.rule.unknownReasons.get('pump')).toContain(
      'Device type http://snomed.info/sct|999999003 is not classified',
    );
  });
});

/** A FHIR data source serving fixed resources by type: the evaluate CLI reads through it. */
function sourceOf(resources: FhirResource[]): PatientDataSource {
  return {
    fetchQueries(_access, queries) {
      const out = new Map<string, FetchedQuery>();
      for (const [key, query] of queries) {
        const type = queryResourceType(query);
        out.set(key, { resources: resources.filter((r) => r.resourceType === type), truncated: false, pages: 1 });
      }
      return Promise.resolve(out);
    },
    fetchMedications: () => Promise.resolve([] as Medication[]),
  };
}

describe('npm run evaluate reports the unknown fact and its code', () => {
  async function evaluate(resources: FhirResource[], json: boolean) {
    const out: string[] = [];
    const code = await main(
      ['--fhir', 'http://127.0.0.1:9/fhir', '--patient', PATIENT, ...(json ? ['--json'] : [])],
      {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        env: { LOG_LEVEL: 'silent', DATA_DIR: `/tmp/unknown-never-absent-${process.pid}` },
        now: () => NOW,
      },
      { dataSource: sourceOf([patient, ...resources]) },
    );
    expect(code).toBe(0);
    return out.join('\n');
  }

  test.each([
    ['a Device of an unreadable type', localDevice, 'pump', 'Device type http://example.org|X is not classified'],
    [
      'a Condition of an unreadable code',
      localCondition,
      'condition.t1d',
      'Condition code http://example.org|X is not classified',
    ],
    [
      'a drug of an unreadable code',
      localDrug,
      'medication.glp1-agonists',
      'medication code http://example.org|X is not classified',
    ],
  ])('%s: "%s unknown: ..." in the text report, and in --json', async (_what, resource, name, reason) => {
    const text = await evaluate([resource], false);
    expect(text).toMatch(new RegExp(`${name.replace(/[.]/g, '\\.')}\\s+unknown: .*${reason.replace(/[|.]/g, '\\$&')}`));
    const report = JSON.parse(await evaluate([resource], true)) as EvaluationReport;
    expect(report.facts.find((f) => f.name === name)).toMatchObject({
      known: false,
      reason: expect.stringContaining(reason),
    });
    // The report says which services read the fact: the table's "which services use it".
    expect(report.facts.find((f) => f.name === 'pump')?.usedBy).toEqual(['pump-evaluation', 'trial-referral']);
    expect(report.facts.find((f) => f.name === 'insulin.mdiRunInDays')?.usedBy).toEqual(['pump-evaluation']);
  });
});
