import { describe, expect, test } from '@jest/globals';
import type { Consent } from 'fhir/r4.js';
import { parseOptOutList, refusesResearch } from './research-opt-out.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';

function consent(over: Partial<Consent>): Consent {
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: SCOPE, code: 'research' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '57016-8' }] }],
    provision: { type: 'deny' },
    ...over,
  };
}

describe('a research opt-out', () => {
  test.each([
    ['an active research denial', consent({}), true],
    ['a denial ended last year', consent({ provision: { type: 'deny', period: { end: '2025-01-01' } } }), false],
    ['a denial ending next year', consent({ provision: { type: 'deny', period: { end: '2027-12-31' } } }), true],
    ['a research permit', consent({ provision: { type: 'permit' } }), false],
    ['an inactive denial', consent({ status: 'inactive' }), false],
    ['a proposed denial', consent({ status: 'proposed' }), false],
    ['a treatment-scope denial', consent({ scope: { coding: [{ system: SCOPE, code: 'treatment' }] } }), false],
    [
      'research said in the category',
      consent({
        scope: { coding: [{ system: SCOPE, code: 'patient-privacy' }] },
        category: [
          { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentcategorycodes', code: 'research' }] },
        ],
      }),
      true,
    ],
    ['no provision', consent({ provision: undefined }), false],
  ] as [string, Consent, boolean][])('%s → %s', (_name, c, expected) => {
    expect(refusesResearch(c, NOW)).toBe(expected);
  });

  test('the site list takes ids and references, and skips comments', () => {
    expect([...parseOptOutList('# opted out\nPatient/a\n\n b \r\n#c\n')]).toEqual(['a', 'b']);
  });
});
