import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childServerArgs, SERVER_ENTRY } from '../bench/child-server.js';
import { SERVICE_NODE_FLAGS } from '../bin/node-flags.js';
import { main } from '../bin/seed.js';
import { SeedError, waitForFhirServer } from '../sandbox/seed-loader.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { createFhirServerPolicy } from '../hooks/fhir-server-policy.js';
import { createSandboxFhir, type SandboxFhir } from '../sandbox/fhir/sandbox-fhir.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { startMisbehavingFhirServer } from './support/misbehaving-fhir-server.js';

const TODAY = new Date(Date.UTC(2026, 4, 1));
const TOKEN = 'seed-token-7c1e';

interface EmptyServer {
  readonly sandbox: SandboxFhir;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** An embedded sandbox FHIR server with no patients, on a loopback port. */
async function emptyServer(requireToken?: string, port = 0): Promise<EmptyServer> {
  const sandbox = await createSandboxFhir({
    fixtures: [],
    today: TODAY,
    logger: createLogger('silent'),
    ...(requireToken ? { requireToken } : {}),
  });
  const app = express();
  app.use('/fhir', sandbox.router);
  const server: Server = app.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    sandbox,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function runSeed(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), now: () => TODAY });
  return { code, out, err };
}

/** Every stored resource's version, by `Type/id`. */
async function versions(sandbox: SandboxFhir): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const patientId of sandbox.store.patientIds()) {
    for (const type of ['Patient', 'Condition', 'Observation', 'MedicationRequest', 'MedicationStatement', 'Device']) {
      const query = type === 'Patient' ? { _id: patientId } : { patient: `Patient/${patientId}` };
      const bundle = await sandbox.store.search({
        resourceType: type as 'Patient',
        filters: Object.entries(query).map(([code, value]) => ({ code, operator: 'eq' as const, value })),
      });
      for (const e of bundle.entry ?? []) out.set(`${type}/${e.resource!.id}`, e.resource!.meta!.versionId!);
    }
  }
  return out;
}

describe('npm run seed against the embedded FHIR server over HTTP', () => {
  let target: EmptyServer;
  beforeAll(async () => {
    target = await emptyServer(TOKEN);
  });
  afterAll(async () => {
    await target.close();
  });

  test('the first run creates every resource, prints a line per patient, and sends the token', async () => {
    const { code, out, err } = await runSeed(['--fhir', target.baseUrl, '--token', TOKEN, '--extra', '2']);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const expectedIds = [...ALL_FIXTURES.map((f) => f.id), 'gen-0001', 'gen-0002'];
    expect(out).toHaveLength(expectedIds.length + 1);
    for (const [i, id] of expectedIds.entries()) {
      const m = new RegExp(`^${id}\\s+(\\d+) resources  created (\\d+)  updated 0  unchanged 0$`).exec(out[i]!);
      expect(m).not.toBeNull();
      expect(m![2]).toBe(m![1]);
    }
    const fixtureCount = ALL_FIXTURES.reduce((n, f) => n + f.resources(TODAY).length, 0);
    expect(target.sandbox.store.size).toBeGreaterThan(fixtureCount);
    expect(target.sandbox.store.patientIds().sort()).toEqual(expectedIds.sort());
    expect(out.at(-1)).toMatch(
      /^loaded \d+ patients \(\d+ resources\) into http:\/\/127\.0\.0\.1:\d+\/fhir: created \d+, updated 0, unchanged 0$/,
    );
  });

  test('a second run changes nothing: every resource unchanged, every versionId the same', async () => {
    const before = await versions(target.sandbox);
    const sizeBefore = target.sandbox.store.size;
    const { code, out } = await runSeed(['--fhir', `${target.baseUrl}/`, '--token', TOKEN, '--extra', '2']);
    expect(code).toBe(0);
    for (const l of out.slice(0, -1)) expect(l).toMatch(/ created 0 {2}updated 0 {2}unchanged \d+$/);
    expect(out.at(-1)).toMatch(/created 0, updated 0, unchanged \d+$/);
    const after = await versions(target.sandbox);
    expect(before.size).toBeGreaterThan(100);
    expect(after).toEqual(before);
    expect(target.sandbox.store.size).toBe(sizeBefore);
  });

  test('a changed patient is reported as updated', async () => {
    const later = new Date(Date.UTC(2026, 4, 2)); // relative dates move by a day
    const out: string[] = [];
    const code = await main(['--fhir', target.baseUrl, '--token', TOKEN], {
      out: (l) => out.push(l),
      err: () => {},
      now: () => later,
    });
    expect(code).toBe(0);
    expect(out.slice(0, -1).some((l) => / updated [1-9]\d*/.test(l))).toBe(true);
  });
});

