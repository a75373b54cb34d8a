import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { mergedTemplates } from '../pipeline/merged-templates.js';
import { populationPatients } from '../sandbox/patients/population.js';
import { seededRandom } from '../sandbox/patients/seeded-random.js';
import { loadServices } from '../services/load-services.js';
import { PopulationRecords, patientOf } from './population-records.js';
import { RecordView, sortDate } from './record-view.js';
import { screeningServices } from './screen-population.js';

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

function check(resources: readonly FhirResource[]) {
  const records = new PopulationRecords(view);
  const byPatient = new Map<string, FhirResource[]>();
  for (const r of resources) {
    records.add(r);
    const id = patientOf(r);
    if (id) byPatient.set(id, [...(byPatient.get(id) ?? []), r]);
  }
  expect(records.patientIds()).toEqual([...byPatient.keys()]);
  for (const [id, own] of byPatient) {
    expect(records.consentsOf(id)).toEqual(own.filter((r) => r.resourceType === 'Consent'));
    expect(plain(records.take(id))).toEqual(plain(expectedRecord(id, own)));
  }
  expect(records.patientCount).toBe(0);
}

describe('PopulationRecords gives back the record view of each patient', () => {
  const population = [...populationPatients(400, TODAY)];

  test('files by type, each in patient order (as servers write them)', () => {
    const types = [...new Set(population.flatMap((p) => p.resources.map((r) => r.resourceType)))];
    check(types.flatMap((t) => population.flatMap((p) => p.resources.filter((r) => r.resourceType === t))));
  });

  test('every resource in a random order (blocks decompressed again and again)', () => {
    const random = seededRandom(42);
    const shuffled = population.flatMap((p) => p.resources);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    check(shuffled);
  });

  test('twelve HbA1c of one date and text beyond Latin-1 (≥, 😀): the first ten kept, the text intact', () => {
    const hba1c = (i: number): FhirResource => ({
      resourceType: 'Observation',
      id: `w-hba1c-${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }], text: `HbA1c ≥ ${i} 😀` },
      subject: { reference: 'Patient/w' },
      effectiveDateTime: '2026-10-01',
      valueQuantity: { value: 7 + i / 10, unit: '%' },
    });
    check([
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
