import { describe, expect, test } from '@jest/globals';
import type { Consent } from 'fhir/r4.js';
import { OptOutListError, parseOptOutList, refusesResearch } from './research-opt-out.js';

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
    [
      'a base permit with a nested denial of the research purpose',
      consent({
        scope: { coding: [{ system: SCOPE, code: 'patient-privacy' }] },
        provision: {
          type: 'permit',
          provision: [
            {
              type: 'deny',
              purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HRESCH' }],
            },
          ],
        },
      }),
      true,
    ],
    [
      'a privacy denial whose purpose is clinical trial research',
      consent({
        scope: { coding: [{ system: SCOPE, code: 'patient-privacy' }] },
        provision: {
          type: 'deny',
          purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'CLINTRCH' }],
        },
      }),
      true,
    ],
    [
      'research said only in words, denied',
      consent({ scope: { text: 'Refus de participation à la recherche' }, category: [] }),
      true,
    ],
    [
      'a nested research denial that ended',
      consent({
        provision: {
          type: 'permit',
          provision: [
            {
              type: 'deny',
              period: { end: '2025-06-01' },
              purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HRESCH' }],
            },
          ],
        },
      }),
      false,
    ],
  ] as [string, Consent, boolean][])('%s → %s', (_name, c, expected) => {
    expect(refusesResearch(c, NOW)).toBe(expected);
  });

  test('the site list takes ids and references, and skips comments', () => {
    expect([...parseOptOutList('# opted out\nPatient/a\n\n b \r\n#c\n')]).toEqual(['a', 'b']);
  });

  test('the site list reads absolute and versioned references, CSV rows, trailing comments and a BOM', () => {
    const text = [
      '\uFEFFhttps://ehr.example/fhir/Patient/o-abs',
      'o-comment   # asked 2026-01-04',
      'o-csv,2026-01-04',
      'Patient/o-hist/_history/2',
    ].join('\n');
    expect([...parseOptOutList(text)]).toEqual(['o-abs', 'o-comment', 'o-csv', 'o-hist']);
  });

  test.each([['Jean Dupont née le 01/02/1960'], ['Patient/'], ['<patient id="3"/>']])(
    'a line that names no patient is refused with its number: %s',
    (line) => {
      expect(() => parseOptOutList(`ok-1\n${line}\n`)).toThrow(OptOutListError);
      expect(() => parseOptOutList(`ok-1\n${line}\n`)).toThrow(/line 2/);
    },
  );
});