describe('npm run seed -- --population N: generated patients of varied shape, for load', () => {
  let target: EmptyServer;
  beforeAll(async () => {
    target = await emptyServer();
  });
  afterAll(async () => {
    await target.close();
  });

  test('loads the fixtures and N pop-… patients (Consents of research opt-outs included), counted, not listed', async () => {
    const { code, out, err } = await runSeed(['--fhir', target.baseUrl, '--population', '60']);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('population: 60 of 60 generated patients loaded');
    expect(out.some((l) => l.startsWith('pop-'))).toBe(false);
    const ids = target.sandbox.store.patientIds();
    expect(ids.filter((id) => id.startsWith('pop-'))).toHaveLength(60);
    expect(ids.filter((id) => !id.startsWith('pop-'))).toHaveLength(ALL_FIXTURES.length);
    const consents = await target.sandbox.store.search({ resourceType: 'Consent' });
    expect(consents.entry?.length).toBeGreaterThan(0);
    expect(out.at(-1)).toMatch(new RegExp(`^loaded ${ALL_FIXTURES.length + 60} patients `));
  });

  test.each([
    ['over the bound', '100001'],
    ['not a whole number', '2.5'],
  ])('a --population %s → exit 2 naming the bound', async (_name, n) => {
    const { code, err } = await runSeed(['--fhir', 'http://127.0.0.1:1/fhir', '--population', n]);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--population 0 to 100000/);
  });
});

describe('npm run seed fails clearly, without a stack trace', () => {
  test.each([
    [
      'the server refuses the connection',
      { mode: 'refuse' } as const,
      /cannot reach the FHIR server at .* \(ECONNREFUSED\)/,
    ],
    ['the server answers 500', { mode: 'status500' } as const, /answered HTTP 500/],
    ['the server answers HTML', { mode: 'html' } as const, /answered HTTP 200 with a body that is not FHIR JSON/],
  ])('%s → exit 1 with a one-line reason', async (_name, m, reason) => {
    const server = await startMisbehavingFhirServer(m);
    try {
      const { code, err } = await runSeed(['--fhir', server.baseUrl]);
      expect(code).toBe(1);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(reason);
      expect(err[0]).not.toMatch(/\n\s+at /);
    } finally {
      await server.close();
    }
  });

  test('a server demanding a token it was not given → exit 1 naming HTTP 401; the token never printed', async () => {
    const locked = await emptyServer(TOKEN);
    try {
      const { code, err } = await runSeed(['--fhir', locked.baseUrl, '--token', 'wrong-token-123']);
      expect(code).toBe(1);
      expect(err[0]).toMatch(/answered HTTP 401/);
      expect(err.join('')).not.toContain('wrong-token-123');
      expect(locked.sandbox.store.size).toBe(0);
    } finally {
      await locked.close();
    }
  });

  test.each([
    ['no --fhir', []],
    ['a non-http URL', ['--fhir', 'ftp://example.org/fhir']],
    ['a negative --extra', ['--fhir', 'http://127.0.0.1:1/fhir', '--extra', '-3']],
    ['an unknown option', ['--fhir', 'http://127.0.0.1:1/fhir', '--verbose']],
  ])('bad arguments (%s) → exit 2 with the usage line', async (_name, args) => {
    const { code, err } = await runSeed(args);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/usage: npm run seed -- --fhir <base-url>/);
  });
});

