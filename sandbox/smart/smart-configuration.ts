import type { CapabilityStatementRestSecurity } from '@medplum/fhirtypes';
import { ASSERTION_ALGORITHMS } from './client-assertion.js';

/** The sandbox EHR's OAuth endpoints, under its public base URL. */
export interface SmartEndpoints {
  readonly authorize: string;
  readonly token: string;
}

/** Paths of the OAuth endpoints on this service. */
export const AUTHORIZE_PATH = '/sandbox-ehr/smart/authorize';
export const TOKEN_PATH = '/sandbox-ehr/smart/token';

export function smartEndpoints(publicBaseUrl: string): SmartEndpoints {
  return { authorize: `${publicBaseUrl}${AUTHORIZE_PATH}`, token: `${publicBaseUrl}${TOKEN_PATH}` };
}

/**
 * `GET <fhir base>/.well-known/smart-configuration`: what the sandbox EHR supports. EHR launch
 * of public clients with PKCE (S256 only), backend services with `private_key_jwt`, SMART v2
 * scopes and v1 ones read as v2. No `issuer`: that field is for servers with the
 * `sso-openid-connect` capability, and the sandbox issues no id_token.
 * https://hl7.org/fhir/smart-app-launch/conformance.html#using-well-known
 */
export function smartConfiguration(endpoints: SmartEndpoints): Record<string, unknown> {
  return {
    authorization_endpoint: endpoints.authorize,
    token_endpoint: endpoints.token,
    token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    grant_types_supported: ['authorization_code', 'client_credentials'],
    scopes_supported: [
      'launch',
      'launch/patient',
      'patient/*.rs',
      'patient/*.cruds',
      'user/*.rs',
      'user/*.cruds',
      'system/*.rs',
      'system/*.cruds',
      'patient/*.read',
      'patient/*.write',
      'user/*.read',
      'system/*.read',
    ],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-ehr',
      'authorize-post',
      'client-public',
      'client-confidential-asymmetric',
      'context-ehr-patient',
      'context-banner',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
    ],
  };
}

/**
 * `rest.security` of the CapabilityStatement: the SMART service code and the `oauth-uris`
 * extension naming the two endpoints, for clients that still look there.
 * https://hl7.org/fhir/smart-app-launch/conformance.html (the CapabilityStatement form is deprecated but allowed)
 */
export function smartSecurity(endpoints: SmartEndpoints): CapabilityStatementRestSecurity {
  return {
    extension: [
      {
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [
          { url: 'authorize', valueUri: endpoints.authorize },
          { url: 'token', valueUri: endpoints.token },
        ],
      },
    ],
    service: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }],
        text: 'SMART App Launch (EHR launch, PKCE) and SMART Backend Services',
      },
    ],
    description:
      'Reads without a token are open (sandbox). A request with a bearer token is held to its SMART scopes; writes need one.',
  };
}
