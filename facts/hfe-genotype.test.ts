import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';
import { listFactNames } from './fact-names.js';
import { hfeInWords } from './hfe-genotype.js';

// HFE genotype results, which a review found leaving the NCT04270656 haemochromatosis exclusion
// ruled out (2026-12-07).
const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const trial = loadTrialCatalogue(join(DEFAULT_RULES_DIR, 'trials'), listFactNames(valueSets)).trials.find(
  (t) => t.trial.id === 'NCT04270656',
)!;
type Res = Record<string, unknown>;
const LOINC = 'http://loinc.org';
const LOCAL = 'http://chu-exemple.fr/fhir/CodeSystem/labo';
const patient: Res = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1965-01-01' };

function genotype(value: string, code: Res, extra: Res = {}): Res {
  return {
    resourceType: 'Observation',
    id: 'hfe',
    status: 'final',
    code,
    effectiveDateTime: '2026-10-15',
    valueString: value,
    ...extra,
  };
}
const loincHfe = {
  coding: [{ system: LOINC, code: '21695-8', display: 'HFE gene mutations tested for in Blood or Tissue' }],
  text: 'HFE genotyping',
};
const frHfe = { coding: [{ system: LOCAL, code: 'HFE' }], text: 'Génotypage HFE' };
const note = { coding: [{ system: LOCAL, code: 'NOTE' }], text: 'Commentaire' };

/** An HFE panel whose components each give a variant and its zygosity. */
function panel(components: readonly [string, string][]): Res {
  return {
    resourceType: 'Observation',
    id: 'hfe-panel',
    status: 'final',
    code: { text: 'HFE gene analysis' },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2024-03-01',
    component: components.map(([name, value]) => ({ code: { text: name }, valueString: value })),
  };
}

function status(resources: readonly Res[]): string {
  const record = recordFromResources('p1', resources as unknown as FhirResource[]);
  const facts = computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 }).rule;
  return trial.criteria.find((c) => c.criterion.id === 'hemochromatosis')!.status(facts);
}

describe('the haemochromatosis exclusion reads an HFE genotype result', () => {
  test.each<[string, Res[], string]>([
    ['no genotype on file', [], 'not-met'],
    ['C282Y homozygous under an HFE code', [genotype('C282Y homozygous (C282Y/C282Y)', loincHfe)], 'met'],
    ['"Homozygotie C282Y" under a local Génotypage HFE', [genotype('Homozygotie C282Y', frHfe)], 'met'],
    ['p.Cys282Tyr homozygous', [genotype('p.Cys282Tyr homozygote', frHfe)], 'met'],
    ['a compound heterozygote is to confirm', [genotype('C282Y/H63D', loincHfe)], 'unknown'],
    ['"hétérozygotie composite" is to confirm', [genotype('Hétérozygotie composite C282Y/H63D', frHfe)], 'unknown'],
    ['an H63D homozygote is to confirm', [genotype('H63D homozygous', loincHfe)], 'unknown'],
    ['a C282Y carrier changes nothing', [genotype('C282Y heterozygous', loincHfe)], 'not-met'],
    ['no mutation changes nothing', [genotype('Absence de mutation C282Y et H63D', frHfe)], 'not-met'],
    ['"no homozygosity" is not read as one', [genotype("Pas d'homozygotie C282Y", frHfe)], 'unknown'],
    ['a variant with no zygosity is to confirm', [genotype('Mutation C282Y présente', frHfe)], 'unknown'],
    ["a relative's genotype is to confirm", [genotype('Père homozygote C282Y', frHfe)], 'unknown'],
    ['C282Y words outside an HFE test are to confirm', [genotype('C282Y/C282Y', note)], 'unknown'],
    [
      'a preliminary homozygous result is to confirm',
      [genotype('C282Y/C282Y', loincHfe, { status: 'preliminary' })],
      'unknown',
    ],
    ['entered in error is no result', [genotype('C282Y/C282Y', loincHfe, { status: 'entered-in-error' })], 'not-met'],
    [
      'results that disagree are to confirm',
      [genotype('C282Y/C282Y', loincHfe), { ...genotype('C282Y hétérozygote', frHfe), id: 'hfe2' }],
      'unknown',
    ],
    ['a ferritin result says nothing', [genotype('1450 ng/mL', { text: 'Ferritine' })], 'not-met'],
    // A panel giving each variant as a component (the regression review, 2026-12-07, night).
    [
      'a C282Y homozygous component',
      [
        panel([
          ['HFE C282Y', 'Homozygous'],
          ['HFE H63D', 'Not detected'],
        ]),
      ],
      'met',
    ],
    [
      'components of a compound heterozygote',
      [
        panel([
          ['HFE C282Y', 'Heterozygous'],
          ['HFE H63D', 'Heterozygous'],
        ]),
      ],
      'unknown',
    ],
    [
      'components of a carrier',
      [
        panel([
          ['HFE C282Y', 'Heterozygous'],
          ['HFE H63D', 'Not detected'],
        ]),
      ],
      'not-met',
    ],
  ])('%s', (_name, resources, expected) => {
    expect(status([patient, ...resources])).toBe(expected);
  });

  test.each<[string, string, ReturnType<typeof hfeInWords>]>([
    ['C282Y/C282Y', 'HFE', 'c282y homozygous'],
    ['c.845G>A homozygote', 'Génotypage HFE', 'c282y homozygous'],
    ['C282Y/wt', 'HFE', 'not homozygous'],
    ['Négatif', 'HFE genotype', 'not homozygous'],
    ['voir compte rendu', 'HFE genotype', 'doubtful'],
    ['Positive', 'HBsAg', 'unrelated'],
    // A review of genotype reports (2026-12-07): the H63D line most reports add says nothing of C282Y.
    ['Homozygotie C282Y (p.Cys282Tyr/p.Cys282Tyr). Absence de mutation H63D.', 'Génotypage HFE', 'c282y homozygous'],
    ['C282Y: homozygous (C282Y/C282Y). H63D: not detected.', 'HFE genotype', 'c282y homozygous'],
    ['C282Y: heterozygous. H63D: heterozygous.', 'HFE genotype', 'doubtful'],
    ['C282Y: heterozygous. H63D: not detected.', 'HFE genotype', 'not homozygous'],
    // The regression review that night: the third variant a panel lists says nothing of C282Y.
    ['C282Y: homozygous. H63D: not detected. S65C: not detected.', 'HFE genotype', 'c282y homozygous'],
  ])('"%s" under "%s" reads %s', (value, name, expected) => {
    expect(hfeInWords(value, name)).toBe(expected);
  });
});
