import { describe, expect, test } from '@jest/globals';
import { SESSION_LIFETIME_S, SessionCookies } from './session-cookie.js';
import { Signer } from './signed-value.js';

const SECRET = 'a-session-secret-of-at-least-thirty-two-chars';
const T0 = new Date('2026-11-22T10:00:00Z');

function cookies(at: () => Date = () => T0, secret: string | Buffer = SECRET, secure = false) {
  return new SessionCookies(secret, secure, at);
}
const valueOf = (setCookie: string) => setCookie.split(';')[0]!.slice('screening_session='.length);

describe('the session cookie', () => {
  test('holds the sub, the name and an expiry eight hours on, and reads back', () => {
    const { session, cookie } = cookies().open('sub-1', 'Ada');
    expect(session).toMatchObject({ sub: 'sub-1', name: 'Ada', exp: T0.getTime() / 1000 + SESSION_LIFETIME_S });
    expect(cookies().read(valueOf(cookie))).toEqual(session);
  });

  test('is HttpOnly, SameSite=Lax and scoped to /screening; Secure only on an https service', () => {
    expect(cookies().open('s', 'n').cookie).toMatch(/; Path=\/screening; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    expect(cookies(() => T0, SECRET, true).open('s', 'n').cookie).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  });

  test.each([
    ['a second before it expires', SESSION_LIFETIME_S - 1, true],
    ['when it expires', SESSION_LIFETIME_S, false],
    ['a day later', 86_400, false],
  ])('is accepted %s: %s', (_when, afterS, accepted) => {
    const token = valueOf(cookies().open('sub-1', 'Ada').cookie);
    const later = cookies(() => new Date(T0.getTime() + afterS * 1000));
    expect(later.read(token) !== undefined).toBe(accepted);
  });

  const token = valueOf(cookies().open('sub-1', 'Ada').cookie);
  const [body, tag] = token.split('.') as [string, string];
  const reencode = (change: (v: Record<string, unknown>) => object) =>
    Buffer.from(JSON.stringify(change(JSON.parse(Buffer.from(body, 'base64url').toString())))).toString('base64url');

  test.each([
    ['a changed sub', `${reencode((v) => ({ ...v, sub: 'admin' }))}.${tag}`],
    ['a later expiry', `${reencode((v) => ({ ...v, exp: Number(v['exp']) + 3600 }))}.${tag}`],
    ['a changed tag', `${body}.${Buffer.alloc(32).toString('base64url')}`],
    ['no tag', body],
    ['two dots', `${body}.${tag}.x`],
    ['nothing', ''],
    ['undefined', undefined],
  ])('is refused with %s', (_what, forged) => {
    expect(cookies().read(forged)).toBeUndefined();
  });

  test('signed with another secret is refused', () => {
    expect(cookies(() => T0, Signer.randomSecret()).read(token)).toBeUndefined();
  });

  test('a value signed for another purpose (a sign-in in progress) is not a session', () => {
    const login = new Signer(SECRET, 'login').sign({ sub: 'x', name: 'x', exp: 2e9, sid: 'a'.repeat(24) });
    expect(cookies().read(login)).toBeUndefined();
  });

  test('well signed but of another shape is refused', () => {
    expect(cookies().read(new Signer(SECRET, 'session').sign({ sub: 'x', exp: 2e9 }))).toBeUndefined();
  });

  test('closing sets an empty cookie that expires at once', () => {
    expect(cookies().close()).toBe('screening_session=; Path=/screening; Max-Age=0; HttpOnly; SameSite=Lax');
  });
});

describe('the anti-forgery token', () => {
  const c = cookies();
  const { session } = c.open('sub-1', 'Ada');
  const other = c.open('sub-1', 'Ada').session;

  test.each([
    ['the session’s own token', c.csrfToken(session), true],
    ['another session’s token', c.csrfToken(other), false],
    ['an empty token', '', false],
    ['no token', undefined, false],
    ['the session id itself', session.sid, false],
  ])('%s matches: %s', (_what, given, matches) => {
    expect(c.csrfMatches(session, given)).toBe(matches);
  });
});
