import { describe, expect, test } from '@jest/globals';
import { summaryDrugName } from './drug-name.js';

describe('the drug name a summary quotes', () => {
  test.each([
    ['VICTOZA 6 mg/ml, solution injectable en stylo prérempli', 'VICTOZA 6 mg/ml'],
    ['Ozempic 0.25 mg pen (semaglutide)', 'Ozempic 0.25 mg pen'],
    // A French decimal comma is part of the strength, not the end of the name (a review, 2026-12-07).
    ['OZEMPIC 0,25 mg, solution injectable en stylo prérempli', 'OZEMPIC 0,25 mg'],
    ['TRULICITY 1,5 mg, solution injectable en stylo prérempli', 'TRULICITY 1,5 mg'],
    ['glimepiride 2 MG Oral Tablet', 'glimepiride 2 MG Oral Tablet'],
    [
      'semaglutide 0.25 MG or 0.5 MG per DOSE Pen Injector for subcutaneous use',
      'semaglutide 0.25 MG or 0.5 MG per DOSE…',
    ],
  ])('%s → %s', (label, name) => {
    expect(summaryDrugName(label)).toBe(name);
  });
});
