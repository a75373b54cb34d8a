import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ConfigError } from '../../config/config.js';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { loadIssuersFile } from './issuers-config.js';

const dir = mkdtempSync(join(tmpdir(), 'issuers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PUBLIC_EC = {
  kty: 'EC',
  crv: 'P-384',
  kid: 'k1',
  x: '46SDH7Znh821wblCBglA61sNE9ZrHYKKt3qRtRTmSXyOI_FIGBLWrWa0GPUkDCEk',
  y: 'XMcRuuoGW7CXjQdy-F5i3FeBE0x9hPLdeFdSoDd3ELmx404tLX0VRRcqzAsPhXcI',
};
writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys: [PUBLIC_EC] }));
writeFileSync(
  join(dir, 'private.json'),
  JSON.stringify({ keys: [{ ...PUBLIC_EC, d: 'SeFXUXda8UomZ8GFUl7HH_Oi15rIbfMcsWj9ecIsDR8kLbqsEz2CGNgwy_IcILxy' }] }),
);
writeFileSync(join(dir, 'oct.json'), JSON.stringify({ keys: [{ kty: 'oct', kid: 's', k: 'c2VjcmV0' }] }));
writeFileSync(join(dir, 'nokid.json'), JSON.stringify({ keys: [{ ...PUBLIC_EC, kid: undefined }] }));
writeFileSync(join(dir, 'notaset.json'), JSON.stringify([PUBLIC_EC]));

