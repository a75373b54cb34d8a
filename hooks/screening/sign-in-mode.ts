import type { Config } from '../../config/config.js';

/**
 * How coordinators sign in: with the hospital's identity provider when SCREENING_OIDC_ISSUER and
 * SCREENING_OIDC_CLIENT_ID are set (even in sandbox mode, so that a sign-in can be tried against
 * a real provider); with a display name in sandbox mode otherwise; not at all, and the worklist is
 * closed, when neither: an unconfigured production service never opens patient lists to anyone.
 */
export type SignInMode =
  | { readonly kind: 'oidc'; readonly oidc: NonNullable<Config['screening']['oidc']> }
  | { readonly kind: 'local' }
  | { readonly kind: 'closed' };

export function signInMode(config: Pick<Config, 'sandbox' | 'screening'>): SignInMode {
  if (config.screening.oidc) return { kind: 'oidc', oidc: config.screening.oidc };
  if (config.sandbox) return { kind: 'local' };
  return { kind: 'closed' };
}
