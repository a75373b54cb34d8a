import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { composeDeps } from '../hooks/compose.js';
import { createAuthFromConfig } from '../hooks/auth/authenticator-from-config.js';
import { ALL_FIXTURES } from './patients/index.js';
import { sandboxFactory } from './start-sandbox.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const BASE = 'http://127.0.0.1:3000';
const logger = createLogger('silent');
const NOW = new Date('2026-11-22T10:00:00Z');

describe('the sandbox, composed by the entry point', () => {
  test('sandbox mode: optional auth, and the EHR page issuer is trusted for our own /fhir', async () => {
    const config = loadConfig({ SANDBOX: 'on', PUBLIC_BASE_URL: BASE, DATA_DIR: dataDir });
    const composition = await composeDeps(config, logger, {
      sandbox: sandboxFactory({ page: false }),
      inMemoryStore: true,
      clock: () => NOW,
    });
    try {
      const sandbox = composition.sandbox!;
      expect(sandbox.issuer.iss).toBe(`${BASE}/sandbox-ehr`);
      expect(sandbox.patientCount).toBe(ALL_FIXTURES.length);
      const { authenticator } = composition.deps;
      const aud = `${BASE}/cds-services/pump-evaluation`;
      await expect(authenticator.authenticate(undefined, aud)).resolves.toEqual({});
      await expect(authenticator.authenticate(`Bearer ${await sandbox.issuer.signToken(aud)}`, aud)).resolves.toEqual({
        issuer: `${BASE}/sandbox-ehr`,
        allowedFhirServers: [`${BASE}/fhir`],
      });
    } finally {
      await composition.close();
    }
  });

  test('outside sandbox mode no sandbox issuer is trusted: its tokens are refused', async () => {
    const sandboxConfig = loadConfig({ SANDBOX: 'on', PUBLIC_BASE_URL: BASE, DATA_DIR: dataDir });
    const started = await sandboxFactory({ page: false })({
      config: sandboxConfig,
      logger,
      clock: () => NOW,
      rules: { services: [] } as never,
      services: [],
      cardStore: new Promise(() => undefined), // never needed: nothing is reset here
    });
    const config = loadConfig({
      SANDBOX: 'off',
      PUBLIC_BASE_URL: BASE,
      DATA_DIR: dataDir,
      JWT_ISSUERS_FILE: join(PROJECT_ROOT, 'config', 'issuers.example.json'),
    });
    const auth = createAuthFromConfig(config, { logger });
    expect(auth.issuers.map((i) => i.iss)).not.toContain(started.issuer.iss);
    const aud = `${BASE}/cds-services/x`;
    await expect(
      auth.authenticator.authenticate(`Bearer ${await started.issuer.signToken(aud)}`, aud),
    ).rejects.toMatchObject({ reason: 'unknown-issuer' });
  });

  test('SANDBOX on with no sandbox factory is a wiring error, not a silent production start', async () => {
    const config = loadConfig({ SANDBOX: 'on', PUBLIC_BASE_URL: BASE, DATA_DIR: dataDir });
    await expect(composeDeps(config, logger, { inMemoryStore: true })).rejects.toThrow(/sandbox factory/);
  });
});
