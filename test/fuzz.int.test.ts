import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileEntries } from './support/compile-entries.js';
import { jsonPost, type Expectation, type FuzzAnswer, type FuzzCase } from '../bench/fuzz/fuzz-case.js';
import { checkAnswer } from '../bench/fuzz/oracle.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { ERROR_CODE_SYSTEM, toOperationOutcome } from '../hooks/errors.js';

/*
 * `npm run fuzz -- --cases 2000` in CI (issue 7, point 3): generated requests to every endpoint
 * against a service in its own process, zero failures. docs/reliability.md publishes the long run.
 * The oracle itself is checked first: it must reject each kind of bad answer it exists to catch.
 */

const BUILD = join(PROJECT_ROOT, 'test-output', `fuzz-${process.pid}`);
const JSON_FILE = join(BUILD, 'fuzz.json');
const CASES = 2000;

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): FuzzAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  ms: 1,
});

const hookCase = (expect: Expectation): FuzzCase => ({
  category: 'test',
  request: jsonPost('/cds-services/pump-evaluation', {}),
  expect,
});

const CARD = {
  uuid: '0b0d64d6-b9e9-4b72-a50f-06d6407f2039',
  summary: 'Consider insulin pump evaluation: T2D on MDI, HbA1c 8.9% (2026-11-01)',
  indicator: 'info',
  detail: '**Why this card**\n- Latest HbA1c 8.9%: HbA1c 8.9 % (Observation/p-hba1c, 2026-11-01)\n\n**Evidence**',
  source: { label: 'test' },
};

describe('the fuzz oracle rejects what it exists to catch', () => {
  test.each<[string, FuzzCase, FuzzAnswer]>([
    ['a 500', hookCase({ kind: 'hook' }), answer(500, toOperationOutcome('internal', []))],
    ['a status the case does not allow', hookCase({ kind: 'hook', statuses: [400] }), answer(200, { cards: [] })],
    ['an error that is not an OperationOutcome', hookCase({ kind: 'hook' }), answer(400, { error: 'bad' })],
    [
      'an OperationOutcome without a registry code',
      hookCase({ kind: 'hook' }),
      answer(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] }),
    ],
    [
      'a registry code answered with another status',
      hookCase({ kind: 'hook' }),
      answer(404, toOperationOutcome('invalid-request', [])),
    ],
    [
      'an error that does not name the field',
      hookCase({ kind: 'hook', field: 'context.patientId' }),
      answer(400, toOperationOutcome('invalid-request', [{ message: 'bad', field: 'hook' }])),
    ],
    ['a stack trace', hookCase({ kind: 'hook' }), answer(400, 'Error: x\n    at f (/app/x.js:1:2)')],
    ['a body that is not JSON', hookCase({ kind: 'hook' }), answer(200, '<html></html>')],
    ['cards that break the schema', hookCase({ kind: 'hook' }), answer(200, { cards: [{ summary: 'x' }] })],
    ['a card where none may fire', hookCase({ kind: 'hook', cards: 'none' }), answer(200, { cards: [CARD] })],
    ['no card where one must fire', hookCase({ kind: 'hook', cards: 'fires' }), answer(200, { cards: [] })],
    [
      'a card citing a corrupted resource',
      hookCase({ kind: 'hook', corruptedIds: ['p-hba1c'] }),
      answer(200, { cards: [CARD] }),
    ],
    [
      'a summary quoting another HbA1c',
      hookCase({ kind: 'hook', cards: 'fires', summaryIncludes: 'HbA1c 9.4%' }),
      answer(200, { cards: [CARD] }),
    ],
    ['a 401 with a body', hookCase({ kind: 'hook' }), answer(401, 'denied', { 'www-authenticate': 'Bearer' })],
  ])('%s', (_name, c, a) => {
    expect(checkAnswer(c, a)).not.toEqual([]);
  });

  test('and accepts a valid answer: the card it expects, citing valid evidence', () => {
    const c = hookCase({ kind: 'hook', statuses: [200], cards: 'fires', corruptedIds: ['p-hba1c-old'] });
    expect(checkAnswer(c, answer(200, { cards: [CARD] }))).toEqual([]);
    const e = hookCase({ kind: 'hook', statuses: [400], codes: ['invalid-request'], field: 'context' });
    const oo = toOperationOutcome('invalid-request', [{ message: 'bad', field: 'context.patientId' }]);
    expect(oo.issue[0]?.details?.coding?.[0]?.system).toBe(ERROR_CODE_SYSTEM);
    expect(checkAnswer(e, answer(400, oo))).toEqual([]);
  });
});

describe(`npm run fuzz -- --cases ${CASES}`, () => {
  let report: {
    cases: number;
    failures: number;
    serverAlive: boolean;
    statuses: Record<string, number>;
    byCategory: Record<string, { cases: number }>;
    firstFailures: unknown[];
  };

  beforeAll(async () => {
    await compileEntries(BUILD, ['bench/fuzz.ts', 'bin/server.ts']);
    // The run's exit code is not awaited as a rejection: the report below says what failed.
    await promisify(execFile)(
      process.execPath,
      [join(BUILD, 'out', 'bench', 'fuzz.js'), '--cases', String(CASES), '--json', JSON_FILE],
      { cwd: PROJECT_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
    ).catch(() => undefined);
    report = JSON.parse(readFileSync(JSON_FILE, 'utf8')) as typeof report;
  }, 240_000);

  afterAll(() => rmSync(BUILD, { recursive: true, force: true }));

  test('every case got a 2xx or 4xx with a valid body, as its oracle expects, and the server stayed up', () => {
    expect(report.firstFailures).toEqual([]);
    expect(report.failures).toBe(0);
    expect(report.serverAlive).toBe(true);
    expect(report.cases).toBe(CASES);
    expect(Object.keys(report.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  });

  test.each([
    'hook: hostile FHIR content',
    'hook: latest HbA1c set to a valid value',
    'hook: malformed JSON',
    'feedback flow: the card is issued',
    'fhir: search (GET)',
    'unknown route',
  ])('the run covered "%s"', (category) => {
    expect(report.byCategory[category]?.cases ?? 0).toBeGreaterThan(0);
  });
});
