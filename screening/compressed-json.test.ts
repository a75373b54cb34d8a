import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { CompressedJson } from './compressed-json.js';
import type { BlockSpill } from './spill/block-spill.js';

/*
 * CompressedJson's flags by block (UTF-8 or Latin-1; spilled or not) must follow its block count
 * however far it grows: a typed array silently drops writes past its end, and a block beyond the
 * flags' length was once decoded as Latin-1 (garbling "≥") or taken for one never spilled.
 */

/** A resource of about one block (48 KiB of JSON), its text beyond Latin-1 on every other one. */
function big(i: number): FhirResource {
  const mark = i % 2 === 0 ? `≥ ${i} 😀` : `é ${i}`;
  return { resourceType: 'Basic', id: `b${i}`, code: { text: `${mark} ${'x'.repeat(50_000)}` } };
}

function spillInMemory(): BlockSpill {
  const kept = new Map<number, Uint8Array>();
  return {
    write: (blocks) => (blocks.forEach((b) => kept.set(b.block, Uint8Array.from(b.bytes))), Promise.resolve()),
    read: (ids) => Promise.resolve(new Map(ids.map((b) => [b, kept.get(b)!]))),
    drop: () => (kept.clear(), Promise.resolve()),
  };
}

describe('past 1,024 blocks (about 50 MB of JSON)', () => {
  const COUNT = 1100;

  test.each([
    ['all in memory', undefined],
    ['every block spilled (a budget of 0)', { spill: spillInMemory(), budgetBytes: 0 }],
  ])('%s: every resource comes back as it went in, text beyond Latin-1 included', async (_name, policy) => {
    const json = new CompressedJson(policy);
    const slots: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const slot = json.put(big(i));
      json.ref(slot);
      slots.push(slot);
      if (json.spillDue) await json.flush();
    }
    json.endPutting();
    if (policy) expect(json.spilledBlocks).toBeGreaterThan(1024);
    await json.restore(slots);
    for (let i = 0; i < COUNT; i++) expect(json.get(slots[i]!)).toEqual(big(i));
  });
});
