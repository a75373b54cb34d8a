import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startOidcTestProvider, type OidcTestProvider } from './support/oidc-test-provider.js';
import { TEST_NOW } from './support/test-server.js';
import { startWorklistServer, type WorklistServer } from './support/worklist-server.js';

/*
 * The worklist's OpenID Connect sign-in (authorization code with PKCE S256) against a tiny real
 * provider (test/support/oidc-test-provider.ts): the redirect to the provider, the callback, the
 * token request with the verifier and the client secret, the ID token's checks, the role claim
 * (403 without the role), and the user's `sub` recorded on a status change.
 */

const TRIAL = 'NCT04270656';
let provider: OidcTestProvider;
let server: WorklistServer;

beforeAll(async () => {
  provider = await startOidcTestProvider({ now: () => TEST_NOW });
  server = await startWorklistServer({
    env: {
      SCREENING_OIDC_ISSUER: provider.issuer,
      SCREENING_OIDC_CLIENT_ID: provider.clientId,
      SCREENING_OIDC_CLIENT_SECRET: provider.clientSecret,
      SCREENING_SESSION_SECRET: 'a-test-secret-of-at-least-thirty-two-characters',
    },
  });
  provider.registerRedirect(`${server.baseUrl}/screening/callback`);
});
afterAll(async () => {
  await server?.close();
  await provider?.close();
});
beforeEach(() => {
  provider.idTokenOverrides = {};
});

/** The `name=value` of a Set-Cookie header. */
const cookie = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((h) => h.startsWith(`${name}=`))
    ?.split(';')[0];

