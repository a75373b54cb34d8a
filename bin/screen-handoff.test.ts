import { describe, expect, test } from '@jest/globals';
import { handOver } from './screen-handoff.js';

/*
 * The command following a run it handed to the running service: its polls are GETs, sent once
 * more when a kept-alive connection closed under them; a service that cannot be reached is said
 * in one line, never as an unexpected error.
 */

const HANDOFF = { url: 'http://127.0.0.1:9', token: 't', fhir: 'http://127.0.0.1:9/fhir' };
const RUN = {
  runId: '5b0d3f3e-0d7a-4c8e-9f1a-1c2b3d4e5f60',
  startedAt: '2026-12-05T10:00:00Z',
  startedBy: 'command-line',
};

function closed(code: string): Promise<Response> {
  return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('closed'), { code }) }));
}

/** A service that starts the run, then answers the polls from `polls` in turn (a failure or a state). */
/** `polls` holds run states (running, complete) or the code of a connection failure. */
function service(polls: string[]): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push(`${init?.method ?? 'GET'} ${url.replace(HANDOFF.url, '')}`);
    if (init?.method === 'POST') {
      return Promise.resolve(Response.json({ run: { ...RUN, state: 'running' } }, { status: 202 }));
    }
    const next = polls.shift() ?? 'complete';
    if (next !== 'running' && next !== 'complete') return closed(next);
    return Promise.resolve(Response.json({ run: { ...RUN, state: next, patientsScreened: 3 } }));
  };
  return { fetch: fetchFn, calls };
}

async function follow(polls: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const s = service(polls);
  const code = await handOver(
    { fhir: HANDOFF.fhir },
    HANDOFF,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { fetch: s.fetch, pollMs: 1 },
  );
  return { code, out, err, polls: s.calls.filter((c) => c.startsWith('GET')).length };
}

describe('following a handed-over run', () => {
  test('a poll whose connection closed under it is sent once more, and the run is followed to its end', async () => {
    const r = await follow(['running', 'UND_ERR_SOCKET', 'complete']);
    expect(r).toMatchObject({ code: 0, err: [], polls: 3 });
    expect(r.out.at(-1)).toBe('stored by the running service');
  });

  test.each([
    ['a connection closed twice in a row', ['UND_ERR_SOCKET', 'ECONNRESET']],
    ['a service that refuses connections (stopped)', ['ECONNREFUSED']],
  ])('%s: one clear line and exit 1', async (_name, polls) => {
    const r = await follow(polls);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      expect.stringMatching(/^screen: the running service at http:\/\/127\.0\.0\.1:9 could not be reached \(/),
    ]);
  });
});
