import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { ConfigError, ELIGIBILITY_APP_LAUNCH_PATH } from '../../config/config.js';
import {
  ELIGIBILITY_APP_CLIENT_ID,
  ELIGIBILITY_APP_PATH,
  ELIGIBILITY_APP_SCOPES,
} from '../../hooks/eligibility-app.js';
import { parseClinicalScope } from './scopes.js';

/**
 * The apps and systems the sandbox EHR knows, as data. A production EHR registers the same
 * things in its own authorization server (docs/smart-app.md lists them):
 * - a public client (a browser app, no secret, PKCE) with its exact redirect URIs, launched
 *   from the EHR (SMART App Launch, https://hl7.org/fhir/smart-app-launch/app-launch.html);
 * - a backend client (a system, no user) with the public keys of its signed assertions
 *   (https://hl7.org/fhir/smart-app-launch/backend-services.html).
 * `scopes` are the most a client may be granted; a request for more gets less.
 */
export type SmartClient = PublicClient | BackendClient;

export interface PublicClient {
  readonly kind: 'public';
  readonly clientId: string;
  readonly name: string;
  /** Exact URIs; the authorization request must name one of them. */
  readonly redirectUris: readonly string[];
  readonly scopes: readonly string[];
}

export interface BackendClient {
  readonly kind: 'backend';
  readonly clientId: string;
  readonly name: string;
  /** The public keys its `private_key_jwt` assertions are signed with (RS384 or ES384). */
  readonly jwks: JSONWebKeySet;
  readonly scopes: readonly string[];
}

/** The eligibility checklist app's client id (hooks/eligibility-app.ts). */
export const ELIGIBILITY_CLIENT_ID = ELIGIBILITY_APP_CLIENT_ID;

/**
 * What the sandbox EHR grants the eligibility checklist: what the app asks for
 * (ELIGIBILITY_APP_SCOPES), with the patient of the launch context.
 */
export const ELIGIBILITY_SCOPES: readonly string[] = [...ELIGIBILITY_APP_SCOPES, 'launch/patient'];

/** The clients every sandbox registers: the eligibility checklist, served by this service under /apps/. */
export function defaultSmartClients(publicBaseUrl: string): SmartClient[] {
  return [
    {
      kind: 'public',
      clientId: ELIGIBILITY_CLIENT_ID,
      name: 'Trial eligibility checklist',
      redirectUris: [
        `${publicBaseUrl}${ELIGIBILITY_APP_LAUNCH_PATH}`,
        `${publicBaseUrl}${ELIGIBILITY_APP_PATH}/index.html`,
      ],
      scopes: ELIGIBILITY_SCOPES,
    },
  ];
}

const ID = z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/, 'must be 1 to 64 of A-Z a-z 0-9 . _ ~ -');
const SCOPES = z
  .array(z.string().min(1))
  .min(1)
  .refine((list) => list.every((s) => !s.includes('/') || s.startsWith('launch/') || parseClinicalScope(s)), {
    message: 'every scope with a "/" must be launch/… or a clinical scope (patient|user|system)/Type.cruds',
  });
const CLIENT = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('public'),
    clientId: ID,
    name: z.string().min(1),
    redirectUris: z.array(z.url({ protocol: /^https?$/ })).min(1),
    scopes: SCOPES,
  }),
  z.strictObject({
    kind: z.literal('backend'),
    clientId: ID,
    name: z.string().min(1),
    jwks: z.object({ keys: z.array(z.object({ kty: z.enum(['RSA', 'EC']), kid: z.string().min(1) })).min(1) }),
    scopes: SCOPES.refine((list) => list.every((s) => s.startsWith('system/')), {
      message: 'a backend client may only hold system/ scopes',
    }),
  }),
]);

/** The registered clients by id. */
export interface ClientRegistry {
  find(clientId: string): SmartClient | undefined;
}

/** Checks the clients (a bad entry stops the sandbox, naming the field) and indexes them by id. */
export function clientRegistry(clients: readonly SmartClient[]): ClientRegistry {
  const byId = new Map<string, SmartClient>();
  clients.forEach((client, i) => {
    const parsed = CLIENT.safeParse(client);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(`smartClients[${i}].${issue.path.join('.')}: ${issue.message}`);
    }
    if (byId.has(client.clientId)) throw new ConfigError(`smartClients[${i}].clientId: "${client.clientId}" twice`);
    byId.set(client.clientId, client);
  });
  return { find: (clientId) => byId.get(clientId) };
}
