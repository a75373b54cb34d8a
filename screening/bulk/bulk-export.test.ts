import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { BulkExportError } from './bulk-export-error.js';
import { readBulkExport } from './bulk-export.js';
import { kickOffUrl } from './export-kickoff.js';
import { pollStatus, retryAfterMs } from './export-status.js';
import type { TokenSource } from './token-source.js';

const BASE = 'https://ehr.example/fhir';
const STATUS = `${BASE}/$export-poll-status/job-1`;

interface Call {
  readonly method: string;
  readonly url: string;
  readonly auth?: string;
}

type Answer = (call: Call) => Response;

/** A scripted server: each URL prefix answers in turn from its list (the last answer repeats). */
function server(script: Record<string, Answer[]>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const used = new Map<string, number>();
  const fake = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : input.toString();
    const headers = new Headers(init?.headers);
    const call = {
      method: init?.method ?? 'GET',
      url,
      ...(headers.get('authorization') ? { auth: headers.get('authorization')! } : {}),
    };
    calls.push(call);
    const key = Object.keys(script)
      .filter((k) => `${call.method} ${url}`.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    if (!key) return Promise.resolve(new Response('{}', { status: 404 }));
    const list = script[key]!;
    const i = used.get(key) ?? 0;
    used.set(key, i + 1);
    return Promise.resolve(list[Math.min(i, list.length - 1)]!(call));
  };
  return { fetch: fake, calls };
}

const accepted = () => new Response(null, { status: 202, headers: { 'Content-Location': STATUS } });
const inProgress = (retryAfter?: string) => () =>
  new Response(null, {
    status: 202,
    headers: { 'X-Progress': 'working', ...(retryAfter ? { 'Retry-After': retryAfter } : {}) },
  });
const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status });
const ndjson = (lines: string[]) => () => new Response(lines.join('\n') + '\n', { status: 200 });
const outcome = (diagnostics: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'invalid', diagnostics }],
});

function manifest(requiresAccessToken: boolean, error: { type: string; url: string }[] = []) {
  return json(200, {
    transactionTime: '2026-11-22T10:00:00Z',
    request: `${BASE}/Patient/$export`,
    requiresAccessToken,
    output: [
      { type: 'Patient', url: `${BASE}/files/Patient-1.ndjson`, count: 2 },
      { type: 'Condition', url: `${BASE}/files/Condition-1.ndjson`, count: 1 },
    ],
    error,
  });
}

const tokens = (): TokenSource & { invalidated: number } => {
  let n = 1;
  const t = {
    invalidated: 0,
    token: () => Promise.resolve(`token-${n}`),
    invalidate: () => {
      n++;
      t.invalidated++;
    },
  };
  return t;
};

function clock() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    policy: (deadline = 600_000) => ({
      deadline,
      now: () => now,
      sleep: (ms: number) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
    }),
  };
}

const REQUEST = {
  baseUrl: BASE,
  types: ['Patient', 'Condition'],
  typeFilters: ['Observation?code=http://loinc.org|4548-4'],
};

describe('the kick-off URL', () => {
  test.each([
    ['every patient', {}, `${BASE}/Patient/$export?`],
    ['a Group', { group: 'diabetes-clinic' }, `${BASE}/Group/diabetes-clinic/$export?`],
    ['the whole system', { system: true }, `${BASE}/$export?`],
  ])('%s', (_name, level, prefix) => {
    const url = kickOffUrl({ ...REQUEST, ...level, since: '2026-11-01T00:00:00Z' }, true);
    expect(url.startsWith(prefix)).toBe(true);
    const params = new URL(url).searchParams;
    expect(params.get('_outputFormat')).toBe('application/fhir+ndjson');
    expect(params.get('_type')).toBe('Patient,Condition');
    expect(params.get('_since')).toBe('2026-11-01T00:00:00Z');
    expect(params.getAll('_typeFilter')).toEqual(['Observation?code=http://loinc.org|4548-4']);
  });
});

