import { describe, expect, test } from '@jest/globals';
import { normaliseText } from './value-sets.js';

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
  ])('%s', (_behaviour, text, folded) => {
    expect(normaliseText(text)).toBe(folded);
  });
});
