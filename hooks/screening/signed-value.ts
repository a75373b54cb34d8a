import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Values the browser keeps for the service (the session, the sign-in in progress) and hands back
 * unchanged: JSON, base64url-encoded, with an HMAC-SHA256 tag (RFC 2104) made with a key derived
 * per purpose from SCREENING_SESSION_SECRET, so a value signed for one purpose (a sign-in in
 * progress) is never accepted for another (a session). Not encrypted: they hold no secret the user
 * may not see (a user id, a display name, the PKCE verifier of the user's own sign-in).
 */
export class Signer {
  private readonly key: Buffer;

  constructor(secret: string | Buffer, purpose: string) {
    this.key = createHmac('sha256', secret).update(`screening-worklist:${purpose}`).digest();
  }

  /** A random secret for one process: sessions then end when it restarts (no SCREENING_SESSION_SECRET). */
  static randomSecret(): Buffer {
    return randomBytes(32);
  }

  private tag(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  sign(value: unknown): string {
    const body = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    return `${body}.${this.tag(body).toString('base64url')}`;
  }

  /** The value, when the tag is this signer's (compared in constant time); undefined otherwise. */
  verify(token: string | undefined): unknown {
    if (!token) return undefined;
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.tag(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  /** A MAC of `text` with this signer's key, for values derived from a signed one (the CSRF token). */
  mac(text: string): string {
    return this.tag(text).toString('base64url');
  }
}
