import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as evaluateMain } from '../bin/evaluate.js';
import { ALL_FIXTURES, fixtureBundle } from '../sandbox/patients/index.js';

/*
 * `npm run evaluate -- --bundle` on a file written the way exports and interface engines write
 * them: entries that point at one another by fullUrl, and a searchset that is only a page of the
 * record. The patient gets both cards from the whole record.
 */
const FIXTURE = ALL_FIXTURES.find((f) => f.id === 'pump-positive-main')!;
const NOW = new Date('2026-12-07T12:00:00Z');
const TODAY = new Date('2026-12-07T00:00:00Z');

/** The pump card's summary, or null, for a Bundle written to a file. */
async function pumpCard(bundle: Record<string, unknown>): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'evaluate-bundle-'));
  try {
    const file = join(dir, 'record.json');
    writeFileSync(file, JSON.stringify(bundle));
    const out: string[] = [];
    const code = await evaluateMain(
      ['--bundle', file, '--patient', FIXTURE.id, '--service', 'pump-evaluation', '--json'],
      {
        out: (l) => out.push(l),
        err: () => undefined,
        env: { LOG_LEVEL: 'silent', DATA_DIR: join(dir, 'no-store') },
        now: () => NOW,
      },
    );
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n')) as { services: { cards: { card: { summary: string } }[] }[] };
    return report.services[0]?.cards[0]?.card.summary ?? null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fixture's record with every entry given a urn:uuid fullUrl, and the references to the patient written so. */
function byFullUrl(): Record<string, unknown> {
  const bundle = fixtureBundle(FIXTURE, TODAY) as unknown as { entry: { resource: Record<string, unknown> }[] };
  const url = (r: Record<string, unknown>) => `urn:uuid:${String(r.resourceType)}-${String(r.id)}`;
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: bundle.entry.map(({ resource }) => ({
      fullUrl: url(resource),
      resource:
        resource.subject !== undefined
          ? { ...resource, subject: { reference: `urn:uuid:Patient-${FIXTURE.id}` } }
          : resource,
    })),
  };
}

describe('evaluate --bundle reads a file as exports write it', () => {
  test('the whole record gives the pump card', async () => {
    expect(await pumpCard(fixtureBundle(FIXTURE, TODAY) as unknown as Record<string, unknown>)).toMatch(
      /Consider insulin pump evaluation/,
    );
  });

  test("subjects given by the Patient entry's fullUrl are this patient's: the card is the same", async () => {
    expect(await pumpCard(byFullUrl())).toMatch(/Consider insulin pump evaluation/);
  });

  test.each<[string, Record<string, unknown>]>([
    ['a next page', { link: [{ relation: 'next', url: 'https://ehr.example.org/fhir?page=2' }] }],
    ['a total beyond the entries', { total: 500 }],
  ])('a searchset with %s is part of the record: no card', async (_name, extra) => {
    const bundle = fixtureBundle(FIXTURE, TODAY) as unknown as Record<string, unknown>;
    expect(await pumpCard({ ...bundle, type: 'searchset', ...extra })).toBeNull();
  });
});
