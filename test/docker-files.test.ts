import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parse } from 'yaml';
import { ENV_SCHEMA, loadConfig } from '../config/config.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { SERVICE_NODE_FLAGS } from '../bin/node-flags.js';
import { healthRoutes } from '../hooks/health.js';
import type { AppDeps } from '../hooks/deps.js';

/*
 * Docker does not run on the build machine, so the container files are checked here against
 * the code they describe: what the image runs, what its health checks ask, what compose sets.
 * A change to the service (a renamed route, a new node flag, a dropped setting) then fails
 * this test instead of an image that only breaks once deployed.
 */

const read = (file: string): string => readFileSync(join(PROJECT_ROOT, file), 'utf8');

// ---- Dockerfile ----------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, stage by stage, continuation lines joined and comments dropped. */
function dockerfileStages(text: string): Instruction[][] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`unreadable Dockerfile line: ${line}`);
    const instruction = { keyword: m[1]!.toUpperCase(), args: m[2]! };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

const stages = dockerfileStages(read('Dockerfile'));
const finalStage = stages.at(-1) ?? [];
const lastOf = (stage: Instruction[], keyword: string): string | undefined =>
  stage.filter((i) => i.keyword === keyword).at(-1)?.args;

/** `ENV A=1 B=2` lines of a stage, as one map (the later line wins, as in Docker). */
function stageEnv(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.filter((s) => s.keyword === 'ENV')) {
    for (const [, key, value] of i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[key!] = value!.replace(/^"|"$/g, '');
  }
  return env;
}

/** The exec-form command of a `HEALTHCHECK [--options] CMD [...]` instruction. */
function healthcheckCommand(args: string): string[] {
  const m = /^(?:--[\w-]+=\S+\s+)*CMD\s+(\[.*\])$/.exec(args);
  if (!m) throw new Error(`HEALTHCHECK is not in exec form: ${args}`);
  return JSON.parse(m[1]!) as string[];
}

// ---- compose and package.json --------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
const services = compose.services;
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string } };
const scripts = Object.values(pkg.scripts);

/** A compose environment block as the strings the container sees. */
const envOf = (s: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v ?? '')]));

/** The compiled entry point `dist/x/y.js` comes from `x/y.ts` (tsconfig.build.json, outDir dist). */
const sourceOf = (distFile: string): string => distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts');

// ---- health checks -------------------------------------------------------------------------

/**
 * Runs a `node -e` health-check script in a sandbox whose fetch answers `answer`, and returns
 * the URL it asked and the exit code it chose: the script itself, not a guess at its text.
 */
