import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { loadServices } from '../services/load-services.js';
import { computePatientFacts } from './compute-facts.js';

/*
 * The regimen's injections a day. MDI is at least three injections: NPH is drawn up with regular
 * or rapid insulin in one syringe in the split-mixed regimen (NPH and regular before breakfast
 * and dinner), which is two injections and no basal-bolus. The fixture `pump-positive-main`
 * (glargine at bedtime, lispro three times a day, HbA1c 9.1 %) fires the pump card; each row
 * changes its basal and prandial orders.
 */

const NOW = new Date('2026-11-22T10:00:00Z');
const MAIN = 'pump-positive-main';
const rules = loadServices(DEFAULT_RULES_DIR);
const pump = rules.services.find((s) => s.definition.id === 'pump-evaluation')!;
type Json = Record<string, unknown>;

const HUMULIN_N_VIAL = {
  coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '311026' }],
  text: 'Humulin N U-100 10 mL vial',
};
const HUMULIN_N_PEN = {
  coding: [
    {
      system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
      code: '1654862',
      display: '3 ML insulin isophane, human 100 UNT/ML Pen Injector',
    },
  ],
  text: 'Humulin N KwikPen',
};
const HUMULIN_R = {
  coding: [{ system: 'http://www.whocc.no/atc', code: 'A10AB01', display: 'insulin (human)' }],
  text: 'Humulin R U-100 (regular insulin)',
};

type Timing = { when?: string[]; timeOfDay?: string[]; frequency?: number };

function repeatOf(t: Timing): Json {
  if (t.frequency !== undefined) return { frequency: t.frequency, period: 1, periodUnit: 'd' };
  return t.when ? { when: t.when } : { timeOfDay: t.timeOfDay };
}

/** The fixture with its basal order made `basal` and its lispro order given at `prandial`. */
async function run(basal: { drug?: Json; timing: Timing }, prandial: { drug?: Json; timing: Timing }) {
  const fixture = ALL_FIXTURES.find((f) => f.id === MAIN)!;
  const list = structuredClone(fixture.resources(NOW)) as unknown as Json[];
  const edit = (id: string, drug: Json | undefined, timing: Timing) => {
    const r = list.find((x) => x.id === id)!;
    if (drug) r.medicationCodeableConcept = drug;
    const d = (r.dosageInstruction as Json[])[0]!;
    delete d.text;
    d.timing = { repeat: repeatOf(timing) };
  };
  edit(`${MAIN}-basal`, basal.drug, basal.timing);
  edit(`${MAIN}-rapid`, prandial.drug, prandial.timing);
  const record = recordFromResources(MAIN, list as unknown as FhirResource[]);
  const facts = computePatientFacts(record, rules.valueSets, {
    now: NOW,
    alcoholGramsPerDrink: 10,
    scope: pump.factScope,
  });
  const cards = await pump.evaluate({ patientId: MAIN, facts, record, now: NOW });
  return { injections: facts.rule.values.get('insulin.injectionsPerDay'), card: cards.length > 0 };
}

describe('injections a day of the regimen: NPH shares a syringe with a bolus, glargine never does', () => {
  test.each([
    [
      'NPH and regular from vials both before breakfast and dinner (split-mixed): 2, no card',
      { drug: HUMULIN_N_VIAL, timing: { when: ['ACM', 'ACV'] } },
      { drug: HUMULIN_R, timing: { when: ['ACM', 'ACV'] } },
      2,
      false,
    ],
    [
      'NPH and regular twice a day, no moments named: 2 to 4, unknown, no card',
      { drug: HUMULIN_N_VIAL, timing: { frequency: 2 } },
      { drug: HUMULIN_R, timing: { frequency: 2 } },
      { low: 2, high: 4 },
      false,
    ],
    [
      'NPH morning and evening, regular at breakfast and dinner (other words for the moments): 2 to 4, no card',
      { drug: HUMULIN_N_VIAL, timing: { when: ['MORN', 'EVE'] } },
      { drug: HUMULIN_R, timing: { when: ['ACM', 'ACV'] } },
      { low: 2, high: 4 },
      false,
    ],
    [
      'NPH at bedtime, lispro at each meal: 4, card',
      { drug: HUMULIN_N_VIAL, timing: { when: ['HS'] } },
      { timing: { when: ['ACM', 'ACD', 'ACV'] } },
      4,
      true,
    ],
    [
      'NPH at 22:00 and lispro at 08:00 and 19:00: 3, card',
      { drug: HUMULIN_N_VIAL, timing: { timeOfDay: ['22:00:00'] } },
      { timing: { timeOfDay: ['08:00:00', '19:00:00'] } },
      3,
      true,
    ],
    [
      'NPH at breakfast and bedtime, lispro at each meal (the breakfast NPH may share its syringe): 4, card',
      { drug: HUMULIN_N_VIAL, timing: { when: ['ACM', 'HS'] } },
      { timing: { when: ['ACM', 'ACD', 'ACV'] } },
      4,
      true,
    ],
    [
      'NPH from a pen before dinner, lispro before breakfast and dinner: pens never mix, 3, card',
      { drug: HUMULIN_N_PEN, timing: { when: ['ACV'] } },
      { timing: { when: ['ACM', 'ACV'] } },
      3,
      true,
    ],
    [
      'NPH from a pen and regular from a vial, both before breakfast and dinner: 4, card',
      { drug: HUMULIN_N_PEN, timing: { when: ['ACM', 'ACV'] } },
      { drug: HUMULIN_R, timing: { when: ['ACM', 'ACV'] } },
      4,
      true,
    ],
    [
      'glargine at bedtime and lispro twice a day: 3, card',
      { timing: { when: ['HS'] } },
      { timing: { when: ['ACM', 'ACV'] } },
      3,
      true,
    ],
    [
      'glargine given at dinner with lispro at breakfast and dinner: still 3 (glargine is never mixed), card',
      { timing: { when: ['ACV'] } },
      { timing: { when: ['ACM', 'ACV'] } },
      3,
      true,
    ],
  ])('%s', async (_name, basal, prandial, injections, card) => {
    const result = await run(basal, prandial);
    expect(result.injections).toEqual(injections);
    expect(result.card).toBe(card);
  });
});
