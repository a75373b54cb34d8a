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

/** The HbA1c as the summary quotes it: as recorded, with at least one decimal, or the range given. */
function summaryHba1c(expected: { hba1cPercent: number; hba1cShown?: string }): string {
  if (expected.hba1cShown) return `${expected.hba1cShown.replace('-', '–')} %`;
  const text = String(expected.hba1cPercent);
  return `${text.includes('.') ? text : `${text}.0`} %`;
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
        `^Consider insulin pump evaluation: T2D on MDI, HbA1c ${summaryHba1c(expected)} \\(\\d{4}-\\d{2}-\\d{2}\\)$`,
      ),
    );
    expect(card.indicator).toBe('info');
    // Evidence is named by what it is and when on the card, and referenced by id in the referral.
    expect(card.detail).not.toMatch(/\b(Observation|Condition|MedicationRequest|MedicationStatement|Patient)\//);
    const reasons = (
      card.suggestions![0]!.actions[0]!.resource as { reasonReference?: { reference: string }[] }
    ).reasonReference!.map((r) => r.reference.split('/')[1]);
    for (const evidenceId of expected.evidenceIds) expect(reasons).toContain(evidenceId);
    expect(card.detail).toContain('OpT2mise');
    // Product names never nest brackets ("Lantus (Insulin glargine (basal))").
    expect(card.detail).not.toMatch(/\([^()]*\(/);
    expect(card.detail).toContain('HbA1c 7.9 % vs 8.6 %');
    expect(card.detail).toContain('24/7 on-call');
    expect(card.detail!.includes('lies above the 8.0–12.0 % range')).toBe(expected.aboveTrialRange === true);
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

const rulesFr = loadServices(DEFAULT_RULES_DIR, { locale: 'fr' });
const pumpFr = rulesFr.services.find((s) => s.definition.id === 'pump-evaluation')!;

describe('the pump-evaluation card in French', () => {
  test.each(positives)('%s: the same card in French, with French decimals, dates and links', async (id, fixture) => {
    const [en] = await cardsFor(id);
    const record = recordFromResources(fixture.id, fixture.resources(NOW));
    const facts = computePatientFacts(record, rulesFr.valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
    const [fr] = await pumpFr.evaluate({ patientId: id, facts, record, now: NOW });
    const card = fr!.card;
    expect(CardSchema.safeParse(card).success).toBe(true);
    expect(card.summary.length).toBeLessThan(140);
    const hba1c = summaryHba1c(fixture.expected.pump!).replace('.', ',').replace(/–/g, ' à ');
    expect(card.summary).toMatch(
      new RegExp(`^Évaluer une pompe à insuline : DT2 en multi-injections, HbA1c ${hba1c} \\(\\d{2}/\\d{2}/\\d{4}\\)$`),
    );
    expect(card.detail).toContain('HbA1c 7,9 % contre 8,6 %');
    expect(card.detail).not.toMatch(/\b(Observation|Condition|MedicationRequest|MedicationStatement|Patient)\//);
    expect(card.suggestions![0]!.label).toBe('Adresser pour une évaluation de pompe à insuline');
    expect(card.overrideReasons!.map((r) => r.code)).toEqual(en!.card.overrideReasons!.map((r) => r.code));
    expect(card.overrideReasons!.map((r) => r.display)).not.toEqual(en!.card.overrideReasons!.map((r) => r.display));
    expect(card.links!.map((l) => l.url)).toEqual(en!.card.links!.map((l) => l.url));
    expect(card.links!.map((l) => l.label)).not.toEqual(en!.card.links!.map((l) => l.label));
    expect(Object.keys(card).sort()).toEqual(Object.keys(en!.card).sort());
  });
});
