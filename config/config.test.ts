import { describe, expect, test } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  test('the defaults run the embedded sandbox on 127.0.0.1:3000 with optional auth', () => {
    const c = loadConfig({});
    expect({ port: c.port, host: c.host, sandbox: c.sandbox, auth: c.auth.mode, http: c.fhir.allowHttp }).toEqual({
      port: 3000,
      host: '127.0.0.1',
      sandbox: true,
      auth: 'optional',
      http: true,
    });
    expect(c.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(c.bodyLimitBytes).toBe(1024 * 1024);
    expect(c.fhir).toMatchObject({ timeoutMs: 2000, maxPages: 5, allowlist: [] });
  });

  test('SANDBOX=off means production defaults: JWT required, https only', () => {
    const c = loadConfig({ SANDBOX: 'off' });
    expect(c.auth.mode).toBe('required');
    expect(c.fhir.allowHttp).toBe(false);
  });

  test.each([
    ['512kb', 512 * 1024],
    ['2mb', 2 * 1024 * 1024],
    ['1000', 1000],
  ])('BODY_LIMIT=%s is %i bytes', (value, bytes) => {
    expect(loadConfig({ BODY_LIMIT: value }).bodyLimitBytes).toBe(bytes);
  });

  test('allowlist entries are trimmed and lose their trailing slash', () => {
    const c = loadConfig({ FHIR_SERVER_ALLOWLIST: ' https://a.example/fhir/ ,https://b.example/r4' });
    expect(c.fhir.allowlist).toEqual(['https://a.example/fhir', 'https://b.example/r4']);
  });

  test.each([
    ['PORT', '70000'],
    ['SANDBOX', 'maybe'],
    ['BODY_LIMIT', 'lots'],
    ['FHIR_TIMEOUT_MS', '-1'],
    ['FHIR_SERVER_ALLOWLIST', 'ftp://files.example'],
    ['CDS_AUTH', 'sometimes'],
    ['JWT_CLOCK_SKEW_S', '600'],
    ['PUBLIC_BASE_URL', 'cds.example.org'],
    ['LOG_LEVEL', 'loud'],
  ])('a bad %s stops start-up with a message naming it', (key, value) => {
    let error: unknown;
    try {
      loadConfig({ [key]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(key);
  });
});
