import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ConfigError, loadConfig } from '../../config/config.js';
import { createLogger } from '../../config/logger.js';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { describeAuthMode } from './auth-mode.js';
import { createAuthFromConfig } from './authenticator-from-config.js';
import { cdsHooksSandboxToken } from '../../test/support/cds-hooks-sandbox-token.js';

const dataDir = mkdtempSync(join(tmpdir(), 'auth-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const BASE = 'http://127.0.0.1:3000';
const logger = createLogger('silent');

describe('createAuthFromConfig', () => {
  test('with config/issuers.sandbox.json, a token made like the CDS Hooks Sandbox makes it is accepted', async () => {
    const config = loadConfig({
      SANDBOX: 'on',
      CDS_AUTH: 'required',
      PUBLIC_BASE_URL: BASE,
      DATA_DIR: dataDir,
      JWT_ISSUERS_FILE: join(PROJECT_ROOT, 'config', 'issuers.sandbox.json'),
    });
    const { authenticator, issuers } = createAuthFromConfig(config, { logger });
    expect(issuers.map((i) => i.iss)).toEqual(['https://sandbox.cds-hooks.org']);
    const aud = `${BASE}/cds-services`;
    await expect(authenticator.authenticate(`Bearer ${await cdsHooksSandboxToken(aud)}`, aud)).resolves.toEqual({
      issuer: 'https://sandbox.cds-hooks.org',
      allowedFhirServers: [`${BASE}/fhir`],
    });
    await expect(authenticator.authenticate(undefined, aud)).rejects.toMatchObject({ reason: 'missing-token' });
  });

  test.each([
    ['CDS_AUTH=required with no trusted issuer', { SANDBOX: 'off', CDS_AUTH: 'required' }],
    [
      'JWT_EXTRA_ALGORITHMS naming HS256',
      { SANDBOX: 'off', CDS_AUTH: 'optional', JWT_EXTRA_ALGORITHMS: 'ES256,HS256' },
    ],
    ['JWT_EXTRA_ALGORITHMS naming none', { SANDBOX: 'off', CDS_AUTH: 'optional', JWT_EXTRA_ALGORITHMS: 'none' }],
    ['a missing JWT_ISSUERS_FILE', { SANDBOX: 'off', JWT_ISSUERS_FILE: join(dataDir, 'missing.json') }],
  ])('start-up fails with a ConfigError for %s', (_name, env) => {
    expect(() => createAuthFromConfig(loadConfig({ DATA_DIR: dataDir, ...env }), { logger })).toThrow(ConfigError);
  });
});

describe('describeAuthMode', () => {
  test.each([
    ['production default', { SANDBOX: 'off' }, 'required', 'info'],
    ['sandbox default', { SANDBOX: 'on' }, 'optional', 'warn'],
    ['optional outside the sandbox', { SANDBOX: 'off', CDS_AUTH: 'optional' }, 'optional', 'warn'],
    ['off', { SANDBOX: 'on', CDS_AUTH: 'off' }, 'off', 'warn'],
    ['required in the sandbox', { SANDBOX: 'on', CDS_AUTH: 'required' }, 'required', 'info'],
  ])('%s: mode %s is logged at %s', (_name, env, mode, level) => {
    const notice = describeAuthMode(loadConfig(env));
    expect(notice.level).toBe(level);
    expect(notice.fields).toMatchObject({ authMode: mode });
  });
});
