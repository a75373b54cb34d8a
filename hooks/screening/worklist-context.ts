import type { Config } from '../../config/config.js';
import type { Locale } from '../../config/locale.js';
import type { AppDeps } from '../deps.js';
import { LoginStates } from './login-state.js';
import { loadWords, type Words } from './page-words.js';
import { SessionCookies } from './session-cookie.js';
import { Signer } from './signed-value.js';
import { signInMode, type SignInMode } from './sign-in-mode.js';

/** What the worklist reads of the config. */
export type WorklistConfig = Pick<Config, 'publicBaseUrl' | 'sandbox' | 'screening' | 'cardLocale' | 'fhir'>;

/** Everything the worklist's handlers share, built once per app. */
export interface WorklistContext {
  readonly config: WorklistConfig;
  readonly deps: AppDeps;
  readonly mode: SignInMode;
  readonly sessions: SessionCookies;
  readonly logins: LoginStates;
  readonly words: ReadonlyMap<Locale, Words>;
  readonly publicOrigin: string;
  /** Where the identity provider sends the user back: register it there. */
  readonly redirectUri: string;
}

/** The callback path under the public URL, registered at the identity provider as the redirect URI. */
export const CALLBACK_PATH = '/screening/callback';

export function worklistContext(config: WorklistConfig, deps: AppDeps): WorklistContext {
  // SCREENING_SESSION_SECRET, the same on every replica; else one per process (sessions end at restart).
  const secret = config.screening.sessionSecret ?? Signer.randomSecret();
  const secure = config.publicBaseUrl.startsWith('https:');
  return {
    config,
    deps,
    mode: signInMode(config),
    sessions: new SessionCookies(secret, secure, deps.clock),
    logins: new LoginStates(secret, secure, deps.clock),
    words: loadWords(),
    publicOrigin: new URL(config.publicBaseUrl).origin,
    redirectUri: `${config.publicBaseUrl}${CALLBACK_PATH}`,
  };
}

/** The words of a locale (English when a locale has no file, which loadWords prevents). */
export function wordsOf(ctx: WorklistContext, locale: Locale): Words {
  return ctx.words.get(locale) ?? ctx.words.get('en') ?? {};
}
