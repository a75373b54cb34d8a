import { describe, expect, test } from '@jest/globals';
import { normaliseText, ValueSetIndex } from './value-sets.js';
import { ValueSetSchema } from './value-set-schema.js';

describe('normaliseText', () => {
  test.each([
    [
      'folds accents and case, and turns punctuation into spaces',
      'Stéatose hépatique (NAFLD)',
      ' steatose hepatique nafld ',
    ],
    ['drops an English possessive, so a name listed without it matches', "Wilson's disease", ' wilson disease '],
    ['drops a possessive written with a typographic apostrophe', 'Crohn’s disease', ' crohn disease '],
    ["keeps a French elision's word", "Portage chronique de l'AgHBs", ' portage chronique de l aghbs '],
    ['keeps a letter S that is no possessive (sickle haemoglobin)', 'Hb S hétérozygote', ' hb s heterozygote '],
    ["keeps an s'-elision, which comes before its word", "s'il existe une stéatose", ' s il existe une steatose '],
    ['unties the ligatures NFD keeps (œsophagiennes)', 'Varices Œsophagiennes, cœur', ' varices oesophagiennes coeur '],
  ])('%s', (_behaviour, text, folded) => {
    expect(normaliseText(text)).toBe(folded);
  });
});

/** A condition set with the given names, as the rules folder would hold it. */
function conditionSet(id: string, names: string[], notNames?: string[]) {
  return ValueSetSchema.parse({
    id,
    title: id,
    kind: 'condition',
    sources: ['test'],
    concepts: [{ system: 'http://snomed.info/sct', code: `${id.length}0000`, verification: 'V' }],
    names,
    ...(notNames ? { notNames } : {}),
  });
}

describe('matchName with notNames', () => {
  const index = new ValueSetIndex(
    new Map([
      [
        'liver-fat',
        conditionSet('liver-fat', ['stéatose', 'stéatose hépatique'], ['stéatose pancréatique', 'renal steatosis']),
      ],
      ['kidney', conditionSet('kidney', ['renal steatosis'])],
    ]),
  );
  test.each([
    ['a name alone names its set', 'Stéatose', ['liver-fat']],
    ['a notName takes the name inside it, and names no set', 'Stéatose pancréatique', []],
    ['a name elsewhere in the text still counts', 'Stéatose pancréatique ; stéatose hépatique', ['liver-fat']],
    ['a notName another set lists as a name stays that set’s name', 'Renal steatosis', ['kidney']],
  ])('%s', (_behaviour, text, ids) => {
    expect(index.matchName(text)).toEqual(ids);
  });
});
