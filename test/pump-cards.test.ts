import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { PUMP_FIXTURES } from '../sandbox/patients/pump-patients.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { CardSchema } from '../services/card-schema.js';
import { loadServices } from '../services/load-services.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const rules = loadServices(DEFAULT_RULES_DIR);
const pump = rules.services.find((s) => s.definition.id === 'pump-evaluation')!;

async function cardsFor(fixtureId: string) {
  const fixture = PUMP_FIXTURES.find((f) => f.id === fixtureId)!;
  const record = recordFromResources(fixture.id, fixture.resources(NOW));
  const facts = computePatientFacts(record, rules.valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
  return pump.evaluate({ patientId: fixture.id, facts, record, now: NOW });
}

const positives = PUMP_FIXTURES.filter((f) => f.expected.pump !== null).map((f) => [f.id, f] as const);
const negatives = PUMP_FIXTURES.filter((f) => f.expected.pump === null).map((f) => [f.id, f.title] as const);

describe('the pump-evaluation card over every fixture patient', () => {
  test.each(positives)('%s gets one well-formed pump card quoting its HbA1c and evidence', async (id, fixture) => {
    const expected = fixture.expected.pump!;
    const proposed = await cardsFor(id);
    expect(proposed).toHaveLength(1);
    const { card, key, kind } = proposed[0]!;
    expect({ key, kind }).toEqual({ key: 'pump-evaluation', kind: 'pump-evaluation' });
    expect(CardSchema.safeParse(card).success).toBe(true);
    expect(card.summary.length).toBeLessThan(140);
    expect(card.summary).toMatch(
      new RegExp(
        `^Consider insulin pump evaluation: T2D on MDI, HbA1c ${expected.hba1cPercent.toFixed(1)}% \\(\\d{4}-\\d{2}-\\d{2}\\)$`,
      ),
    );
    expect(card.indicator).toBe('info');
    for (const evidenceId of expected.evidenceIds) expect(card.detail).toContain(evidenceId);
    expect(card.detail).toContain('OpT2mise');
    expect(card.detail).toContain('7.9% on the pump vs 8.6% on MDI');
    expect(card.detail).toContain('24/7 on-call');
    expect(card.detail!.includes('outside the 8.0-12.0% range')).toBe(expected.aboveTrialRange === true);
    expect(card.source.url).toBe('https://pubmed.ncbi.nlm.nih.gov/24998009/');
    expect(card.selectionBehavior).toBe('at-most-one');
    const action = card.suggestions![0]!.actions[0]!;
    expect(action.type).toBe('create');
    expect(action.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: `Patient/${id}` },
    });
    expect(card.overrideReasons!.map((r) => r.display)).toEqual(
      expect.arrayContaining(['Patient declines', 'Not able to manage a device']),
    );
    expect(card.links!.map((l) => l.url)).toContain('https://pubmed.ncbi.nlm.nih.gov/24998009/');
  });

  test.each(negatives)('%s gets no pump card (%s)', async (id) => {
    expect(await cardsFor(id)).toEqual([]);
  });

  test('each card and each suggestion has its own uuid', async () => {
    const [a] = await cardsFor('pump-positive-main');
    const [b] = await cardsFor('pump-positive-main');
    expect(a!.card.uuid).not.toBe(b!.card.uuid);
    expect(a!.card.suggestions![0]!.uuid).not.toBe(a!.card.uuid);
  });
});
