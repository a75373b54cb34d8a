import { describe, expect, test } from '@jest/globals';
import { LoginStates } from './login-state.js';
import { randomToken, s256Challenge, sameValue } from './pkce.js';

describe('PKCE S256 (RFC 7636)', () => {
  test('the challenge of the RFC’s example verifier is the RFC’s (appendix B)', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('a verifier is 43 unreserved characters, new each time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });

  test.each([['short'], ['x'.repeat(129)], [`${'x'.repeat(42)} `]])('a malformed verifier (%p) is refused', (v) => {
    expect(() => s256Challenge(v)).toThrow(/43 to 128/);
  });
});

describe('state and nonce checks', () => {
  const expected = randomToken();
  test.each([
    ['the same value', expected, true],
    ['another value', randomToken(), false],
    ['a prefix', expected.slice(0, 20), false],
    ['an empty value', '', false],
    ['no value', undefined, false],
    ['a list of values', [expected], false],
  ])('%s matches: %s', (_what, given, matches) => {
    expect(sameValue(expected, given)).toBe(matches);
  });

  test('an empty expected value never matches', () => {
    expect(sameValue('', '')).toBe(false);
  });
});

describe('the sign-in in progress', () => {
  const T0 = new Date('2026-11-22T10:00:00Z');
  const states = (at = T0, secret = 'a-secret-of-at-least-thirty-two-characters') =>
    new LoginStates(secret, false, () => at);
  const req = (cookie: string) => ({ headers: { cookie: cookie.split(';')[0] } });

  test('keeps a fresh state, nonce and verifier, read back by the callback', () => {
    const { login, cookie } = states().begin();
    expect(new Set([login.state, login.nonce, login.verifier]).size).toBe(3);
    expect(states().of(req(cookie))).toEqual(login);
  });

  test.each([
    ['after ten minutes', new Date(T0.getTime() + 600_000), undefined],
    ['with another secret', T0, 'another-secret-of-at-least-thirty-two-chars'],
  ])('is gone %s', (_when, at, secret) => {
    const { cookie } = states().begin();
    expect(states(at, secret).of(req(cookie))).toBeUndefined();
  });
});
