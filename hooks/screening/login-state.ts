import type { Request } from 'express';
import { z } from 'zod';
import { requestCookies, setCookie } from './cookies.js';
import { randomToken } from './pkce.js';
import { Signer } from './signed-value.js';

/** A sign-in must come back from the identity provider within ten minutes. */
export const LOGIN_LIFETIME_S = 600;
export const LOGIN_COOKIE = 'screening_login';

/** What the callback must find again: the state, the nonce and the PKCE verifier of this sign-in. */
export interface LoginState {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly exp: number;
}

const LoginStateSchema = z.strictObject({
  state: z.string().min(43).max(128),
  nonce: z.string().min(43).max(128),
  verifier: z.string().min(43).max(128),
  exp: z.number().int(),
});

/**
 * The sign-in in progress, kept in the browser in a signed cookie between the redirect to the
 * identity provider and the callback: nothing is held in the service's memory, so any replica
 * may answer the callback. The verifier never leaves for the provider before the token request.
 */
export class LoginStates {
  private readonly signer: Signer;

  constructor(
    secret: string | Buffer,
    private readonly secure: boolean,
    private readonly clock: () => Date,
  ) {
    this.signer = new Signer(secret, 'login');
  }

  private nowS(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

  begin(): { login: LoginState; cookie: string } {
    const login: LoginState = {
      state: randomToken(),
      nonce: randomToken(),
      verifier: randomToken(),
      exp: this.nowS() + LOGIN_LIFETIME_S,
    };
    return {
      login,
      cookie: setCookie(LOGIN_COOKIE, this.signer.sign(login), { maxAgeS: LOGIN_LIFETIME_S, secure: this.secure }),
    };
  }

  /** The sign-in this browser started, when its cookie is intact and recent. */
  of(req: Pick<Request, 'headers'>): LoginState | undefined {
    const parsed = LoginStateSchema.safeParse(this.signer.verify(requestCookies(req).get(LOGIN_COOKIE)));
    if (!parsed.success || parsed.data.exp <= this.nowS()) return undefined;
    return parsed.data;
  }

  /** Deletes it: a callback is answered once. */
  clear(): string {
    return setCookie(LOGIN_COOKIE, '', { maxAgeS: 0, secure: this.secure });
  }
}
