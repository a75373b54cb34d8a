import { z } from 'zod';
import { BackendAuthError } from './backend-auth-error.js';
import { httpCall, jsonOf, type FetchLike } from './http-call.js';

/** Where to ask for tokens, and the assertion algorithms the server says it accepts (when it says). */
export interface TokenEndpoint {
  readonly tokenUrl: string;
  readonly signingAlgs?: readonly string[];
}

const HTTP_URL = z.url({ protocol: /^https?$/ });

/** The fields of `.well-known/smart-configuration` read here; a malformed optional list is ignored. */
const SMART_CONFIGURATION = z.object({
  token_endpoint: HTTP_URL,
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()).optional().catch(undefined),
});

const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';
const EXTENSION = z.object({ url: z.string(), valueUri: z.string().optional() });
/** `CapabilityStatement.rest[].security.extension[]`: where servers named their OAuth endpoints before. */
const CAPABILITY_STATEMENT = z.object({
  rest: z.array(
    z.object({
      security: z
        .object({ extension: z.array(EXTENSION.extend({ extension: z.array(EXTENSION).optional() })).optional() })
        .optional(),
    }),
  ),
});

type Found = TokenEndpoint | { readonly missing: string };

async function fromSmartConfiguration(base: string, fetchFn: FetchLike, timeoutMs: number): Promise<Found> {
  const url = `${base}/.well-known/smart-configuration`;
  const answer = await httpCall(fetchFn, url, { headers: { accept: 'application/json' } }, timeoutMs, 'discovery');
  if (answer.status !== 200) return { missing: `${url} answered HTTP ${answer.status}` };
  const parsed = SMART_CONFIGURATION.safeParse(jsonOf(answer));
  if (!parsed.success) return { missing: `${url} has no token_endpoint URL` };
  const algs = parsed.data.token_endpoint_auth_signing_alg_values_supported;
  return { tokenUrl: parsed.data.token_endpoint, ...(algs ? { signingAlgs: algs } : {}) };
}

async function fromCapabilityStatement(base: string, fetchFn: FetchLike, timeoutMs: number): Promise<Found> {
  const url = `${base}/metadata`;
  const answer = await httpCall(fetchFn, url, { headers: { accept: 'application/fhir+json' } }, timeoutMs, 'discovery');
  if (answer.status !== 200) return { missing: `${url} answered HTTP ${answer.status}` };
  const parsed = CAPABILITY_STATEMENT.safeParse(jsonOf(answer));
  const token = (parsed.data?.rest ?? [])
    .flatMap((rest) => rest.security?.extension ?? [])
    .filter((ext) => ext.url === OAUTH_URIS)
    .flatMap((ext) => ext.extension ?? [])
    .find((ext) => ext.url === 'token')?.valueUri;
  const tokenUrl = HTTP_URL.safeParse(token);
  if (!tokenUrl.success) return { missing: `${url} names no token URL (oauth-uris extension)` };
  return { tokenUrl: tokenUrl.data };
}

/**
 * Finds the token endpoint of the FHIR server at `base` (no trailing slash): its
 * `.well-known/smart-configuration` `token_endpoint`, else the `oauth-uris` extension of its
 * CapabilityStatement, which SMART 1 servers still use. Neither is `discovery`; a server that
 * cannot be reached is `unreachable`.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html#retrieve-well-knownsmart-configuration
 * https://hl7.org/fhir/smart-app-launch/conformance.html
 */
export async function discoverTokenEndpoint(
  base: string,
  fetchFn: FetchLike,
  timeoutMs: number,
): Promise<TokenEndpoint> {
  const smart = await fromSmartConfiguration(base, fetchFn, timeoutMs);
  if (!('missing' in smart)) return smart;
  const capability = await fromCapabilityStatement(base, fetchFn, timeoutMs);
  if (!('missing' in capability)) return capability;
  throw new BackendAuthError(
    'discovery',
    `cannot find the token endpoint of ${base}: ${smart.missing}; ${capability.missing}. Give the token URL explicitly.`,
  );
}
