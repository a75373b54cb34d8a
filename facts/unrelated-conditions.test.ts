import { describe, expect, test } from '@jest/globals';
import { namesOnlyUnrelated } from './unrelated-conditions.js';

describe('problem words that name only common problems no rule reads', () => {
  test.each([
    ['Hypertension artérielle'],
    ['HTA'],
    ['HTA essentielle équilibrée'],
    ['Dyslipidémie'],
    ['SAOS appareillé'],
    ['HTA, dyslipidémie'],
    ['HTA + SAOS'],
    ['HTN and HLD'],
    ['Chronic low back pain'],
    ['Asthme intermittent'],
    ['Tabagisme sevré'],
    ['Essential hypertension'],
  ])('%s names nothing a rule reads', (text) => {
    expect(namesOnlyUnrelated(text)).toBe(true);
  });

  test.each([
    // A word the list does not hold leaves the record unread: it may be anything.
    ['HTA gravidique'],
    ['Obésité morbide'],
    ['Hypertension, cirrhose'],
    ['hypertension pulmonaire'],
    ['Chronic pain syndrome'],
    ['Syndrome de Mauriac'],
    ['Diabète de type 1'],
    ['Insuffisance rénale chronique'],
    ['Insuffisance cardiaque'],
    ['Obesity, class 2'],
    [''],
  ])('%s is not known to be unrelated', (text) => {
    expect(namesOnlyUnrelated(text)).toBe(false);
  });
});
