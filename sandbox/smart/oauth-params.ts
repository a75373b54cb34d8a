import { OAuthError } from './oauth-error.js';

/** Reads one OAuth parameter: undefined when absent or empty; a parameter given twice is refused (RFC 6749 §3.1). */
export type ParamReader = (name: string) => string | undefined;

/** A reader over a parsed query string or form body. */
export function paramReader(source: unknown): ParamReader {
  const params = typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
  return (name) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `${name} is given more than once`);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
}

/** The parameter, or an invalid_request naming it. */
export function required(read: ParamReader, name: string): string {
  const value = read(name);
  if (value === undefined) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}