/** Walks a browser's sign-in: the service's redirect, the provider's, and the callback. */
async function signIn(tamper: { state?: string; loginCookie?: string } = {}) {
  const start = await fetch(`${server.baseUrl}/screening/sign-in`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const loginCookie = tamper.loginCookie ?? cookie(start, 'screening_login')!;
  const authorized = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  expect(authorized.status).toBe(302);
  const back = new URL(authorized.headers.get('location')!);
  if (tamper.state !== undefined) back.searchParams.set('state', tamper.state);
  const callback = await fetch(back, { headers: { cookie: loginCookie }, redirect: 'manual' });
  return { start, loginCookie, back, callback, session: cookie(callback, 'screening_session') };
}

test('the sign-in redirects to the provider with the code flow, PKCE S256, a state and a nonce', async () => {
  const start = await fetch(`${server.baseUrl}/screening/sign-in`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const to = new URL(start.headers.get('location')!);
  expect(to.origin + to.pathname).toBe(`${provider.issuer}/authorize`);
  expect(Object.fromEntries(to.searchParams)).toEqual({
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: `${server.baseUrl}/screening/callback`,
    scope: 'openid profile',
    state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    code_challenge_method: 'S256',
  });
  expect(start.headers.getSetCookie().join()).toMatch(
    /screening_login=[^;]+; Path=\/screening; Max-Age=600; HttpOnly; SameSite=Lax/,
  );
});

describe('a user with the screening role', () => {
  let session: string;

  test('signs in: the token request carries the verifier and the client secret; the session is set', async () => {
    provider.nextUser = { sub: 'oidc-sub-4711', name: 'Dr Coordinator', roles: ['staff', 'screening'] };
    const before = provider.exchanges.length;
    const walk = await signIn();
    expect(walk.callback.status).toBe(303);
    expect(walk.callback.headers.get('location')).toBe('/screening');
    expect(provider.exchanges.slice(before)).toEqual([
      { clientAuthenticated: true, pkceVerified: true, outcome: 'issued' },
    ]);
    // The sign-in cookie is spent; the session cookie is set.
    expect(walk.callback.headers.getSetCookie().join()).toMatch(/screening_login=; .*Max-Age=0/);
    session = walk.session!;
    const me = await fetch(`${server.baseUrl}/screening/api/session`, { headers: { cookie: session } });
    expect(await me.json()).toMatchObject({ user: { sub: 'oidc-sub-4711', name: 'Dr Coordinator' }, signIn: 'oidc' });
  });

  test('a status change records the provider’s sub', async () => {
    const started = await fetch(`${server.baseUrl}/screening/api/session`, { headers: { cookie: session } });
    const { csrfToken } = (await started.json()) as { csrfToken: string };
    const run = await fetch(`${server.baseUrl}/screening/api/runs`, {
      method: 'POST',
      headers: { cookie: session, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(run.status).toBe(202);
    await server.runs.settled();
    const [candidate] = await server.store.candidates({ trialId: TRIAL, fit: 'candidate' });
    const res = await fetch(`${server.baseUrl}/screening/api/status`, {
      method: 'POST',
      headers: { cookie: session, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ trial: TRIAL, patient: candidate!.patientRef, status: 'reviewed' }),
    });
    expect(res.status).toBe(200);
    const trail = await server.store.history(TRIAL, candidate!.patientRef);
    expect(trail.at(-1)).toMatchObject({ action: 'status', actor: 'oidc-sub-4711', detail: { to: 'reviewed' } });
    const [stored] = await server.store.candidates({ trialId: TRIAL, status: 'reviewed' });
    expect(stored?.statusChangedBy).toBe('oidc-sub-4711');
  });

  test('the role may come as a space-separated string', async () => {
    provider.nextUser = { sub: 'oidc-sub-2', name: 'B', roles: 'staff screening' };
    expect((await signIn()).callback.status).toBe(303);
  });
});

describe('refused sign-ins', () => {
  test.each([
    ['no roles claim', undefined],
    ['other roles', ['staff', 'billing']],
    ['the role in another case', ['Screening']],
  ])('a user with %s gets the 403 page and no session', async (_name, roles) => {
    provider.nextUser = { sub: 'oidc-sub-9', name: 'No Role', roles };
    const { callback, session } = await signIn();
    expect(callback.status).toBe(403);
    expect(await callback.text()).toContain('screening');
    expect(session).toBeUndefined();
  });

  test('a callback whose state is not this browser’s sign-in is refused (400) without a token request', async () => {
    provider.nextUser = { sub: 'oidc-sub-1', name: 'A', roles: ['screening'] };
    const before = provider.exchanges.length;
    const { callback, session } = await signIn({ state: 'x'.repeat(43) });
    expect(callback.status).toBe(400);
    expect(session).toBeUndefined();
    expect(provider.exchanges.length).toBe(before);
  });

  test('a callback without the sign-in cookie is refused', async () => {
    const { callback, session } = await signIn({ loginCookie: 'screening_login=' });
    expect(callback.status).toBe(400);
    expect(session).toBeUndefined();
  });

  test('an ID token with another nonce is refused', async () => {
    provider.nextUser = { sub: 'oidc-sub-1', name: 'A', roles: ['screening'] };
    provider.idTokenOverrides = { nonce: 'replayed-from-another-sign-in' };
    const { callback, session } = await signIn();
    expect(callback.status).toBe(400);
    expect(session).toBeUndefined();
    expect(server.logText()).toContain('worklist sign-in failed');
  });

  test('a code used twice is refused by the provider, and the sign-in fails', async () => {
    provider.nextUser = { sub: 'oidc-sub-1', name: 'A', roles: ['screening'] };
    const first = await signIn();
    expect(first.callback.status).toBe(303);
    const again = await fetch(first.back, { headers: { cookie: first.loginCookie }, redirect: 'manual' });
    expect(again.status).toBe(502);
    expect(provider.exchanges.at(-1)).toMatchObject({ outcome: 'refused' });
  });

  test('the local sign-in is not offered when an identity provider is configured', async () => {
    const res = await fetch(`${server.baseUrl}/screening/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Mallory',
      redirect: 'manual',
    });
    expect(res.status).toBe(404);
    expect(cookie(res, 'screening_session')).toBeUndefined();
  });

  test('nothing of a code, a token or a secret reaches the log', () => {
    const log = server.logText();
    expect(log).not.toContain(provider.clientSecret);
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(log).not.toMatch(/[?&]code=/);
  });
});
