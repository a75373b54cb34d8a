import { describe, expect, test } from '@jest/globals';
import { saysPatientDied } from './death-elsewhere.js';

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
