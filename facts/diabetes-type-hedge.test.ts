import { describe, expect, test } from '@jest/globals';
import { treatedAsType1, typesLeftOpen } from './diabetes-type-hedge.js';

describe('a bare diabetes type left open in a problem text', () => {
  test.each([
    ['Diabète de type 2, à reclasser en type 1 ?'],
    ['Type 2 DM, possibly type 1 - C-peptide pending'],
    ['Diabète de type 2 (type 1 non exclu)'],
    ['Diabète de type 2, diabète de type 1 non exclu'],
    ['Type 2 diabetes mellitus - may be type 1, anti-GAD ordered'],
    // A second review (2026-12-07): hedges before the type, and type 1B.
    ['Type 2 DM, possible type 1'],
    ['Type 2 diabetes, cannot exclude type 1'],
    ['Type 2 DM, question of type 1'],
    ['Type 2 diabetes, consider type 1'],
    ['T2DM, questionable type 1'],
    ['Diabète de type 2 ; discuter type 1'],
    ["Diabète de type 2, hypothèse d'un type 1"],
    ['Type 2 DM, differential includes type 1'],
    ['Diabetes type 2, ketosis-prone (type 1B ?)'],
    ['Type 2 diabetes, type 1 not yet excluded'],
    ['Type 1 diabetes (LADA?)'],
  ])('%s leaves type 1 open', (text) => {
    expect(typesLeftOpen(text)).toContain('t1d');
  });
});

// A review (2026-12-07, night): treated as type 1 without naming it the diagnosis; a review of the
// change: not the regimen, the past, or a type 1 already named.
describe('a diabetes treated as a type 1 in words', () => {
  test.each<[string, boolean]>([
    ['Reclassified as insulin-deficient diabetes; treat as type 1.', true],
    ['C-peptide undetectable; insulin-deficient, manage as T1', true],
    ['Diabète de type 2 insulinopénique, à prendre en charge comme un type 1', true],
    ['Diabète de type 2 insulinorequérant, traité comme un type 1 (schéma basal-bolus)', false],
    ['Type 2 DM, initially treated as type 1 at diagnosis; GAD negative', false],
    ['Type 2 diabetes managed as T1 regimen (MDI)', false],
    ['Latent autoimmune diabetes mellitus in adults (LADA), managed as type 1', false],
  ])('%s: %s', (text, treated) => {
    expect(treatedAsType1(text)).toBe(treated);
  });

  test.each([
    ['Type 2 diabetes mellitus'],
    ['Diabète de type 2 insulinorequérant'],
    ['Diabète de type 2 (DT1 exclu)'],
    ['T2DM, not type 1'],
    ['DT2 (DT1 ? non, anti-GAD négatifs)'],
    ['Type 2 diabetes; type 1? no'],
    ['Type 2 diabetes with hyperglycemia, on insulin, may be candidate for pump'],
    ['Diabetes mellitus type 2, 10 years'],
    ['DT2 depuis 2010, traité par insuline type basal bolus, patient peut être candidat pompe'],
  ])('%s leaves no type 1 open', (text) => {
    expect(typesLeftOpen(text)).not.toContain('t1d');
  });
});

// An islet antibody found positive, as a regression review (2026-12-07, night) found it written.
describe('an islet antibody found positive, in other words', () => {
  test.each([
    ['GAD65 antibodies elevated at 48 U/mL'],
    ['Ac anti-GAD +'],
    ["Présence d'anticorps anti-GAD et anti-IA2"],
    ['GAD65 Ab 48.0 U/mL (H)'],
    ['Islet antibodies detected'],
    ['GAD65+ (48 U/mL)'],
    ['GAD+ / IA2-'],
  ])('%s leaves type 1 open', (text) => {
    expect(typesLeftOpen(text)).toContain('t1d');
  });

  test.each([
    ['GAD65 Ab < 5 U/mL'],
    ['Ac anti-GAD négatifs'],
    ['GAD65 antibody negative (H. pylori serology positive)'],
    ['Anti-GAD + anti-IA2 requested'],
    ['GAD neg, glucose 300 (H)'],
  ])('%s leaves no type 1 open', (text) => {
    expect(typesLeftOpen(text)).not.toContain('t1d');
  });
});
