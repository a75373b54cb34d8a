import { describe, expect, test } from '@jest/globals';
import type { Caller } from './auth/authenticator.js';
import { CdsError } from './errors.js';
import { createFhirServerPolicy } from './fhir-server-policy.js';

const production = createFhirServerPolicy({
  allowlist: ['https://ehr.example.org/fhir/r4/', 'https://other.example.com'],
  allowHttp: false,
});
const sandbox = createFhirServerPolicy({
  allowlist: ['http://hapi:8080/fhir'],
  allowHttp: true,
  sandboxBaseUrl: ['http://127.0.0.1:3000/fhir', 'http://localhost:3000/fhir'],
});
const anyone: Caller = {};

function refusal(run: () => unknown): CdsError | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return err as CdsError;
  }
}

describe('createFhirServerPolicy', () => {
  test.each([
    ['the exact allowlisted base', 'https://ehr.example.org/fhir/r4', 'https://ehr.example.org/fhir/r4'],
    ['a trailing slash', 'https://ehr.example.org/fhir/r4/', 'https://ehr.example.org/fhir/r4'],
    [
      'a tenant path under the base',
      'https://ehr.example.org/fhir/r4/tenant-7',
      'https://ehr.example.org/fhir/r4/tenant-7',
    ],
    [
      'an upper-case host and the default port',
      'https://EHR.example.org:443/fhir/r4',
      'https://ehr.example.org/fhir/r4',
    ],
    ['a root base allowing any path', 'https://other.example.com/fhir', 'https://other.example.com/fhir'],
  ])('accepts %s', (_name, fhirServer, normalised) => {
    expect(production(fhirServer, anyone)).toBe(normalised);
  });

  test.each([
    ['a host not on the list', 'https://evil.example.net/fhir/r4'],
    ['a host that only starts like an allowed one', 'https://ehr.example.org.evil.net/fhir/r4'],
    ['a sibling path sharing a prefix', 'https://ehr.example.org/fhir/r4-admin'],
    ['a parent path', 'https://ehr.example.org/fhir'],
    ['a dot-segment escape', 'https://ehr.example.org/fhir/r4/../../admin'],
    ['an encoded dot-segment escape', 'https://ehr.example.org/fhir/r4/%2e%2e/%2e%2e/admin'],
    ['another port', 'https://ehr.example.org:8443/fhir/r4'],
    ['plain http of an allowed host', 'http://ehr.example.org/fhir/r4'],
    ['credentials in the URL', 'https://user:pw@ehr.example.org/fhir/r4'],
    ['a file URL', 'file:///etc/passwd'],
    ['a gopher URL', 'gopher://ehr.example.org/fhir/r4'],
    ['a query string', 'https://ehr.example.org/fhir/r4?x=1'],
    ['a relative URL', '/fhir/r4'],
    ['garbage', 'not a url'],
  ])('refuses %s with fhir-server-not-allowed on field fhirServer', (_name, fhirServer) => {
    const err = refusal(() => production(fhirServer, anyone));
    expect(err).toBeInstanceOf(CdsError);
    expect(err?.code).toBe('fhir-server-not-allowed');
    expect(err?.status).toBe(403);
    expect(err?.details[0]?.field).toBe('fhirServer');
  });

  test.each([
    ['its own /fhir', 'http://127.0.0.1:3000/fhir', true],
    ['its own /fhir by localhost', 'http://localhost:3000/fhir/', true],
    ['HAPI in compose over plain http', 'http://hapi:8080/fhir', true],
    ['another loopback port', 'http://127.0.0.1:8080/fhir', false],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data', false],
  ])('in sandbox mode, %s (%s) is allowed: %s', (_name, fhirServer, allowed) => {
    expect(refusal(() => sandbox(fhirServer, anyone)) === undefined).toBe(allowed);
  });

  test.each([
    ['a server in the issuer list', true, ['https://ehr.example.org/fhir/r4'], 'https://ehr.example.org/fhir/r4'],
    [
      'a server allowlisted but not for this issuer',
      false,
      ['https://other.example.com'],
      'https://ehr.example.org/fhir/r4',
    ],
    ['an empty issuer list', false, [], 'https://ehr.example.org/fhir/r4'],
    [
      'an issuer list with a bad entry',
      true,
      ['::bad::', 'https://ehr.example.org/fhir/r4/'],
      'https://ehr.example.org/fhir/r4',
    ],
    [
      'an issuer server not on the global allowlist',
      false,
      ['https://evil.example.net'],
      'https://evil.example.net/fhir',
    ],
  ])('with a per-issuer list, %s: allowed = %s', (_name, allowed, list, fhirServer) => {
    const caller: Caller = { issuer: 'https://ehr.example.org', allowedFhirServers: list };
    expect(refusal(() => production(fhirServer, caller)) === undefined).toBe(allowed);
  });

  test('a sandbox base URL known only once listening (port 0) is read on each call', () => {
    const listening: { base?: string } = {};
    const late = createFhirServerPolicy({ allowlist: [], allowHttp: true, sandboxBaseUrl: () => listening.base });
    expect(refusal(() => late('http://127.0.0.1:41234/fhir', anyone))?.code).toBe('fhir-server-not-allowed');
    listening.base = 'http://127.0.0.1:41234/fhir';
    expect(late('http://127.0.0.1:41234/fhir/', anyone)).toBe('http://127.0.0.1:41234/fhir');
    expect(refusal(() => late('http://127.0.0.1:41235/fhir', anyone))?.code).toBe('fhir-server-not-allowed');
  });

  test('an invalid allowlist entry fails at start-up, not per request', () => {
    expect(() => createFhirServerPolicy({ allowlist: ['ftp://x'], allowHttp: false })).toThrow(/allowlist/);
  });
});
