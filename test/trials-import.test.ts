import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { runTrialsCli, shippedRulesCopy } from './support/trials-cli.js';
import { listFactNames } from '../facts/fact-names.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import {
  eligibilityLines,
  NOT_CODED_REASON,
  OVERALL_STATUSES,
  readStudyRecord,
  StudyRecordError,
} from '../rules/trial-import.js';
import { REGISTRY_STATUSES, TrialSchema } from '../rules/trial-schema.js';
import { loadValueSets } from '../rules/value-sets.js';

/** `npm run trials -- import <file>`: a ClinicalTrials.gov API v2 study record into the catalogue. */
const RECORD_FILE = join(import.meta.dirname, 'ctgov', 'NCT04270656.v2.json');
const NOW = new Date('2026-12-03T10:00:00Z');
const TODAY = '2026-12-03';
const NANTES_FILE = 'NCT04270656-pump-vs-mdi-t2d-nafld.json';
const knownFacts = listFactNames(loadValueSets(DEFAULT_RULES_DIR));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const record = (): Json => JSON.parse(readFileSync(RECORD_FILE, 'utf8'));

const run = (args: string[], rulesDir: string) => runTrialsCli(args, rulesDir, NOW);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trials-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the shipped rules folder. */
const rulesCopy = () => shippedRulesCopy(dir);
/** A study record file written from JSON. */
function recordFile(data: unknown): string {
  const file = join(mkdtempSync(join(dir, 'record-')), 'study.json');
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}
async function prettierAccepts(file: string): Promise<boolean> {
  const options = (await prettier.resolveConfig(join(DEFAULT_RULES_DIR, 'trials', NANTES_FILE))) ?? {};
  return prettier.check(readFileSync(file, 'utf8'), { ...options, filepath: file });
}

describe('reading a v2 record', () => {
  test.each(Object.entries(OVERALL_STATUSES))('overallStatus %s is the registry status %s', (v2, status) => {
    const r = record();
    r.protocolSection.statusModule.overallStatus = v2;
    expect(readStudyRecord(r, TODAY).registry.status).toBe(status);
  });

  test('every registry status of the catalogue has its v2 status', () => {
    expect(new Set(Object.values(OVERALL_STATUSES))).toEqual(new Set(REGISTRY_STATUSES));
  });

  test('the fields of the record, as the catalogue keeps them', () => {
    const r = readStudyRecord(record(), TODAY);
    expect(r.id).toBe('NCT04270656');
    expect(r.registry).toEqual({
      status: 'active-not-recruiting',
      startDate: '2020-06-15',
      primaryCompletionDate: '2025-04-30',
      completionDate: '2025-10-05',
      lastUpdated: '2024-05-23',
      retrievedOn: TODAY,
      url: 'https://clinicaltrials.gov/study/NCT04270656',
      contact: { name: 'Test Study Coordinator', phone: '02 40 00 00 00 ext. 123', email: 'coordinator@example.org' },
    });
    expect(r.notes.join('\n')).toContain('primaryCompletionDateStruct.date is "2025-04", read as 2025-04-30');
    expect(r.sponsor).toBe('Nantes University Hospital');
    expect(r.locations).toEqual(['Nantes University Hospital, Nantes, France']);
  });

  test('a search download holding the one study is read too', () => {
    expect(readStudyRecord({ studies: [record()] }, TODAY).id).toBe('NCT04270656');
    expect(readStudyRecord([record()], TODAY).id).toBe('NCT04270656');
  });

  test('the eligibility text becomes lines under their heading, bullets and escapes gone', () => {
    const text = record().protocolSection.eligibilityModule.eligibilityCriteria as string;
    const lines = eligibilityLines(text);
    expect(lines.filter((l) => l.type === 'inclusion')).toHaveLength(8);
    expect(lines.filter((l) => l.type === 'exclusion')).toHaveLength(17);
    expect(lines[0]).toEqual({
      type: 'inclusion',
      text: 'Male / female 35/70 years (including ranges) with T2D 1 year',
    });
    expect(lines.map((l) => l.text)).toContain('Severe renal insufficiency (MDRD <30 ml / min)');
    expect(
      eligibilityLines('Key Inclusion Criteria:\n  1. Adults\n     * aged 18+\nKey Exclusion Criteria:\n- none'),
    ).toEqual([
      { type: 'inclusion', text: 'Adults' },
      { type: 'inclusion', text: 'aged 18+' },
      { type: 'exclusion', text: 'none' },
    ]);
  });

  test.each<[string, (r: Json) => unknown, string]>([
    ['no protocolSection', (r) => delete r.protocolSection, 'protocolSection'],
    [
      'no NCT id',
      (r) => delete r.protocolSection.identificationModule.nctId,
      'protocolSection.identificationModule.nctId',
    ],
    [
      'an id that is not an NCT number',
      (r) => (r.protocolSection.identificationModule.nctId = 'EUCTR2020-1'),
      'protocolSection.identificationModule.nctId',
    ],
    [
      'no overall status',
      (r) => delete r.protocolSection.statusModule.overallStatus,
      'protocolSection.statusModule.overallStatus',
    ],
    [
      'an expanded-access status',
      (r) => (r.protocolSection.statusModule.overallStatus = 'AVAILABLE'),
      'protocolSection.statusModule.overallStatus',
    ],
    [
      'a date that is not one',
      (r) => (r.protocolSection.statusModule.completionDateStruct.date = '2025-13'),
      'protocolSection.statusModule.completionDateStruct.date',
    ],
    [
      'a date struct that is a string',
      (r) => (r.protocolSection.statusModule.startDateStruct = '2020-06-15'),
      'protocolSection.statusModule.startDateStruct',
    ],
    [
      'a status module that is not an object',
      (r) => (r.protocolSection.statusModule = []),
      'protocolSection.statusModule',
    ],
    [
      'central contacts that are not a list',
      (r) => (r.protocolSection.contactsLocationsModule.centralContacts = { name: 'x' }),
      'protocolSection.contactsLocationsModule.centralContacts',
    ],
  ])('%s: an error naming the field', (_name, mutate, field) => {
    const r = record();
    mutate(r);
    expect(() => readStudyRecord(r, TODAY)).toThrow(StudyRecordError);
    expect(() => readStudyRecord(r, TODAY)).toThrow(expect.objectContaining({ field }));
  });

  test('two studies in one download: import one at a time', () => {
    expect(() => readStudyRecord({ studies: [record(), record()] }, TODAY)).toThrow(/one study at a time/);
  });
});

