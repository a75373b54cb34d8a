import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR, PROJECT_ROOT } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { listFactNames } from '../facts/fact-names.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { TRIAL_FIXTURES } from '../sandbox/patients/trial-patients.js';
import { loadValueSets } from '../rules/value-sets.js';
import { loadMessages } from '../rules/messages.js';
import { MESSAGE_KEYS } from '../services/message-keys.js';
import { buildServices } from '../services/catalogue.js';
import type { CdsService } from '../services/service.js';

const NOW = new Date('2026-11-22T10:00:00Z');

/** The example trial of docs/adding-a-trial.md: its first ```json block. */
function exampleFromDocs(): string {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'adding-a-trial.md'), 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(doc);
  if (!block?.[1]) throw new Error('docs/adding-a-trial.md has no json block');
  return block[1];
}

describe('a third trial added through a catalogue file alone', () => {
  let dir: string;
  let service: CdsService;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trials-add-'));
    cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'trials', 'NCT99999999-sglt2-liver-fat.json'), exampleFromDocs());
    const valueSets = loadValueSets(dir);
    const services = buildServices({
      rulesDir: dir,
      valueSets,
      knownFacts: listFactNames(valueSets),
      messages: loadMessages(dir, 'en', MESSAGE_KEYS),
      overrideReasons: () => [],
    });
    service = services.find((s) => s.definition.id === 'trial-referral')!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const evaluate = (fixtureId: string) => {
    const fixture = TRIAL_FIXTURES.find((f) => f.id === fixtureId)!;
    const record = recordFromResources(fixture.id, fixture.resources(NOW));
    const facts = computePatientFacts(record, loadValueSets(dir), { now: NOW, alcoholGramsPerDrink: 10 });
    return service.evaluate({ patientId: fixture.id, facts, record, now: NOW });
  };

  test('it fires for a matching patient, after the seed trial that meets more criteria', async () => {
    const cards = await evaluate('trial-nafld-full-match');
    expect(cards.map((c) => c.trialId)).toEqual(['NCT04270656', 'NCT99999999']);
    const card = cards[1]!;
    expect(card.key).toBe('trial:NCT99999999');
    expect(card.matchedRules).toEqual(['t2d', 'sglt2', 'steatosis', 'age-40-75', 'egfr-45']);
    expect(card.card.summary).toBe('Possible trial match: NCT99999999, SGLT2 inhibitor and liver fat in T2D');
    expect(card.card.source.url).toBe('https://clinicaltrials.gov/study/NCT99999999');
    const detail = card.card.detail!.replace(/\\(.)/g, '$1');
    expect(detail).toContain(
      '**Why:** Type 2 diabetes (2016-11-24); Treated with an SGLT2 inhibitor (2024-06-05); Hepatic steatosis on imaging or on the problem list (2025-01-01)',
    );
    expect(detail).toContain('5 met · 2 exclusions ruled out · 2 to confirm · 0 not applicable');
    expect(detail).toContain('- Severe heart failure');
    expect(detail).toContain('**Study contact:** Dr A. Example, 01 23 45 67 89, trial.team@example.org');
    expect(detail).not.toContain('Recruitment not confirmed');
  });

  test('it stays silent for a patient outside it', async () => {
    expect((await evaluate('trial-t1d-recent-22')).map((c) => c.trialId)).toEqual(['NCT05153070']);
    expect((await evaluate('trial-nafld-glp1')).map((c) => c.trialId)).toEqual(['NCT99999999']);
  });

  test('discovery is unchanged: the same service and prefetch', () => {
    const valueSets = loadValueSets(DEFAULT_RULES_DIR);
    const original = buildServices({
      rulesDir: DEFAULT_RULES_DIR,
      valueSets,
      knownFacts: listFactNames(valueSets),
      messages: loadMessages(dir, 'en', MESSAGE_KEYS),
      overrideReasons: () => [],
    }).find((s) => s.definition.id === 'trial-referral')!;
    expect(service.definition).toEqual(original.definition);
  });
});
