import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { CANDIDATE_STATUSES, type StoredCandidate } from '../store/screening-store.js';
import { TEST_NOW } from './support/test-server.js';
import { seedLongList, startWorklistServer, type WorklistServer } from './support/worklist-server.js';

/*
 * The coordinators' worklist at /screening (docs/screening.md, "The worklist") over HTTP, in
 * sandbox mode with its local sign-in: every API call needs a session, changes need the page's
 * anti-forgery token, a view and a status change are written to the trail with the user's sub,
 * filters, the funnel, the CSV; and a service with neither the sandbox nor an identity provider
 * keeps the worklist closed. Candidates come from a real screening run of the sandbox's patients.
 */

const TRIAL = 'NCT04270656';
let server: WorklistServer;
/** The service's clock: the tests move it to expire a session. */
let now = TEST_NOW;
let user: { cookie: string; csrf: string };

/** The `name=value` of a Set-Cookie header of the response. */
function cookieFrom(res: request.Response, name: string): string | undefined {
  const headers = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return headers.find((h) => h.startsWith(`${name}=`));
}

async function signIn(base: string, name: string): Promise<{ cookie: string; csrf: string }> {
  const res = await request(base).post('/screening/sign-in').type('form').send({ name });
  expect(res.status).toBe(303);
  const cookie = cookieFrom(res, 'screening_session')!.split(';')[0]!;
  const session = await request(base).get('/screening/api/session').set('Cookie', cookie);
  expect(session.status).toBe(200);
  return { cookie, csrf: session.body.csrfToken };
}

const api = (path: string) => request(server.baseUrl).get(`/screening/api/${path}`).set('Cookie', user.cookie);
const post = (path: string, body: object) =>
  request(server.baseUrl)
    .post(`/screening/api/${path}`)
    .set('Cookie', user.cookie)
    .set('X-CSRF-Token', user.csrf)
    .send(body);
/** The OperationOutcome's first issue: its registry code and the field it names. */
const issueOf = (res: request.Response) =>
  (res.body as { issue?: { details?: { coding?: { code?: string }[] }; expression?: string[] }[] }).issue?.[0];
const codeOf = (res: request.Response) => issueOf(res)?.details?.coding?.[0]?.code;
const fieldOf = (res: request.Response) => issueOf(res)?.expression?.[0];

let listed: StoredCandidate[];
/** A candidate with criteria left to confirm, the usual case a coordinator works on. */
let chosen: StoredCandidate;

beforeAll(async () => {
  server = await startWorklistServer({ clock: () => now });
  user = await signIn(server.baseUrl, 'Ada Lovelace');
  const started = await post('runs', {});
  expect(started.status).toBe(202);
  await server.runs.settled();
  listed = await server.store.candidates({ trialId: TRIAL });
  chosen = listed.find((c) => c.fit === 'candidate' && c.toConfirm.length > 0)!;
  expect(chosen).toBeDefined();
});
afterAll(async () => {
  await server?.close();
});

describe('without a session', () => {
  test.each([
    ['session'],
    ['trials'],
    [`candidates?trial=${TRIAL}`],
    [`candidates.csv?trial=${TRIAL}`],
    [`funnel?trial=${TRIAL}`],
    [`candidate?trial=${TRIAL}&patient=Patient/x`],
    ['runs'],
    ['no-such-endpoint'],
  ])('GET /screening/api/%s answers 401 with an OperationOutcome', async (path) => {
    const res = await request(server.baseUrl).get(`/screening/api/${path}`);
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('unauthorized');
  });

  test.each([['status'], ['runs']])('POST /screening/api/%s answers 401', async (path) => {
    const res = await request(server.baseUrl).post(`/screening/api/${path}`).send({});
    expect(res.status).toBe(401);
  });

  test('the page sends the browser to the sign-in', async () => {
    const res = await request(server.baseUrl).get('/screening');
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe('/screening/sign-in');
  });

  test('a tampered session cookie is no session', async () => {
    const [name, value] = user.cookie.split('=') as [string, string];
    const [body, tag] = value.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    const res = await request(server.baseUrl).get('/screening/api/session').set('Cookie', `${name}=${forged}.${tag}`);
    expect(res.status).toBe(401);
  });

  test('a session cookie past its expiry (8 hours) is no session', async () => {
    now = new Date(TEST_NOW.getTime() + 8 * 3600_000 + 1000);
    try {
      const res = await request(server.baseUrl).get('/screening/api/session').set('Cookie', user.cookie);
      expect(res.status).toBe(401);
    } finally {
      now = TEST_NOW;
    }
    expect((await request(server.baseUrl).get('/screening/api/session').set('Cookie', user.cookie)).status).toBe(200);
  });

  test('a cookie signed with another secret is no session', async () => {
    const res = await request(server.baseUrl).get('/screening/api/session').set('Cookie', 'screening_session=e30.AAAA');
    expect(res.status).toBe(401);
  });
});