async function runProbe(
  script: string,
  env: Record<string, string>,
  answer: { ok: boolean } | Error,
): Promise<{ url: string; exitCode: number | 'no exit' }> {
  let url = '';
  const exitCode = await new Promise<number | 'no exit'>((resolve) => {
    const timer = setTimeout(() => resolve('no exit'), 2000);
    runInNewContext(script, {
      process: {
        env,
        exit: (code: number) => {
          clearTimeout(timer);
          resolve(code);
        },
      },
      fetch: (u: string) => {
        url = u;
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
    });
  });
  return { url, exitCode };
}

/** The status /readyz answers when the service's readiness is `ok` (the real route handler). */
async function readyzStatus(ok: boolean): Promise<number> {
  const deps = { readiness: () => Promise.resolve({ ok, checks: {} }) } as unknown as AppDeps;
  const layer = healthRoutes(deps).stack.find((l) => l.route?.path === '/readyz');
  const handle = layer?.route?.stack[0]?.handle;
  if (!handle) throw new Error('no /readyz route');
  let status = 200;
  const res = {
    status(s: number) {
      status = s;
      return res;
    },
    set: () => res,
    json: () => res,
  };
  await (handle as (req: unknown, res: unknown, next: () => void) => Promise<void>)({}, res, () => undefined);
  return status;
}

const portDefault = ENV_SCHEMA.shape.PORT.parse(undefined);
const imageEnv = stageEnv(finalStage);
const cds = services.cds!;

const probes: [string, string[]][] = [
  ['the image HEALTHCHECK', healthcheckCommand(lastOf(finalStage, 'HEALTHCHECK') ?? '')],
  ['the compose healthcheck of the cds service', [cds.healthcheck?.test ?? []].flat()],
];

describe('the image', () => {
  test('every stage is built on a Node LTS line (22 or 24) that meets package.json "engines"', () => {
    const aliases = new Set<string>();
    for (const stage of stages) {
      const [image, , alias] = stage[0]!.args.split(/\s+/);
      if (!aliases.has(image!)) {
        const m = /^(?:docker\.io\/library\/)?node:(\d+)(?:[.-][\w.-]*)?(?:@sha256:[0-9a-f]{64})?$/.exec(image!);
        expect(m?.[1]).toMatch(/^(22|24)$/);
        expect(Number(m?.[1])).toBeGreaterThanOrEqual(Number(/>=\s*(\d+)/.exec(pkg.engines.node)?.[1]));
      }
      if (alias) aliases.add(alias);
    }
  });

  test('the final stage runs as a non-root user that owns the data directory', () => {
    const user = lastOf(finalStage, 'USER');
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
    // DATA_DIR defaults to <project>/data, and the project is the WORKDIR.
    const workdir = lastOf(finalStage, 'WORKDIR');
    const chowns = finalStage.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(chowns.some((r) => new RegExp(`chown\\s+${user}(:\\S+)?\\s+${workdir}/data\\b`).test(r))).toBe(true);
  });

  test('it starts the service with the entry point and node flags of `npm start`', () => {
    const cmd = JSON.parse(lastOf(finalStage, 'CMD') ?? '[]') as string[];
    expect(cmd).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/bin/server.js']);
    expect(pkg.scripts.start).toMatch(new RegExp(`&& ${cmd.join(' ')}$`));
    expect(existsSync(join(PROJECT_ROOT, sourceOf(cmd.at(-1)!)))).toBe(true);
  });

  test('it listens on all interfaces at the port it exposes, and sets only settings the service reads', () => {
    const config = loadConfig(imageEnv);
    expect(config.host).toBe('0.0.0.0');
    expect(lastOf(finalStage, 'EXPOSE')).toBe(String(config.port));
    // NODE_ENV is Node's and the libraries', not one of the service's settings.
    const settings = Object.keys(imageEnv).filter((k) => k !== 'NODE_ENV');
    expect(settings.filter((k) => !(k in ENV_SCHEMA.shape))).toEqual([]);
  });

  test('every npm script the build runs exists in package.json', () => {
    const runs = stages.flat().filter((i) => i.keyword === 'RUN');
    const named = runs.flatMap((i) => [...i.args.matchAll(/npm run (\S+)/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !(n in pkg.scripts))).toEqual([]);
  });
});

describe('the health checks of the service', () => {
  test('/readyz answers 200 when ready and 503 when not, which is what the probes tell apart', async () => {
    expect(await readyzStatus(true)).toBe(200);
    expect(await readyzStatus(false)).toBe(503);
  });

  describe.each(probes)('%s', (_name, command) => {
    const [bin, flag, script] = command[0] === 'CMD' ? command.slice(1) : command;

    test('is a node one-liner (the image has no curl or wget)', () => {
      expect([bin, flag]).toEqual(['node', '-e']);
      expect(typeof script).toBe('string');
    });

    test.each([
      ['the image PORT', imageEnv, Number(imageEnv.PORT)],
      ['the compose PORT', envOf(cds), Number(envOf(cds).PORT)],
      ['no PORT (the service default)', {}, portDefault],
      ['another PORT', { PORT: '8081' }, 8081],
    ])('asks /readyz on loopback at the port the service listens on, with %s', async (_case, env, port) => {
      const { url, exitCode } = await runProbe(script!, env, { ok: true });
      expect(url).toBe(`http://127.0.0.1:${port}/readyz`);
      expect(loadConfig(env).port).toBe(port);
      expect(exitCode).toBe(0);
    });

    test.each([
      ['ready (200)', true, 0],
      ['not ready (503)', false, 1],
    ])('when /readyz answers %s, exits %i', async (_case, ready, expected) => {
      const status = await readyzStatus(ready);
      const { exitCode } = await runProbe(script!, imageEnv, { ok: status >= 200 && status < 300 });
      expect(exitCode).toBe(expected);
    });

    test('fails when the service does not answer at all', async () => {
      const { exitCode } = await runProbe(script!, imageEnv, new TypeError('fetch failed'));
      expect(exitCode).toBe(1);
    });
  });
});

describe('docker-compose.yml', () => {
  test('every environment variable set on the cds service is a setting the service reads, and valid', () => {
    const env = envOf(cds);
    expect(Object.keys(env).filter((k) => !(k in ENV_SCHEMA.shape))).toEqual([]);
    const config = loadConfig(env);
    // The port compose publishes is the one the service listens on inside the container.
    expect(cds.ports?.map((p) => Number(p.split(':').at(-1)))).toEqual([config.port]);
  });

  test.each(Object.entries(services).filter(([, s]) => s.command !== undefined))(
    'the %s command runs a program that an npm script runs too',
    (_name, service) => {
      const command = [service.command!].flat().join(' ');
      const npm = /^npm run (\S+)/.exec(command);
      if (npm) {
        expect(Object.keys(pkg.scripts)).toContain(npm[1]);
        return;
      }
      const node = /^node ((?:--\S+ )*)(dist\/\S+\.js)/.exec(command);
      expect(node).not.toBeNull();
      expect(scripts.some((s) => s.includes(`node ${node![1]}${node![2]}`))).toBe(true);
      expect(existsSync(join(PROJECT_ROOT, sourceOf(node![2]!)))).toBe(true);
    },
  );

  test('one-shot jobs built from the image do not inherit the service health check', () => {
    const jobs = Object.entries(services).filter(([, s]) => s.build !== undefined && s.command !== undefined);
    expect(jobs.length).toBeGreaterThan(0);
    for (const [, job] of jobs) expect(job.healthcheck?.disable).toBe(true);
  });

  test('the HAPI health check is one the pinned image can run, or absent with the seed job waiting for HAPI', () => {
    const hapi = services.hapi!;
    const check = hapi.healthcheck?.disable ? undefined : hapi.healthcheck?.test;
    if (check !== undefined) {
      // The pinned distroless image has no /app/HealthCheck.class (later images do) and only a JRE.
      expect([check].flat().join(' ')).not.toMatch(/HealthCheck|\.java\b/);
      return;
    }
    // Without a health check, a `service_healthy` condition on HAPI would never be met.
    const conditions = Object.values(services).map((s) =>
      Array.isArray(s.depends_on) ? undefined : s.depends_on?.hapi?.condition,
    );
    expect(conditions).not.toContain('service_healthy');
    const seed = [services.seed?.command ?? []].flat().join(' ');
    expect(seed).toMatch(/--fhir http:\/\/hapi:8080\/fhir\b/);
    expect(Number(/--wait (\d+)/.exec(seed)?.[1] ?? 0)).toBeGreaterThan(0);
    expect(read('docs/hapi.md')).toMatch(/waits until HAPI answers `GET \/fhir\/metadata`/);
  });
});

describe('.dockerignore', () => {
  const ignored = new Set(
    read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.replace(/^\//, '').replace(/\/$/, '')),
  );

  test.each([
    ['installed dependencies', 'node_modules'],
    ['the local build', 'dist'],
    ['the local database and sandbox key', 'data'],
    ['test and benchmark output', 'test-output'],
    ['coverage reports', 'coverage'],
    ['the git history', '.git'],
    ['logs', '*.log'],
    ['environment files', '.env'],
    ['other environment files', '.env.*'],
  ])('keeps %s out of the build context (%s)', (_what, entry) => {
    expect(ignored).toContain(entry);
  });

  test('keeps out everything git ignores', () => {
    const gitignored = read('.gitignore')
      .split('\n')
      .map((l) => l.trim().replace(/^\//, '').replace(/\/$/, ''))
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(gitignored.filter((l) => !ignored.has(l))).toEqual([]);
  });

  test.each(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'rules', 'sandbox'])(
    'sends %s, which the build needs',
    (file) => {
      expect(ignored.has(file)).toBe(false);
    },
  );
});
