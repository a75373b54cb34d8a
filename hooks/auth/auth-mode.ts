import type { Config } from '../../config/config.js';

/** A start-up log line about the authentication mode. */
export interface AuthModeNotice {
  readonly level: 'info' | 'warn';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * What bin/server.ts logs at start about CDS_AUTH: a warning whenever unauthenticated calls
 * are accepted (optional, the sandbox default, or off).
 */
export function describeAuthMode(config: Pick<Config, 'auth' | 'sandbox'>): AuthModeNotice {
  const { mode, issuersFile } = config.auth;
  const fields = { authMode: mode, sandbox: config.sandbox, issuersFile: issuersFile ?? null };
  if (mode === 'off') {
    return { level: 'warn', fields, message: 'CDS_AUTH=off: JWTs are ignored and any caller is accepted' };
  }
  if (mode === 'optional') {
    const why = config.sandbox ? ' (sandbox default)' : '';
    return {
      level: 'warn',
      fields,
      message: `CDS_AUTH=optional${why}: calls without a JWT are accepted; a JWT that is sent must verify`,
    };
  }
  return { level: 'info', fields, message: 'CDS_AUTH=required: every call needs a valid JWT' };
}
