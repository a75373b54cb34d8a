import { baseUrlString, InvalidBaseUrlError, isUnderBase, normaliseBaseUrl } from '../fhir/fhir-client/base-url.js';
import type { Caller } from './auth/authenticator.js';
import type { FhirServerPolicy } from './deps.js';
import { CdsError } from './errors.js';

/** Which FHIR servers the service may call. */
export interface FhirServerPolicyOptions {
  /** FHIR base URLs (FHIR_SERVER_ALLOWLIST); a fhirServer must be one of them or lie under one. */
  readonly allowlist: readonly string[];
  /** Accept plain http (sandbox and dev only; FHIR_ALLOW_HTTP). */
  readonly allowHttp: boolean;
  /**
   * The embedded sandbox's own /fhir base URL(s), allowed in sandbox mode. A function is
   * asked on each call, for servers whose port is known only once listening (port 0).
   */
  readonly sandboxBaseUrl?: string | readonly string[] | (() => string | readonly string[] | undefined);
}

function refuse(message: string): CdsError {
  return new CdsError('fhir-server-not-allowed', { message, field: 'fhirServer' });
}

function parseAllowed(urls: readonly string[]): URL[] {
  return urls.map((u) => {
    try {
      return normaliseBaseUrl(u);
    } catch (err) {
      throw new Error(`invalid FHIR server allowlist entry "${u}": ${(err as Error).message}`, { cause: err });
    }
  });
}

/** The entries that parse; a bad entry in an issuer's list allows nothing rather than failing the call. */
function parseValid(urls: readonly string[]): URL[] {
  return urls.flatMap((u) => {
    try {
      return [normaliseBaseUrl(u)];
    } catch {
      return [];
    }
  });
}

/**
 * The SSRF guard for `fhirServer`, which the caller chooses: the URL must be http(s)
 * without credentials, on the allowlist (or under an allowlisted base), https unless
 * plain http is allowed, and within the caller's own list when its issuer has one.
 * Returns the normalised base URL; throws CdsError 'fhir-server-not-allowed' (403).
 * https://cds-hooks.hl7.org/2.0/#fhir-resource-access
 */
export function createFhirServerPolicy(options: FhirServerPolicyOptions): FhirServerPolicy {
  const fixedSandbox = typeof options.sandboxBaseUrl === 'function' ? [] : [options.sandboxBaseUrl ?? []].flat();
  const allowed = parseAllowed([...options.allowlist, ...fixedSandbox]);
  const lateSandbox = typeof options.sandboxBaseUrl === 'function' ? options.sandboxBaseUrl : undefined;
  const perCaller = new WeakMap<readonly string[], URL[]>();

  return (fhirServer: string, caller: Caller): string => {
    let url: URL;
    try {
      url = normaliseBaseUrl(fhirServer);
    } catch (err) {
      if (err instanceof InvalidBaseUrlError) throw refuse(`fhirServer is not usable: ${err.message}`);
      throw err;
    }
    if (url.protocol === 'http:' && !options.allowHttp) {
      throw refuse('fhirServer must use https: plain http is allowed in sandbox or dev mode only');
    }
    const late = lateSandbox ? parseValid([lateSandbox() ?? []].flat()) : [];
    if (![...allowed, ...late].some((base) => isUnderBase(url, base))) {
      throw refuse('fhirServer is not on the FHIR server allowlist (FHIR_SERVER_ALLOWLIST)');
    }
    const own = caller.allowedFhirServers;
    if (own !== undefined) {
      let bases = perCaller.get(own);
      if (!bases) perCaller.set(own, (bases = parseValid(own)));
      if (!bases.some((base) => isUnderBase(url, base))) {
        throw refuse('fhirServer is not one of the FHIR servers allowed for this issuer');
      }
    }
    return baseUrlString(url);
  };
}