let n = 0;
function writeIssuers(content: unknown): string {
  const file = join(dir, `issuers-${n++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const base = { iss: 'https://ehr.example', fhirServers: ['https://ehr.example/fhir/'] };

describe('loadIssuersFile', () => {
  test('reads a jwksFile relative to the issuers file, and trims fhirServer trailing slashes', () => {
    const file = writeIssuers({
      issuers: [{ ...base, jwksFile: 'keys.json', jkuAllowlist: ['https://ehr.example/jwks'] }],
    });
    expect(loadIssuersFile(file)).toEqual([
      {
        iss: 'https://ehr.example',
        jwks: { keys: [PUBLIC_EC] },
        jkuAllowlist: ['https://ehr.example/jwks'],
        fhirServers: ['https://ehr.example/fhir'],
      },
    ]);
  });

  test('replaces {PUBLIC_BASE_URL} in fhirServers', () => {
    const file = writeIssuers({
      issuers: [{ ...base, jwksUrl: 'https://ehr.example/jwks', fhirServers: ['{PUBLIC_BASE_URL}/fhir'] }],
    });
    expect(loadIssuersFile(file, { publicBaseUrl: 'http://127.0.0.1:3000/' })[0]!.fhirServers).toEqual([
      'http://127.0.0.1:3000/fhir',
    ]);
  });

  test('the shipped example files are valid', () => {
    const example = loadIssuersFile(join(PROJECT_ROOT, 'config', 'issuers.example.json'));
    expect(example.map((i) => i.iss)).toEqual(['https://ehr.example.org', 'https://test-ehr.example.org/']);
    const sandbox = loadIssuersFile(join(PROJECT_ROOT, 'config', 'issuers.sandbox.json'), {
      publicBaseUrl: 'http://localhost:3000',
    });
    expect(sandbox).toEqual([
      {
        iss: 'https://sandbox.cds-hooks.org',
        jwks: expect.objectContaining({
          keys: [expect.objectContaining({ kid: '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f' })],
        }),
        jkuAllowlist: ['https://sandbox.cds-hooks.org/.well-known/jwks.json'],
        fhirServers: ['http://localhost:3000/fhir'],
        algorithms: ['ES384'],
      },
    ]);
  });

  // Each error names the file and the field at fault.
  test.each([
    [
      'HS256 in algorithms',
      { issuers: [{ ...base, jwksUrl: 'https://e/j', algorithms: ['HS256'] }] },
      'issuers.0.algorithms.0',
    ],
    [
      'none in algorithms',
      { issuers: [{ ...base, jwksUrl: 'https://e/j', algorithms: ['none'] }] },
      'issuers.0.algorithms.0',
    ],
    [
      'an empty algorithms list',
      { issuers: [{ ...base, jwksUrl: 'https://e/j', algorithms: [] }] },
      'issuers.0.algorithms',
    ],
    ['no key source at all', { issuers: [base] }, 'issuers.0.jwksUrl'],
    [
      'both jwksUrl and jwksFile',
      { issuers: [{ ...base, jwksUrl: 'https://e/j', jwksFile: 'keys.json' }] },
      'issuers.0.jwksFile',
    ],
    ['a plain-http jwksUrl', { issuers: [{ ...base, jwksUrl: 'http://ehr.example/jwks' }] }, 'issuers.0.jwksUrl'],
    [
      'a plain-http jku',
      { issuers: [{ ...base, jkuAllowlist: ['http://ehr.example/jwks'] }] },
      'issuers.0.jkuAllowlist.0',
    ],
    ['a misspelt key', { issuers: [{ ...base, jwksURL: 'https://e/j' }] }, 'issuers.0'],
    ['missing fhirServers', { issuers: [{ iss: 'x', jwksUrl: 'https://e/j' }] }, 'issuers.0.fhirServers'],
    [
      'a fhirServer that is not a URL',
      { issuers: [{ ...base, jwksUrl: 'https://e/j', fhirServers: ['ehr/fhir'] }] },
      'issuers.0.fhirServers.0',
    ],
    [
      '{PUBLIC_BASE_URL} with no base URL given',
      { issuers: [{ ...base, jwksUrl: 'https://e/j', fhirServers: ['{PUBLIC_BASE_URL}/fhir'] }] },
      'issuers.0.fhirServers.0',
    ],
    ['an empty iss', { issuers: [{ ...base, iss: '', jwksUrl: 'https://e/j' }] }, 'issuers.0.iss'],
    [
      'a duplicate iss',
      {
        issuers: [
          { ...base, jwksUrl: 'https://e/j' },
          { ...base, jwksUrl: 'https://e/k' },
        ],
      },
      'issuers.1.iss',
    ],
    ['no issuers key', { trusted: [] }, 'issuers'],
    ['a jwksFile that does not exist', { issuers: [{ ...base, jwksFile: 'missing.json' }] }, 'issuers.0.jwksFile'],
    ['a jwksFile holding a private key', { issuers: [{ ...base, jwksFile: 'private.json' }] }, 'issuers.0.jwksFile'],
    ['a jwksFile holding a symmetric key', { issuers: [{ ...base, jwksFile: 'oct.json' }] }, 'issuers.0.jwksFile'],
    ['a jwksFile key without kid', { issuers: [{ ...base, jwksFile: 'nokid.json' }] }, 'issuers.0.jwksFile'],
    ['a jwksFile that is not a JWK Set', { issuers: [{ ...base, jwksFile: 'notaset.json' }] }, 'issuers.0.jwksFile'],
    ['a file that is not JSON', '{ "issuers": [', 'JWT_ISSUERS_FILE'],
  ])('refuses %s, naming the file and the field', (_name, content, field) => {
    const file = writeIssuers(content);
    let error: unknown;
    try {
      loadIssuersFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(field);
  });

  test('allows plain http JWKS URLs on loopback, for local development', () => {
    const file = writeIssuers({
      issuers: [{ ...base, jwksUrl: 'http://127.0.0.1:8080/jwks', jkuAllowlist: ['http://localhost/jwks'] }],
    });
    expect(loadIssuersFile(file)[0]!.jwksUrl).toBe('http://127.0.0.1:8080/jwks');
  });

  test('a missing issuers file is a ConfigError naming it', () => {
    expect(() => loadIssuersFile(join(dir, 'nope.json'))).toThrow(/nope\.json/);
    expect(() => loadIssuersFile(join(dir, 'nope.json'))).toThrow(ConfigError);
  });
});