describe('waiting for a FHIR server that is still starting (HAPI under docker-compose)', () => {
  test('waitForFhirServer returns once a server starts answering metadata on the port', async () => {
    const free = await startMisbehavingFhirServer({ mode: 'refuse' });
    const port = Number(new URL(free.baseUrl).port);
    let late: EmptyServer | undefined;
    const starting = new Promise<void>((resolve) =>
      setTimeout(() => {
        void emptyServer(undefined, port).then((s) => {
          late = s;
          resolve();
        });
      }, 300),
    );
    try {
      const started = performance.now();
      await waitForFhirServer(free.baseUrl, { timeoutMs: 10_000, intervalMs: 100 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      await starting;
      expect(late).toBeDefined();
    } finally {
      await starting;
      await late?.close();
    }
  });

  test('--wait gives up with exit 1 and the last reason when the server never comes', async () => {
    const free = await startMisbehavingFhirServer({ mode: 'refuse' });
    const { code, out, err } = await runSeed(['--fhir', free.baseUrl, '--wait', '1']);
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^waiting up to 1 s for /);
    expect(err[0]).toMatch(/was not ready after 1 s \(cannot reach the FHIR server .*ECONNREFUSED\)/);
  });

  test('a server whose metadata is not a CapabilityStatement is not ready', async () => {
    const server = await startMisbehavingFhirServer({ mode: 'wrongType' });
    try {
      await expect(waitForFhirServer(server.baseUrl, { timeoutMs: 300, intervalMs: 100 })).rejects.toThrow(SeedError);
    } finally {
      await server.close();
    }
  });
});

describe('docker-compose.yml only runs what these tests run', () => {
  const compose = readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');

  /** The lines of one top-level service block. */
  function service(name: string): string[] {
    const lines = compose.split('\n');
    const start = lines.indexOf(`  ${name}:`);
    expect(start).toBeGreaterThan(0);
    const end = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l));
    return lines.slice(start + 1, end < 0 ? undefined : end);
  }

  /** `KEY: value` pairs of a service's environment block. */
  function environment(name: string): Record<string, string> {
    const lines = service(name);
    const at = lines.indexOf('    environment:');
    const env: Record<string, string> = {};
    for (const l of lines.slice(at + 1)) {
      if (/^ {6}#/.test(l)) continue;
      const m = /^ {6}([A-Za-z_.]+): ['"]?([^'"#]*?)['"]?\s*$/.exec(l);
      if (!m) break;
      env[m[1]!] = m[2]!;
    }
    return env;
  }

  test('the seed job runs the seed CLI with arguments it accepts; against a live server it loads', async () => {
    const line = service('seed').find((l) => l.trim().startsWith('command:'))!;
    const command = JSON.parse(line.slice(line.indexOf('[')).replaceAll("'", '"')) as string[];
    expect(command.slice(0, 2)).toEqual(['node', 'dist/bin/seed.js']);
    const args = command.slice(2);
    expect(args.slice(0, 2)).toEqual(['--fhir', 'http://hapi:8080/fhir']);
    const target = await emptyServer();
    try {
      const { code, err } = await runSeed(args.map((a) => (a === 'http://hapi:8080/fhir' ? target.baseUrl : a)));
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(target.sandbox.store.patientIds().length).toBe(ALL_FIXTURES.length);
    } finally {
      await target.close();
    }
  });

  test('the service environment is a valid configuration that allows HAPI as fhirServer', () => {
    const env = environment('cds');
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['HOST', 'FHIR_SERVER_ALLOWLIST', 'FHIR_ALLOW_HTTP']));
    const config = loadConfig(env);
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(3000);
    const policy = createFhirServerPolicy({ allowlist: config.fhir.allowlist, allowHttp: config.fhir.allowHttp });
    expect(policy('http://hapi:8080/fhir', {})).toBe('http://hapi:8080/fhir');
  });

  test('HAPI is FHIR R4 on port 8080, without a health check its pinned image cannot run', () => {
    const hapi = service('hapi').join('\n');
    expect(hapi).toMatch(/image: hapiproject\/hapi:v\d+\.\d+\.\d+/);
    expect(environment('hapi')['hapi.fhir.fhir_version']).toBe('R4');
    expect(hapi).toMatch(/- ['"]8080:8080['"]/);
    // The pinned image has no HealthCheck class, shell or curl (test/docker-files.test.ts); the seed job waits itself.
    expect(hapi).not.toMatch(/^ +healthcheck:/m);
  });

  test('the image, npm start and the benchmarks start the service with the same file and node flags', () => {
    const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(cmd).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/bin/server.js']);
    expect(pkg.scripts.start).toMatch(new RegExp(`&& ${cmd.join(' ')}$`));
    expect(childServerArgs(SERVER_ENTRY)).toEqual([...SERVICE_NODE_FLAGS, SERVER_ENTRY]);
  });
});
