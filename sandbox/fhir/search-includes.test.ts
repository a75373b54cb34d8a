import { beforeAll, describe, expect, test } from '@jest/globals';
import type { Bundle } from '@medplum/fhirtypes';
import { indexFhirDefinitions } from './definitions.js';
import { appendIncluded, type IncludeSource } from './search-includes.js';

const BASE = 'http://127.0.0.1:1/fhir';

/** A store of `count` Medications that records every lookup made in it. */
function countingStore(count: number): IncludeSource & { lookups: string[] } {
  const lookups: string[] = [];
  return {
    lookups,
    find(type, id) {
      lookups.push(`${type}/${id}`);
      const n = Number(id.replace('m', ''));
      return type === 'Medication' && n < count ? { resourceType: 'Medication', id } : undefined;
    },
  };
}

function page(references: readonly string[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: references.length,
    entry: references.map((reference, i) => ({
      fullUrl: `${BASE}/MedicationRequest/o${i}`,
      resource: {
        resourceType: 'MedicationRequest',
        id: `o${i}`,
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/p' },
        medicationReference: { reference },
      },
      search: { mode: 'match' },
    })),
  };
}

const INCLUDE = [{ resourceType: 'MedicationRequest', searchParam: 'medication' }];

beforeAll(() => indexFhirDefinitions());

describe('appendIncluded looks references up by id', () => {
  test('a page costs one lookup per distinct reference, however large the store', () => {
    const store = countingStore(100_000);
    const result = appendIncluded(page(['Medication/m1', 'Medication/m2', 'Medication/m1']), INCLUDE, store, BASE);
    expect(store.lookups).toEqual(['Medication/m1', 'Medication/m2']);
    expect(result.entry?.slice(3).map((e) => [e.fullUrl, e.search?.mode])).toEqual([
      [`${BASE}/Medication/m1`, 'include'],
      [`${BASE}/Medication/m2`, 'include'],
    ]);
    expect(result.total).toBe(3);
  });

  test.each([
    ['a contained reference', '#m1'],
    ['a urn:uuid reference', 'urn:uuid:3b1f0c1e-1111-4111-8111-111111111111'],
    ["another server's URL", 'https://elsewhere.example/fhir/Medication/m1'],
  ])('%s is not looked up', (_name, reference) => {
    const store = countingStore(10);
    const bundle = page([reference]);
    expect(appendIncluded(bundle, INCLUDE, store, BASE)).toEqual(bundle);
    expect(store.lookups).toEqual([]);
  });

  test('a versioned reference resolves only to the current version', () => {
    const store: IncludeSource = {
      find: (_type, id) => ({ resourceType: 'Medication', id, meta: { versionId: '2' } }),
    };
    const included = (reference: string) =>
      appendIncluded(page([reference]), INCLUDE, store, BASE).entry?.filter((e) => e.search?.mode === 'include');
    expect(included('Medication/m1/_history/2')).toHaveLength(1);
    expect(included('Medication/m1/_history/1')).toHaveLength(0);
  });
});
