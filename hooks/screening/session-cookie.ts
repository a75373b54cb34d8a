import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { requestCookies, setCookie } from './cookies.js';
import { Signer } from './signed-value.js';

/** How long a worklist session lasts: a working day, then the coordinator signs in again. */
export const SESSION_LIFETIME_S = 8 * 3600;
export const SESSION_COOKIE = 'screening_session';

/** Who is signed in: the OpenID Connect `sub` (or `sandbox:<name>`), a name to show, until when. */
export interface WorklistSession {
  readonly sub: string;
  readonly name: string;
  /** Seconds since the epoch. */
  readonly exp: number;
  /** A random id: the CSRF token is derived from it, so it changes with each sign-in. */
  readonly sid: string;
}

const SessionSchema = z.strictObject({
  sub: z.string().min(1).max(512),
  name: z.string().max(200),
  exp: z.number().int(),
  sid: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});

/**
 * Signs and reads the session cookie, and derives its anti-forgery token. The cookie alone proves
 * nothing against a forged cross-site request (the browser sends it); the token, which only the
 * page can read (GET /screening/api/session, same-origin), must come back in a header.
 */
export class SessionCookies {
  private readonly sessions: Signer;
  private readonly csrf: Signer;

  constructor(
    secret: string | Buffer,
    private readonly secure: boolean,
    private readonly clock: () => Date,
  ) {
    this.sessions = new Signer(secret, 'session');
    this.csrf = new Signer(secret, 'csrf');
  }

  private nowS(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

  /** A new session for a signed-in user, and its Set-Cookie header. */
  open(sub: string, name: string): { session: WorklistSession; cookie: string } {
    const session: WorklistSession = {
      sub,
      name: name.slice(0, 200),
      exp: this.nowS() + SESSION_LIFETIME_S,
      sid: randomBytes(18).toString('base64url'),
    };
    return {
      session,
      cookie: setCookie(SESSION_COOKIE, this.sessions.sign(session), {
        maxAgeS: SESSION_LIFETIME_S,
        secure: this.secure,
      }),
    };
  }

  /** The Set-Cookie header that ends the session in the browser. */
  close(): string {
    return setCookie(SESSION_COOKIE, '', { maxAgeS: 0, secure: this.secure });
  }

  /** The session a cookie value holds: signed by this service, well formed, not expired. */
  read(token: string | undefined): WorklistSession | undefined {
    const parsed = SessionSchema.safeParse(this.sessions.verify(token));
    if (!parsed.success || parsed.data.exp <= this.nowS()) return undefined;
    return parsed.data;
  }

  /** The session of a request, from its cookie. */
  of(req: Pick<Request, 'headers'>): WorklistSession | undefined {
    return this.read(requestCookies(req).get(SESSION_COOKIE));
  }

  /** The session's anti-forgery token. */
  csrfToken(session: WorklistSession): string {
    return this.csrf.mac(session.sid);
  }

  /** True when `given` is the session's anti-forgery token (compared in constant time). */
  csrfMatches(session: WorklistSession, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.csrfToken(session));
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