describe('npm run trials -- import <file>: a trial already in the catalogue', () => {
  let rules: string;
  let result: ReturnType<typeof run>;
  let before: string;
  let after: string;
  beforeAll(() => {
    rules = rulesCopy();
    const file = join(rules, 'trials', NANTES_FILE);
    before = readFileSync(file, 'utf8');
    result = run(['import', RECORD_FILE], rules);
    after = readFileSync(file, 'utf8');
  });

  test('exit 0, and the changes listed', () => {
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('NCT04270656: registry fields of');
    expect(result.out).toContain('status: recruiting → active-not-recruiting');
    expect(result.out).toContain('endDate: 2023-04-05 → (none)');
    expect(result.out).toContain(`retrievedOn: 2026-11-22 → ${TODAY}`);
    expect(result.out).toMatch(/recruitment now: not-recruiting \(registry status is active-not-recruiting/);
  });

  test('the registry fields are the record\u2019s, the end date it no longer gives is gone', () => {
    const t = JSON.parse(after);
    expect(t.registry).toEqual({
      status: 'active-not-recruiting',
      startDate: '2020-06-15',
      primaryCompletionDate: '2025-04-30',
      completionDate: '2025-10-05',
      lastUpdated: '2024-05-23',
      retrievedOn: TODAY,
      url: 'https://clinicaltrials.gov/study/NCT04270656',
      contact: { name: 'Test Study Coordinator', phone: '02 40 00 00 00 ext. 123', email: 'coordinator@example.org' },
    });
  });

  test('everything else is kept, byte for byte', () => {
    const strip = (text: string) => text.replace(/\n {2}"registry": \{[\s\S]*?\n {2}\},?\n/, '\n<registry>\n');
    expect(strip(after)).toBe(strip(before));
    const restAfter: Json = JSON.parse(after);
    const restBefore: Json = JSON.parse(before);
    delete restAfter.registry;
    delete restBefore.registry;
    expect(restAfter).toEqual(restBefore);
  });

  test('the file stays valid, loads, and stays formatted', async () => {
    expect(TrialSchema.safeParse(JSON.parse(after)).success).toBe(true);
    expect(loadTrialCatalogue(join(rules, 'trials'), knownFacts).trials).toHaveLength(2);
    expect(await prettierAccepts(join(rules, 'trials', NANTES_FILE))).toBe(true);
  });

  test('importing the same record again changes nothing', () => {
    const again = run(['import', RECORD_FILE], rules);
    expect(again.code).toBe(0);
    expect(again.out).toContain('no change');
    expect(readFileSync(join(rules, 'trials', NANTES_FILE), 'utf8')).toBe(after);
  });
});

describe('npm run trials -- import <file>: a trial not in the catalogue', () => {
  const otherStudy = (): Json => {
    const r: Json = record();
    r.protocolSection.identificationModule.nctId = 'NCT09990001';
    r.protocolSection.statusModule.overallStatus = 'RECRUITING';
    return r;
  };

  test('a draft in trials/drafts/, every criterion the registry text, manual; the catalogue ignores it', async () => {
    const rules = rulesCopy();
    const { code, out, err } = run(['import', recordFile(otherStudy())], rules);
    expect(err).toBe('');
    expect(code).toBe(0);
    const file = join(rules, 'trials', 'drafts', 'NCT09990001.json');
    expect(out).toContain('draft written to');
    expect(out).toContain('25 criteria (8 inclusion, 17 exclusion)');
    const draft = TrialSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(draft.draft).toBe(true);
    expect(draft.registry).toMatchObject({ status: 'recruiting', retrievedOn: TODAY });
    expect(draft.criteria).toHaveLength(25);
    for (const c of draft.criteria) {
      expect(c.manual).toEqual({ reason: NOT_CODED_REASON });
      expect(c.condition).toBeUndefined();
      expect(c.key).toBeUndefined();
    }
    expect(draft.criteria[0]).toMatchObject({ id: 'inclusion-1', type: 'inclusion' });
    expect(draft.criteria[8]).toMatchObject({ id: 'exclusion-1', type: 'exclusion', text: 'Type 1 diabetes' });
    expect(draft.site.name).toBe('Nantes University Hospital, Nantes, France');
    expect(`Possible trial match: ${draft.id}, ${draft.shortTitle}`.length).toBeLessThan(140);
    expect(await prettierAccepts(file)).toBe(true);
    // The drafts folder is not read: the catalogue still holds the two trials.
    expect(loadTrialCatalogue(join(rules, 'trials'), knownFacts).trials).toHaveLength(2);
    expect(run(['check'], rules).out).toContain('1 draft(s) waiting to be coded');
  });

  test('--draft-dir chooses the folder; a draft put among the served trials stops loading', () => {
    const rules = rulesCopy();
    const drafts = join(dir, 'my-drafts');
    expect(run(['import', recordFile(otherStudy()), '--draft-dir', drafts], rules).code).toBe(0);
    const file = join(drafts, 'NCT09990001.json');
    expect(existsSync(file)).toBe(true);
    cpSync(file, join(rules, 'trials', 'NCT09990001.json'));
    expect(() => loadTrialCatalogue(join(rules, 'trials'), knownFacts)).toThrow(
      expect.objectContaining({ field: 'draft' }),
    );
  });

  test('a second import updates the draft\u2019s registry fields only', () => {
    const rules = rulesCopy();
    run(['import', recordFile(otherStudy())], rules);
    const file = join(rules, 'trials', 'drafts', 'NCT09990001.json');
    const first = JSON.parse(readFileSync(file, 'utf8'));
    const next = otherStudy();
    next.protocolSection.statusModule.overallStatus = 'COMPLETED';
    next.protocolSection.eligibilityModule.eligibilityCriteria = 'Inclusion Criteria:\n\n* Something else';
    const { code, out } = run(['import', recordFile(next)], rules);
    expect(code).toBe(0);
    expect(out).toContain('status: recruiting → completed');
    const second = JSON.parse(readFileSync(file, 'utf8'));
    expect(second.criteria).toEqual(first.criteria);
    expect(second.registry.status).toBe('completed');
  });

  test('no eligibility text: no draft, an error naming the field', () => {
    const rules = rulesCopy();
    const r = otherStudy();
    delete r.protocolSection.eligibilityModule;
    const { code, err } = run(['import', recordFile(r)], rules);
    expect(code).toBe(1);
    expect(err).toContain('protocolSection.eligibilityModule.eligibilityCriteria');
    expect(existsSync(join(rules, 'trials', 'drafts'))).toBe(false);
  });
});

describe('npm run trials -- import: bad input', () => {
  test.each<[string, string | object, RegExp]>([
    ['a file that is not JSON', '{ "protocolSection": ', /study\.json: cannot be read as JSON/],
    ['a record without an NCT id', { protocolSection: { identificationModule: {} } }, /nctId: missing/],
    ['a classic-API download', { FullStudiesResponse: {} }, /protocolSection: missing/],
  ])('%s: exit 1, the file and the field named, nothing written', (_name, data, message) => {
    const rules = rulesCopy();
    const before = readFileSync(join(rules, 'trials', NANTES_FILE), 'utf8');
    const { code, out, err } = run(['import', recordFile(data)], rules);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^trials: invalid study record: /);
    expect(err).toMatch(message);
    expect(readFileSync(join(rules, 'trials', NANTES_FILE), 'utf8')).toBe(before);
  });

  test('a file that does not exist: exit 1', () => {
    const { code, err } = run(['import', join(dir, 'nope.json')], rulesCopy());
    expect(code).toBe(1);
    expect(err).toContain('nope.json: cannot be read');
  });

  test.each([[['import']], [['import', 'a.json', 'b.json']], [['check', '--draft-dir', 'x']]])(
    'bad arguments %j: usage and exit 2',
    (args) => {
      const { code, err } = run(args, DEFAULT_RULES_DIR);
      expect(code).toBe(2);
      expect(err).toContain('npm run trials -- import <study.json>');
    },
  );
});
