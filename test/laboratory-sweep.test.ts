import { describe, expect, test } from '@jest/globals';
import { LABORATORY_SWEEP } from '../fhir/observation-sweeps.js';
import { loadPatientRecord } from '../fhir/record-loader.js';

/*
 * The laboratory sweep (fhir/observation-sweeps.ts) only adds results the searches by code cannot
 * find. Its page is nearly always cut, sometimes in no date order: that cut must not make the
 * latest of every result unknown, as a cut search by code does.
 */

const HBA1C_SEARCH = 'Observation?patient={{context.patientId}}&code=http://loinc.org|4548-4&_sort=-date&_count=10';

const result = (id: string, date: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: date,
});

/** A page with a next link, its results out of date order (an EHR that ignores `_sort`). */
const cutPage = {
  resourceType: 'Bundle',
  type: 'searchset',
  link: [{ relation: 'next', url: 'http://ehr.example/fhir/Observation?page=2' }],
  entry: [result('a', '2026-09-01'), result('b', '2026-11-01')].map((resource) => ({ resource })),
};
const wholeList = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: result('c', '2026-10-01') }] };

async function load(templates: Record<string, string>, prefetch: Record<string, unknown>) {
  const { record, stats } = await loadPatientRecord({
    patientId: 'p1',
    templates,
    context: { patientId: 'p1' },
    prefetch,
  });
  return { truncated: [...record.truncated], ids: (record.resources.get('Observation') ?? []).map((r) => r.id), stats };
}

describe('a cut page of the laboratory sweep', () => {
  test('adds its results and leaves the Observation lists whole', async () => {
    const got = await load(
      { hba1c: HBA1C_SEARCH, laboratory: LABORATORY_SWEEP },
      { hba1c: wholeList, laboratory: cutPage },
    );
    expect(got.ids.sort()).toEqual(['a', 'b', 'c']);
    expect(got.truncated).toEqual([]);
    expect(got.stats.truncatedKeys).toEqual([]);
  });

  test('control: the same page cut from a search by code marks Observation truncated', async () => {
    const got = await load({ hba1c: HBA1C_SEARCH }, { hba1c: cutPage });
    expect(got.truncated).toEqual(['Observation']);
    expect(got.stats.truncatedKeys).toEqual(['hba1c']);
  });
});

describe('a result both in a search by code and in the laboratory sweep', () => {
  const coded = { ...result('a1c', '2026-11-01'), note: [{ text: 'Result withdrawn: wrong patient' }] };
  const thin = result('a1c', '2026-11-01');
  const page = (r: object) => ({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: r }] });

  test.each([
    ['the sweep read last', { hba1c: HBA1C_SEARCH, laboratory: LABORATORY_SWEEP }],
    ['the sweep read first', { laboratory: LABORATORY_SWEEP, hba1c: HBA1C_SEARCH }],
  ])("keeps the search by code's copy, %s", async (_order, templates) => {
    const { record } = await loadPatientRecord({
      patientId: 'p1',
      templates,
      context: { patientId: 'p1' },
      prefetch: { hba1c: page(coded), laboratory: page(thin) },
    });
    expect(record.resources.get('Observation')).toEqual([coded]);
  });
});

describe('two versions of one result, from two keys or one', () => {
  const version = (v: string, status: string) => ({ ...result('a1c', '2026-11-01'), status, meta: { versionId: v } });
  const page = (...rs: object[]) => ({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: rs.map((resource) => ({ resource })),
  });

  test.each([
    [
      'the newer in the sweep, the older by code',
      { hba1c: page(version('2', 'final')), laboratory: page(version('3', 'entered-in-error')) },
      '3',
    ],
    [
      'the newer by code, the older in the sweep',
      { hba1c: page(version('3', 'entered-in-error')), laboratory: page(version('2', 'final')) },
      '3',
    ],
    [
      'both in one key, the older last',
      { hba1c: page(version('2', 'final'), version('1', 'entered-in-error')), laboratory: page() },
      '2',
    ],
  ])('keeps the newer version: %s', async (_name, prefetch, kept) => {
    const { record } = await loadPatientRecord({
      patientId: 'p1',
      templates: { hba1c: HBA1C_SEARCH, laboratory: LABORATORY_SWEEP },
      context: { patientId: 'p1' },
      prefetch,
    });
    expect(record.resources.get('Observation')?.map((r) => r.meta?.versionId)).toEqual([kept]);
  });
});
