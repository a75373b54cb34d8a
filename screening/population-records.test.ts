import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { mergedTemplates } from '../pipeline/merged-templates.js';
import { populationPatients } from '../sandbox/patients/population.js';
import { seededRandom } from '../sandbox/patients/seeded-random.js';
import { loadServices } from '../services/load-services.js';
import type { SpillPolicy } from './compressed-json.js';
import { PopulationRecords, patientOf } from './population-records.js';
import { RecordView, sortDate } from './record-view.js';
import { screeningServices } from './screen-population.js';
import type { BlockSpill } from './spill/block-spill.js';
import { expectEqual } from '../test/support/expect-equal.js';

/*
 * PopulationRecords keeps what it reads as compressed JSON (compressed-json.ts) to hold 100,000
 * patients in little memory. The records it gives back must be those the record view makes of
 * each patient's resources, resource for resource and in the same order, whatever the order the
 * files come in, and with characters beyond Latin-1.
 */

const TODAY = new Date(Date.UTC(2026, 10, 22));
const { services } = screeningServices(loadServices('rules', {}).services);
const view = new RecordView(mergedTemplates(services));

/** What the record view makes of one patient's resources, in the order read: the plain way. */
function expectedRecord(patientId: string, resources: readonly FhirResource[]) {
  const byQuery = new Map<string, FhirResource[]>();
  const cut = new Set<string>();
  for (const r of resources) {
    if (r.resourceType === 'Consent') continue;
    for (const q of view.queriesOf(r)) {
      const list = byQuery.get(q.key) ?? [];
      byQuery.set(q.key, list);
      if (q.newest === undefined) list.push(r);
      else {
        let i = list.length;
        while (i > 0 && sortDate(list[i - 1]!) < sortDate(r)) i--;
        list.splice(i, 0, r);
        if (list.length > q.newest) {
          list.pop();
          cut.add(r.resourceType);
        }
      }
    }
  }
  const seen = new Set<string>();
  const kept = [...byQuery.values()].flat().filter((r) => {
    const key = `${r.resourceType}/${r.id ?? ''}`;
    if (r.id && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return recordFromResources(patientId, kept, cut);
}

/** A record as comparable data (its Maps and Sets as arrays). */
function plain(record: ReturnType<typeof expectedRecord>) {
  return JSON.parse(
    JSON.stringify(record, (_k, v: unknown) =>
      v instanceof Map ? [...v.entries()] : v instanceof Set ? [...(v as Set<unknown>)] : v,
    ),
  ) as unknown;
}

/** A spill kept in a Map, counting its calls: the store's SQL spill is tested on both databases. */
function mapSpill() {
  const blocks = new Map<number, Uint8Array>();
  const calls = { write: 0, read: 0, drop: 0 };
  const spill: BlockSpill = {
    write: (list) => {
      calls.write++;
      for (const b of list) blocks.set(b.block, Uint8Array.from(b.bytes));
      return Promise.resolve();
    },
    read: (ids) => {
      calls.read++;
      return Promise.resolve(new Map(ids.filter((b) => blocks.has(b)).map((b) => [b, blocks.get(b)!])));
    },
    drop: () => {
      calls.drop++;
      blocks.clear();
      return Promise.resolve();
    },
  };
  return { spill, blocks, calls };
}

/** Reads `resources` as the screening run does (flushing when due), then takes every record in batches. */
async function check(resources: readonly FhirResource[], policy?: SpillPolicy, batch = 7) {
  const records = new PopulationRecords(view, policy);
  const byPatient = new Map<string, FhirResource[]>();
  for (const r of resources) {
    records.add(r);
    if (records.spillDue) await records.flush();
    const id = patientOf(r);
    if (id) byPatient.set(id, [...(byPatient.get(id) ?? []), r]);
  }
  expect(records.patientIds()).toEqual([...byPatient.keys()]);
  const ids = [...byPatient.keys()];
  for (let at = 0; at < ids.length; at += batch) {
    await records.prepare(ids.slice(at, at + batch));
    for (const id of ids.slice(at, at + batch)) {
      const own = byPatient.get(id)!;
      expectEqual(
        records.consentsOf(id),
        own.filter((r) => r.resourceType === 'Consent'),
      );
      expectEqual(plain(records.take(id)), plain(expectedRecord(id, own)));
    }
    records.release();
  }
  expect(records.patientCount).toBe(0);
  return records;
}

describe('PopulationRecords gives back the record view of each patient', () => {
  const population = [...populationPatients(400, TODAY)];

  const byType = () => {
    const types = [...new Set(population.flatMap((p) => p.resources.map((r) => r.resourceType)))];
    return types.flatMap((t) => population.flatMap((p) => p.resources.filter((r) => r.resourceType === t)));
  };
  const shuffled = () => {
    const random = seededRandom(42);
    const all = population.flatMap((p) => p.resources);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return all;
  };

  test('files by type, each in patient order (as servers write them)', async () => {
    await check(byType());
  });

  test('every resource in a random order (blocks decompressed again and again)', async () => {
    await check(shuffled());
  });

  test.each([
    ['files by type', byType],
    ['a random order', shuffled],
  ])(
    'past a memory budget, %s: the oldest blocks go to the spill, come back for their patients, and the records are the same',
    async (_order, resources) => {
      const { spill, blocks, calls } = mapSpill();
      const budgetBytes = 16 * 1024;
      const records = await check(resources(), { spill, budgetBytes });
      expect(records.spilledBlocks).toBeGreaterThan(5);
      expect(blocks.size).toBe(records.spilledBlocks);
      expect(calls.write).toBeGreaterThan(1);
      expect(calls.read).toBeGreaterThan(1);
      await records.close();
      expect(calls.drop).toBe(1);
      expect(blocks.size).toBe(0);
    },
  );

  test('a memory budget of 0 spills every sealed block, and the records are still the same', async () => {
    const { spill } = mapSpill();
    const records = await check(byType(), { spill, budgetBytes: 0 }, 50);
    expect(records.spilledBlocks).toBeGreaterThan(10);
  });

  test('twelve HbA1c of one date and text beyond Latin-1 (≥, 😀): the first ten kept, the text intact', async () => {
    const hba1c = (i: number): FhirResource => ({
      resourceType: 'Observation',
      id: `w-hba1c-${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: `HbA1c ≥ ${i} 😀` },
      subject: { reference: 'Patient/w' },
      effectiveDateTime: '2026-10-01',
      valueQuantity: { value: 7 + i / 10, unit: '%' },
    });
    await check([
      { resourceType: 'Patient', id: 'w', name: [{ family: 'Żółć ≠ Müller' }] },
      ...Array.from({ length: 12 }, (_, i) => hba1c(i)),
    ]);
  });
});

test('a record is taken once every file is read: adding after a take is refused', () => {
  const records = new PopulationRecords(view);
  records.add({ resourceType: 'Patient', id: 'a' });
  records.take('a');
  expect(() => records.add({ resourceType: 'Patient', id: 'b' })).toThrow(/once every file is read/);
});

test('a spilled record taken without being prepared is refused, never read as empty', async () => {
  const { spill } = mapSpill();
  const records = new PopulationRecords(view, { spill, budgetBytes: 0 });
  for (const p of populationPatients(60, TODAY)) for (const r of p.resources) records.add(r);
  await records.flush();
  expect(records.spilledBlocks).toBeGreaterThan(0);
  expect(() => {
    for (const id of records.patientIds()) records.take(id);
  }).toThrow(/spilled/);
});

test('a spill that loses a block fails the read loudly', async () => {
  const { spill, blocks } = mapSpill();
  const records = new PopulationRecords(view, { spill, budgetBytes: 0 });
  for (const p of populationPatients(60, TODAY)) for (const r of p.resources) records.add(r);
  await records.flush();
  blocks.clear();
  await expect(records.prepare(records.patientIds())).rejects.toThrow(/missing from the spill/);
});