describe('Retry-After', () => {
  test.each([
    ['seconds', '3', 3000],
    ['zero', '0', 0],
    ['an HTTP date 10 s ahead', new Date(10_000).toUTCString(), 10_000],
    ['nonsense', 'soon', undefined],
    ['absent', null, undefined],
  ])('%s', (_name, header, ms) => {
    expect(retryAfterMs(header, 0)).toBe(ms);
  });
});

describe('polling the status', () => {
  test('waits as Retry-After says, doubles when it says nothing, and returns the manifest', async () => {
    const s = server({ [`GET ${STATUS}`]: [inProgress('2'), inProgress(), inProgress(), manifest(false)] });
    const c = clock();
    const m = await pollStatus({ fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 }, STATUS, c.policy());
    expect(m.output.map((o) => o.type)).toEqual(['Patient', 'Condition']);
    expect(c.waits).toEqual([2000, 2000, 4000]);
  });

  test('a 429 and a transient 500 are waited out', async () => {
    const s = server({
      [`GET ${STATUS}`]: [
        json(429, {}),
        () => new Response(null, { status: 503, headers: { 'Retry-After': '1' } }),
        manifest(false),
      ],
    });
    const c = clock();
    await pollStatus({ fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 }, STATUS, c.policy());
    expect(c.waits.length).toBe(2);
  });

  test.each([
    ['the deadline passes', 'timeout', { [`GET ${STATUS}`]: [inProgress('30')] }, 45_000],
    ['the job fails', 'failed', { [`GET ${STATUS}`]: [json(400, outcome('job failed: disk full'))] }, 600_000],
    ['the token is refused', 'unauthorized', { [`GET ${STATUS}`]: [json(403, outcome('no'))] }, 600_000],
    ['the manifest is not one', 'failed', { [`GET ${STATUS}`]: [json(200, { output: 'x' })] }, 600_000],
  ] as [string, string, Record<string, Answer[]>, number][])('%s → %s', async (_name, kind, script, deadline) => {
    const s = server(script);
    const err = await pollStatus(
      { fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 },
      STATUS,
      clock().policy(deadline),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkExportError);
    expect((err as BulkExportError).kind).toBe(kind);
  });
});

