import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { ReadConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

const concept = (codings: ReadConcept['codings'], text?: string): ReadConcept => ({
  codings,
  ...(text !== undefined ? { text } : {}),
  malformed: false,
});

// classifyConcept keeps its answers across calls (concept-class.ts): a concept seen before must
// still be classified by its own codes and words, never by a neighbour's.
describe('classifyConcept memoised', () => {
  test.each([
    {
      name: 'a text that spells a coded concept is still only words',
      first: concept([{ system: ICD10, code: 'E11.9', display: '' }]),
      second: concept([], `${ICD10}E11.9`),
    },
    {
      name: 'a text spelling the old key separators is still only words',
      first: concept([{ system: ICD10, code: 'E11.9' }]),
      second: concept([], `\u0001${ICD10}\u0002E11.9\u0002`),
    },
    {
      name: 'the same code under another system is another concept',
      first: concept([{ system: ICD10, code: 'E11.9' }]),
      second: concept([{ system: 'http://example.org/local', code: 'E11.9' }]),
    },
  ])('$name', ({ first, second }) => {
    const a = classifyConcept(valueSets, first, 'condition', 'always');
    expect(a.byCode).toEqual(['t2d']);
    const b = classifyConcept(valueSets, second, 'condition', 'always');
    expect(b.byCode).toEqual([]);
  });

  test('the kind and the use of names are part of what is kept', () => {
    const words = concept([], 'Type 2 diabetes mellitus');
    expect(classifyConcept(valueSets, words, 'condition', 'always').ids).toEqual(['t2d']);
    expect(classifyConcept(valueSets, words, 'condition', 'never').ids).toEqual([]);
    expect(classifyConcept(valueSets, words, 'medication', 'always').ids).toEqual([]);
  });

  test('a second call gives the same answer as the first', () => {
    const c = concept([{ system: ICD10, code: 'K76.0', display: 'Fatty liver' }], 'NAFLD');
    const first = classifyConcept(valueSets, c, 'condition', 'always');
    expect(classifyConcept(valueSets, { ...c, codings: [...c.codings] }, 'condition', 'always')).toEqual(first);
    expect(first.ids).toContain('steatosis');
  });
});

// A bariatric operation is a past or planned event (value set flag pastOrPlanned): words that put
// a diagnosis in the past or the future still name it; a denial or someone else's history does not.
describe('bariatric surgery named in a problem-list text', () => {
  test.each<[string, string, boolean]>([
    ['status post', 'S/P Roux-en-Y gastric bypass (2016)', true],
    ['history of', 'History of gastric bypass', true],
    ['French antécédent', 'ATCD de sleeve gastrectomie (2019)', true],
    ['a band in place', 'Lap band in place', true],
    ['a planned operation', 'Candidate for bariatric surgery, evaluation in progress', true],
    ['French project', 'Projet de chirurgie bariatrique', true],
    ['denied', 'No history of bariatric surgery', false],
    ['French denial', "Pas d'antécédent de chirurgie bariatrique", false],
    ["someone else's", 'Family history: mother had gastric bypass', false],
    ['a past diagnosis of another set stays out', 'History of type 2 diabetes', false],
  ])('%s: "%s"', (_name, text, named) => {
    const c = classifyConcept(
      valueSets,
      concept([{ system: 'http://example.org/local', code: 'X1' }], text),
      'condition',
      'fallback',
    );
    expect(c.ids.includes('bariatric-surgery-status')).toBe(named);
    if (text.startsWith('History of type 2')) expect(c.ids).not.toContain('t2d');
  });
});