describe('local sign-in (sandbox mode, no identity provider)', () => {
  test('the form says it is for the sandbox only', async () => {
    const res = await request(server.baseUrl).get('/screening/sign-in');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('id="sandbox-warning"');
    expect(res.text).toContain('Sandbox only');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  test('signing in sets a signed, HttpOnly, SameSite=Lax cookie; the sub is sandbox:<name>', async () => {
    const res = await request(server.baseUrl)
      .post('/screening/sign-in')
      .type('form')
      .send({ name: '  Grace   Hopper ' });
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe('/screening');
    const set = cookieFrom(res, 'screening_session')!;
    expect(set).toMatch(/; Path=\/screening; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    const session = await request(server.baseUrl).get('/screening/api/session').set('Cookie', set.split(';')[0]!);
    expect(session.body).toMatchObject({
      user: { sub: 'sandbox:Grace Hopper', name: 'Grace Hopper' },
      signIn: 'local',
    });
    expect(session.body.expiresAt).toBe('2026-11-22T18:00:00.000Z');
    const page = await request(server.baseUrl).get('/screening').set('Cookie', set.split(';')[0]!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('/screening/assets/app.js');
  });

  test.each([[''], ['<script>'], ['x'.repeat(65)]])('the name %p is refused with the form again', async (name) => {
    const res = await request(server.baseUrl).post('/screening/sign-in').type('form').send({ name });
    expect(res.status).toBe(400);
    expect(cookieFrom(res, 'screening_session')).toBeUndefined();
    expect(res.text).toContain('id="sign-in-problem"');
    expect(res.text).not.toContain('<script>');
  });

  test('a sign-in posted by another site is refused', async () => {
    const res = await request(server.baseUrl)
      .post('/screening/sign-in')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ name: 'Mallory' });
    expect(res.status).toBe(403);
    expect(cookieFrom(res, 'screening_session')).toBeUndefined();
  });

  test('signing out clears the cookie', async () => {
    const other = await signIn(server.baseUrl, 'Leaving');
    const res = await request(server.baseUrl)
      .post('/screening/sign-out')
      .set('Cookie', other.cookie)
      .set('X-CSRF-Token', other.csrf);
    expect(res.status).toBe(204);
    expect(cookieFrom(res, 'screening_session')).toMatch(/^screening_session=; .*Max-Age=0/);
  });
});

describe('the list', () => {
  test('the trials come from the catalogue, with their criteria labelled', async () => {
    const res = await api('trials');
    expect(res.status).toBe(200);
    const trial = res.body.trials.find((t: { id: string }) => t.id === TRIAL);
    expect(trial.title).toMatch(/insulin pump/i);
    expect(Object.keys(trial.criteria)).toEqual(expect.arrayContaining(chosen.toConfirm));
    expect(trial.criteria[chosen.toConfirm[0]!].label).not.toBe(chosen.toConfirm[0]);
  });

  test('a run lists its candidates, with criteria, evidence and dates', async () => {
    const res = await api(`candidates?trial=${TRIAL}`);
    expect(res.status).toBe(200);
    // The list comes a page at a time: the first page is full or holds them all, and the total counts every one.
    expect(res.body.total).toBe(listed.length);
    expect(res.body.candidates).toHaveLength(Math.min(listed.length, res.body.pageSize));
    const pages = Math.ceil(listed.length / res.body.pageSize);
    const all = res.body.candidates.slice();
    for (let page = 2; page <= pages; page++)
      all.push(...(await api(`candidates?trial=${TRIAL}&page=${page}`)).body.candidates);
    expect(new Set(all.map((x: { patient: string }) => x.patient)).size).toBe(listed.length);
    const c = all.find((x: { patient: string }) => x.patient === chosen.patientRef);
    expect(c).toMatchObject({ status: 'new', fit: 'candidate', toConfirm: chosen.toConfirm, met: chosen.met });
    expect(c.evidence.length).toBeGreaterThan(0);
    expect(c.evidence[0]).toEqual({
      criterion: expect.any(String),
      text: expect.any(String),
      date: expect.any(String),
    });
    expect(c.firstSeenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('filters by status, fit and criterion to confirm', async () => {
    const criterion = chosen.toConfirm[0]!;
    // Each filter's total counts every match; its first page holds them all or is full.
    const onFirstPage = (body: { total: number; pageSize: number; candidates: unknown[] }, expected: number) => {
      expect(body.total).toBe(expected);
      expect(body.candidates).toHaveLength(Math.min(expected, body.pageSize));
    };
    const byCriterion = await api(`candidates?trial=${TRIAL}&toConfirm=${criterion}`);
    onFirstPage(byCriterion.body, listed.filter((c) => c.toConfirm.includes(criterion)).length);
    expect(byCriterion.body.candidates.every((c: { toConfirm: string[] }) => c.toConfirm.includes(criterion))).toBe(
      true,
    );
    const possible = await api(`candidates?trial=${TRIAL}&fit=possible`);
    onFirstPage(possible.body, listed.filter((c) => c.fit === 'possible').length);
    const none = await api(`candidates?trial=${TRIAL}&status=consented&fit=&toConfirm=`);
    expect(none.body.candidates.every((c: { status: string }) => c.status === 'consented')).toBe(true);
  });

  test.each([
    ['status=maybe', 'status'],
    ['toConfirm=<x>', 'toConfirm'],
    ['sort=name', 'sort'],
  ])('a bad filter (%s) answers 400 invalid-query naming %s', async (query, field) => {
    const res = await api(`candidates?trial=${TRIAL}&${query}`);
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('invalid-query');
    expect(fieldOf(res)).toBe(field);
  });

  test('a trial not in the catalogue answers 404 naming the trial', async () => {
    const res = await api('candidates?trial=NCT00000000');
    expect(res.status).toBe(404);
    expect(fieldOf(res)).toBe('trial');
  });

  test('the funnel starts from the run’s patients screened', async () => {
    const res = await api(`funnel?trial=${TRIAL}`);
    expect(res.status).toBe(200);
    const [run] = await server.store.runs(1);
    expect(res.body.screened).toBe(run!['patients_screened']);
    expect(res.body.candidates).toBe(listed.length);
    expect(res.body.byStatus).toEqual(
      Object.fromEntries(CANDIDATE_STATUSES.map((s) => [s, s === 'new' ? listed.length : 0])),
    );
  });

  test('the CSV holds the filtered list, one row per patient, as an attachment', async () => {
    const res = await api(`candidates.csv?trial=${TRIAL}&fit=candidate`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="screening-${TRIAL}-2026-11-22.csv"`);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'trial,patient,fit,status,met,to_confirm,missing,evidence,first_seen,last_seen,status_changed_at,status_changed_by,no_longer_fits_reason',
    );
    expect(lines).toHaveLength(1 + listed.filter((c) => c.fit === 'candidate').length);
    expect(lines.some((l) => l.startsWith(`${TRIAL},${chosen.patientRef},candidate,new,`))).toBe(true);
  });

  test('a long list comes 100 at a time with the count of the whole; the CSV holds it all', async () => {
    // A hospital's run lists thousands: 230 more for the second trial, from a run of a day before.
    const OTHER = 'NCT05153070';
    const before = await server.store.countCandidates({ trialId: OTHER });
    const patients = await seedLongList(server.store, OTHER, 230);
    const total = before + patients.length;
    const pages: string[][] = [];
    for (const page of [1, 2, 3]) {
      const res = await api(`candidates?trial=${OTHER}&page=${page}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total, page, pageSize: 100 });
      pages.push(res.body.candidates.map((c: { patient: string }) => c.patient));
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, total - 200]);
    expect(new Set(pages.flat()).size).toBe(total);
    expect(pages.flat()).toEqual(expect.arrayContaining(patients));
    expect((await api(`candidates?trial=${OTHER}&page=4`)).body).toMatchObject({ candidates: [], total, page: 4 });
    // The first page with a filter counts what the filter lists.
    const filtered = await api(`candidates?trial=${OTHER}&status=consented`);
    expect(filtered.body).toMatchObject({ candidates: [], total: 0, page: 1 });
    const csv = await api(`candidates.csv?trial=${OTHER}`);
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(1 + total);
    // A patient on a later page opens as one on the first.
    const last = pages[2]!.at(-1)!;
    const opened = await request(server.baseUrl)
      .get(`/screening/api/candidate?trial=${OTHER}&patient=${last}`)
      .set('Cookie', user.cookie)
      .set('X-CSRF-Token', user.csrf);
    expect(opened.status).toBe(200);
    expect(opened.body.candidate.patient).toBe(last);
  });

  test.each([['page=0'], ['page=x'], ['page=1.5'], ['page=-2']])(
    'a bad page (%s) answers 400 invalid-query naming page',
    async (query) => {
      const res = await api(`candidates?trial=${TRIAL}&${query}`);
      expect(res.status).toBe(400);
      expect(codeOf(res)).toBe('invalid-query');
      expect(fieldOf(res)).toBe('page');
    },
  );
});

describe('a candidate', () => {
  const query = () => `candidate?trial=${TRIAL}&patient=${chosen.patientRef}`;

  test('opening it writes the view to the trail and shows name and date of birth from the FHIR server', async () => {
    const res = await api(query()).set('X-CSRF-Token', user.csrf);
    expect(res.status).toBe(200);
    expect(res.body.demographics).toMatchObject({
      available: true,
      patient: { name: expect.any(String), birthDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) },
    });
    expect(res.body.demographics.patient.hospitalNumber).toMatch(/^SYN-/);
    const last = res.body.trail.at(-1);
    expect(last).toMatchObject({ action: 'viewed', actor: 'sandbox:Ada Lovelace', at: '2026-11-22T10:00:00.000Z' });
    expect(res.body.trail[0]).toMatchObject({ action: 'found', actor: 'screening-run' });
    // Demographics are read live: never in the screening tables, never in the log.
    const name = res.body.demographics.patient.name as string;
    expect(server.logText()).not.toContain(name);
    const worklistLines = server
      .logText()
      .split('\n')
      .filter((l) => l.includes('"route":"/screening'));
    expect(worklistLines.length).toBeGreaterThan(0);
    expect(worklistLines.join('\n')).not.toContain(chosen.patientRef.slice('Patient/'.length));
    expect(JSON.stringify(await server.store.candidates({ trialId: TRIAL }))).not.toContain(name);
  });

  test('opening it without the page’s token is refused and leaves no view in the trail', async () => {
    const before = (await server.store.history(TRIAL, chosen.patientRef)).length;
    const res = await api(query());
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('csrf-refused');
    expect(await server.store.history(TRIAL, chosen.patientRef)).toHaveLength(before);
  });

  test('a status change is recorded with the user’s sub, in the trail and the funnel', async () => {
    const res = await post('status', { trial: TRIAL, patient: chosen.patientRef, status: 'contacted' });
    expect(res.status).toBe(200);
    expect(res.body.candidate).toMatchObject({ status: 'contacted', statusChangedBy: 'sandbox:Ada Lovelace' });
    expect(res.body.trail.at(-1)).toMatchObject({
      action: 'status',
      actor: 'sandbox:Ada Lovelace',
      detail: { from: 'new', to: 'contacted' },
    });
    const funnel = await api(`funnel?trial=${TRIAL}`);
    expect(funnel.body).toMatchObject({ reviewed: 1, contacted: 1, consented: 0 });
    const filtered = await api(`candidates?trial=${TRIAL}&status=contacted`);
    expect(filtered.body.candidates.map((c: { patient: string }) => c.patient)).toEqual([chosen.patientRef]);
  });

  test.each([
    [{ trial: TRIAL, patient: 'Patient/nobody-listed', status: 'reviewed' }, 404, 'not-found', 'patient'],
    [{ trial: TRIAL, patient: 'Patient/x', status: 'maybe' }, 400, 'invalid-request', 'status'],
    [{ trial: TRIAL, patient: 'Observation/x', status: 'reviewed' }, 400, 'invalid-request', 'patient'],
    [{ trial: TRIAL, patient: 'Patient/x', status: 'reviewed', by: 'me' }, 400, 'invalid-request', 'by'],
  ])('%j answers %i %s naming %s', async (body, status, code, field) => {
    const res = await post('status', body);
    expect(res.status).toBe(status);
    expect(codeOf(res)).toBe(code);
    expect(fieldOf(res)).toBe(field);
  });
});

describe('forged requests', () => {
  const body = () => ({ trial: TRIAL, patient: chosen.patientRef, status: 'declined' });

  test('a change without the anti-forgery token is refused (csrf-refused)', async () => {
    const res = await request(server.baseUrl).post('/screening/api/status').set('Cookie', user.cookie).send(body());
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('csrf-refused');
    expect(fieldOf(res)).toBe('X-CSRF-Token');
  });

  test('a change with another session’s token is refused', async () => {
    const other = await signIn(server.baseUrl, 'Other');
    const res = await request(server.baseUrl)
      .post('/screening/api/status')
      .set('Cookie', user.cookie)
      .set('X-CSRF-Token', other.csrf)
      .send(body());
    expect(res.status).toBe(403);
  });

  test('a change from another site’s page is refused (cross-origin-refused)', async () => {
    const res = await post('status', body()).set('Origin', 'https://evil.example');
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('cross-origin-refused');
    const viaFetchMetadata = await post('status', body()).set('Sec-Fetch-Site', 'cross-site');
    expect(codeOf(viaFetchMetadata)).toBe('cross-origin-refused');
    const [c] = await server.store.candidates({ trialId: TRIAL, status: 'declined' });
    expect(c).toBeUndefined();
  });

  test('the API answers no CORS headers and is never cached', async () => {
    const res = await api('trials').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});

describe('runs', () => {
  test('the runs are listed; a second start while one runs is refused (run-in-progress)', async () => {
    const first = await post('runs', {});
    expect(first.status).toBe(202);
    expect(first.body.run).toMatchObject({ state: 'running', startedBy: 'sandbox:Ada Lovelace' });
    const second = await post('runs', {});
    expect(second.status).toBe(409);
    expect(codeOf(second)).toBe('run-in-progress');
    const during = await api('runs');
    expect(during.body).toMatchObject({ available: true, current: { state: 'running' } });
    await server.runs.settled();
    const after = await api('runs');
    expect(after.body.current.state).toBe('complete');
    expect(after.body.recent.length).toBeGreaterThanOrEqual(2);
    expect(after.body.recent[0]).toMatchObject({ state: 'complete', patientsScreened: expect.any(Number) });
    // The later run kept the coordinator's status.
    const [kept] = await server.store.candidates({ trialId: TRIAL, status: 'contacted' });
    expect(kept?.patientRef).toBe(chosen.patientRef);
  });

  test('a run needs a body of no fields', async () => {
    const res = await post('runs', { fhir: 'https://elsewhere.example/fhir' });
    expect(res.status).toBe(400);
    expect(fieldOf(res)).toBe('fhir');
  });
});

describe('without a FHIR server for runs', () => {
  let closed: WorklistServer;
  beforeAll(async () => {
    closed = await startWorklistServer({ runsUnavailable: true });
  });
  afterAll(async () => {
    await closed?.close();
  });

  test('the runs say so and a start is refused (runs-unavailable)', async () => {
    const who = await signIn(closed.baseUrl, 'Ada');
    const runs = await request(closed.baseUrl).get('/screening/api/runs').set('Cookie', who.cookie);
    expect(runs.body).toEqual({ available: false, recent: [] });
    const res = await request(closed.baseUrl)
      .post('/screening/api/runs')
      .set('Cookie', who.cookie)
      .set('X-CSRF-Token', who.csrf)
      .send({});
    expect(res.status).toBe(409);
    expect(codeOf(res)).toBe('runs-unavailable');
  });
});

describe('with neither the sandbox nor an identity provider', () => {
  let production: WorklistServer;
  beforeAll(async () => {
    production = await startWorklistServer({ env: { SANDBOX: 'off' } });
  });
  afterAll(async () => {
    await production?.close();
  });

  test.each([['/screening'], ['/screening/sign-in'], ['/screening/assets/app.js']])(
    'GET %s answers 404 with a page saying the worklist is not configured',
    async (path) => {
      const res = await request(production.baseUrl).get(path);
      expect(res.status).toBe(404);
      expect(res.text).toContain('SCREENING_OIDC_ISSUER');
    },
  );

  test('the API answers 404 and a local sign-in is impossible', async () => {
    const api404 = await request(production.baseUrl).get('/screening/api/session');
    expect(api404.status).toBe(404);
    expect(codeOf(api404)).toBe('not-found');
    const post404 = await request(production.baseUrl).post('/screening/sign-in').type('form').send({ name: 'Eve' });
    expect(post404.status).toBe(404);
    expect(cookieFrom(post404, 'screening_session')).toBeUndefined();
  });
});