describe('reading an export', () => {
  const files = {
    [`GET ${BASE}/files/Patient-1.ndjson`]: [
      ndjson(['{"resourceType":"Patient","id":"a"}', '', '{"resourceType":"Patient","id":"b"}']),
    ],
    [`GET ${BASE}/files/Condition-1.ndjson`]: [
      ndjson(['{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/a"}}', 'not json']),
    ],
    [`DELETE ${STATUS}`]: [() => new Response(null, { status: 202 })],
  };

  test('streams every file, reports bad lines and the error files, and deletes the export', async () => {
    const s = server({
      [`GET ${BASE}/Patient/$export`]: [accepted],
      [`GET ${STATUS}`]: [
        inProgress('1'),
        manifest(true, [{ type: 'OperationOutcome', url: `${BASE}/files/errors.ndjson` }]),
      ],
      [`GET ${BASE}/files/errors.ndjson`]: [ndjson([JSON.stringify(outcome('Observation/x could not be exported'))])],
      ...files,
    });
    const seen: FhirResource[] = [];
    const result = await readBulkExport(
      { fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 },
      REQUEST,
      clock().policy(),
      (r) => void seen.push(r),
    );
    expect(seen.map((r) => `${r.resourceType}/${r.id}`)).toEqual(['Patient/a', 'Patient/b', 'Condition/c']);
    expect(result).toMatchObject({ resources: 3, files: 2, badLines: 1, typeFilter: true });
    expect(result.serverErrors).toEqual(['error invalid: Observation/x could not be exported']);
    expect(result.errorIssues).toBe(1);
    expect(s.calls.filter((c) => c.url.includes('/files/')).every((c) => c.auth === 'Bearer token-1')).toBe(true);
    expect(s.calls.at(-1)).toMatchObject({ method: 'DELETE', url: STATUS });
  });

  test('files are fetched without the token when the manifest does not require it', async () => {
    const s = server({ [`GET ${BASE}/Patient/$export`]: [accepted], [`GET ${STATUS}`]: [manifest(false)], ...files });
    await readBulkExport(
      { fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 },
      REQUEST,
      clock().policy(),
      () => undefined,
    );
    expect(s.calls.filter((c) => c.url.includes('/files/')).every((c) => c.auth === undefined)).toBe(true);
  });

  test('a server that refuses _typeFilter is asked again without it', async () => {
    const s = server({
      [`GET ${BASE}/Patient/$export`]: [json(400, outcome('_typeFilter is not supported')), accepted],
      [`GET ${STATUS}`]: [manifest(false)],
      ...files,
    });
    const result = await readBulkExport(
      { fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 },
      REQUEST,
      clock().policy(),
      () => undefined,
    );
    expect(result.typeFilter).toBe(false);
    const kickOffs = s.calls.filter((c) => c.url.includes('$export?'));
    expect(kickOffs.map((c) => new URL(c.url).searchParams.has('_typeFilter'))).toEqual([true, false]);
  });

  test('an expired token is renewed once and the request sent again', async () => {
    const t = tokens();
    const s = server({
      [`GET ${BASE}/Patient/$export`]: [
        (c) => (c.auth === 'Bearer token-1' ? json(401, outcome('expired'))() : accepted()),
      ],
      [`GET ${STATUS}`]: [manifest(false)],
      ...files,
    });
    await readBulkExport(
      { fetch: s.fetch, tokens: t, requestTimeoutMs: 1000 },
      REQUEST,
      clock().policy(),
      () => undefined,
    );
    expect(t.invalidated).toBe(1);
  });

  const KICK_OFF = `GET ${BASE}/Patient/$export`;
  test.each([
    ['no $export', 'unsupported', json(404, outcome('Unknown operation'))],
    ['a refused export', 'refused', json(400, outcome('_type Foo is unknown'))],
    ['a forbidden export', 'unauthorized', json(403, outcome('no system scope'))],
    ['a 202 with nowhere to poll', 'failed', () => new Response(null, { status: 202 })],
  ] as [string, string, Answer][])('%s → %s', async (_name, kind, answer) => {
    const script = { [KICK_OFF]: [answer] };
    const s = server(script);
    const err = await readBulkExport(
      { fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 },
      REQUEST,
      clock().policy(),
      () => undefined,
    ).catch((e: unknown) => e);
    expect((err as BulkExportError).kind).toBe(kind);
  });

  test('a file that fails part way still deletes the export', async () => {
    const s = server({
      [`GET ${BASE}/Patient/$export`]: [accepted],
      [`GET ${STATUS}`]: [manifest(false)],
      [`GET ${BASE}/files/Patient-1.ndjson`]: [json(500, outcome('gone'))],
      [`DELETE ${STATUS}`]: [() => new Response(null, { status: 202 })],
    });
    const err = await readBulkExport(
      { fetch: s.fetch, tokens: tokens(), requestTimeoutMs: 1000 },
      REQUEST,
      clock().policy(),
      () => undefined,
    ).catch((e: unknown) => e);
    expect((err as BulkExportError).kind).toBe('failed');
    expect(s.calls.at(-1)).toMatchObject({ method: 'DELETE', url: STATUS });
  });

  test('an unreachable server says so', async () => {
    const failing = (() =>
      Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))) as typeof fetch;
    const err = await readBulkExport(
      { fetch: failing, tokens: tokens(), requestTimeoutMs: 1000 },
      REQUEST,
      clock().policy(),
      () => undefined,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unreachable' });
    expect((err as Error).message).toContain('ECONNREFUSED');
  });
});
