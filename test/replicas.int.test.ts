import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { createLogger } from '../config/logger.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { MIGRATIONS } from '../store/migrations.js';
import { openPgClient } from '../store/pg-client.js';
import type { SqlClient } from '../store/sql-client.js';
import { compileEntries } from './support/compile-entries.js';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startSandboxServer } from './support/fhir-sandbox-server.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { createScratchDatabase, type ScratchDatabase } from './support/test-database.js';
import { until } from './support/until.js';

/*
 * Two real service processes (the compiled bin/server.js) on one PostgreSQL, as a hospital runs
 * them behind a load balancer (issue 16, point 5). They reach the database through a TCP proxy
 * the test controls, so that it can cut PostgreSQL off; their clocks are skewed 3 s apart
 * (test/support/skewed-clock.js), since replicas' clocks never agree exactly.
 */

const BUILD_DIR = join(PROJECT_ROOT, 'test-output', `replicas-${process.pid}`);
const SERVER = join(BUILD_DIR, 'out', 'bin', 'server.js');
const SKEWED_CLOCK = join(PROJECT_ROOT, 'test', 'support', 'skewed-clock.js');
const work = mkdtempSync(join(tmpdir(), 'replicas-'));

/** The address the EHR calls (the load balancer's): every token's audience names it. */
const PUBLIC_BASE_URL = 'http://cds.replicas.test';
const SERVICE = 'pump-evaluation';
const ISSUER = 'https://ehr.replicas.test';
/** The fixture patient whose record gets the pump card; copied under other ids for more patients. */
const TEMPLATE_PATIENT = 'pump-positive-main';
/** Each replica's clock error, in ms: A runs ahead, B behind. */
const SKEW_MS = { a: 3000, b: -3000 } as const;
const DISMISSALS = 1000;
/**
 * Dismissals in flight at once. Each waits 1 s before its check: at 40, the test spent 25 of its
 * 32 s waiting; at 100 it takes 16 s. The check keeps its margin: with both cores busy elsewhere,
 * the other replica still held back every card 0.5 s after the dismissal.
 */
const DISMISSAL_CONCURRENCY = 100;

let db: ScratchDatabase;
let proxy: TcpProxy;
/** A direct connection (not through the proxy) to read what reached the database. */
let direct: SqlClient;
let signingKey: CryptoKey;
let prefetchJson: string;
const replicas: { a?: ServiceProcess; b?: ServiceProcess } = {};
const stopped: ServiceProcess[] = [];

function replicaEnv(): Record<string, string> {
  return {
    DATABASE_URL: db.url(proxy.port),
    CDS_AUTH: 'required',
    JWT_ISSUERS_FILE: join(work, 'issuers.json'),
    PUBLIC_BASE_URL,
    LOG_LEVEL: 'info',
    SHUTDOWN_DELAY_S: '1',
    SHUTDOWN_GRACE_S: '10',
  };
}

async function startReplica(name: keyof typeof SKEW_MS): Promise<ServiceProcess> {
  const replica = await startServiceProcess(
    SERVER,
    { ...replicaEnv(), CLOCK_SKEW_MS: String(SKEW_MS[name]) },
    { preload: [SKEWED_CLOCK] },
  );
  replicas[name] = replica;
  return replica;
}

function replica(name: keyof typeof SKEW_MS): ServiceProcess {
  const r = replicas[name];
  if (!r) throw new Error(`replica ${name} is not running`);
  return r;
}

/** A fresh token for one endpoint, as the EHR mints one per call (new jti). */
function token(path: string, jti: string = randomUUID()): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: 'replicas-test' })
    .setIssuer(ISSUER)
    .setSubject('ehr-client')
    .setAudience(`${PUBLIC_BASE_URL}${path}`)
    .setIssuedAt(now)
    .setExpirationTime(now + 240)
    .setJti(jti)
    .sign(signingKey);
}

interface HookAnswer {
  status: number;
  cards: { uuid: string; summary: string }[];
  /** The OperationOutcome's code, or a 401's WWW-Authenticate challenge. */
  code?: string;
}

/** A patient-view call for `patientId` (the template record under that id), signed with `jwt`. */
async function callHook(base: string, patientId: string, jwt?: string): Promise<HookAnswer> {
  const res = await fetch(`${base}/cds-services/${SERVICE}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${jwt ?? (await token(`/cds-services/${SERVICE}`))}`,
    },
    body: JSON.stringify({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { userId: 'Practitioner/example', patientId },
      prefetch: JSON.parse(prefetchJson.replaceAll(TEMPLATE_PATIENT, patientId)) as unknown,
    }),
  });
  // A refused token gets a bare 401 (CDS Hooks): no body to read.
  if (res.status === 401) return { status: 401, cards: [], code: res.headers.get('www-authenticate') ?? '' };
  const text = await res.text();
  const body = JSON.parse(text) as {
    cards?: HookAnswer['cards'];
    issue?: { details?: { coding?: { code?: string }[] } }[];
  };
  const code = body.issue?.[0]?.details?.coding?.[0]?.code;
  return { status: res.status, cards: body.cards ?? [], ...(code ? { code } : {}) };
}

/** The clinician dismisses the card (overridden, no reason: the policy's default suppression). */
async function dismiss(base: string, cardUuid: string): Promise<Response> {
  return fetch(`${base}/cds-services/${SERVICE}/feedback`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await token(`/cds-services/${SERVICE}/feedback`)}`,
    },
    body: JSON.stringify({
      feedback: [{ card: cardUuid, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }],
    }),
  });
}

/** Runs `work` on every item, `concurrency` at a time. */
async function eachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** The 401 challenge of a refused token. */
const INVALID_TOKEN = expect.stringContaining('error="invalid_token"') as unknown as string;

/** Why the replica refused tokens, from its log (jwt-rejected events). */
function rejections(r: ServiceProcess): string[] {
  return r
    .output()
    .split('\n')
    .filter((l) => l.includes('"event":"jwt-rejected"'))
    .map((l) => (JSON.parse(l) as { reason: string }).reason);
}

/** The refusals, once the replica's log holds `count` of them (the log reaches the pipe a little after the answer). */
async function loggedRejections(r: ServiceProcess, count: number): Promise<string[]> {
  await until(() => rejections(r).length >= count, 5000);
  return rejections(r);
}

async function countIssued(uuids: readonly string[]): Promise<number> {
  const rows = await direct.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM public.issued_card WHERE card_uuid = ANY($1::text[])',
    [uuids],
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  const [, , sandbox, keys] = await Promise.all([
    compileEntries(BUILD_DIR, ['bin/server.ts']),
    (async () => {
      db = await createScratchDatabase('replicas');
      const target = new URL(db.url());
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      direct = await openPgClient({
        url: db.url(),
        logger: createLogger('silent'),
        maxConnections: 2,
        startupTimeoutMs: 30_000,
      });
    })(),
    startSandboxServer(),
    generateKeyPair('ES384'),
  ]);
  signingKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'replicas-test', alg: 'ES384', use: 'sig' };
  writeFileSync(join(work, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
  writeFileSync(
    join(work, 'issuers.json'),
    JSON.stringify({ issuers: [{ iss: ISSUER, jwksFile: join(work, 'jwks.json'), fhirServers: [] }] }),
  );
  try {
    await Promise.all([startReplica('a'), startReplica('b')]);
    const services = (
      (await (await fetch(`${replica('a').baseUrl}/cds-services`)).json()) as {
        services: { id: string; prefetch: Record<string, string> }[];
      }
    ).services;
    // The prefetch the EHR would send, filled from the sandbox record as the service's templates ask.
    const templates = services.find((s) => s.id === SERVICE)!.prefetch;
    prefetchJson = JSON.stringify(await prefetchFromFhir(sandbox.baseUrl, templates, TEMPLATE_PATIENT));
  } finally {
    await sandbox.close();
  }
});

afterAll(async () => {
  for (const r of [replicas.a, replicas.b, ...stopped]) r?.child.kill('SIGKILL');
  await direct?.close();
  await proxy?.close();
  await db?.drop();
  rmSync(BUILD_DIR, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('two replicas started together on an empty database', () => {
  test('migrate it once: one applies every migration, the other finds them applied', async () => {
    const applied = (r: ServiceProcess) =>
      r
        .output()
        .split('\n')
        .filter((l) => l.includes('"msg":"feedback store ready"'))
        .map((l) => (JSON.parse(l) as { migrationsApplied: number[] }).migrationsApplied);
    const both = [applied(replica('a')), applied(replica('b'))]
      .map((a) => a.flat())
      .sort((x, y) => x.length - y.length);
    expect(both[0]).toEqual([]);
    expect(both[1]).toEqual(MIGRATIONS.map((m) => m.version));
    const rows = await direct.query<{ version: number }>(
      'SELECT version FROM public.schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });
});

describe('two replicas share what clinicians dismissed', () => {
  test('run with clocks 6 s apart, as the test means them to', () => {
    const firstLogTime = (r: ServiceProcess) => (JSON.parse(r.output().split('\n')[0]!) as { time: string }).time;
    const skew = Date.parse(firstLogTime(replica('a'))) - Date.parse(firstLogTime(replica('b')));
    // Both started within a second or two of each other; their clocks differ by 6 s.
    expect(skew).toBeGreaterThan(SKEW_MS.a - SKEW_MS.b - 3000);
  });

  test(`${DISMISSALS} dismissals, sent to both replicas at once: none missed, each held back on the other within 1 s (1 % may be late under load)`, async () => {
    const misses: string[] = [];
    const failures: string[] = [];
    const patients = Array.from({ length: DISMISSALS }, (_, i) => i);
    const names = ['a', 'b'] as const;
    await eachConcurrently(patients, DISMISSAL_CONCURRENCY, async (i) => {
      const patientId = `replica-${i}`;
      // Issued by one replica, dismissed through either (the load balancer's choice), checked
      // on the replica that did not take the dismissal.
      const issuer = replica(names[i % 2]!);
      const taker = replica(names[(i >> 1) % 2]!);
      const other = taker === replica('a') ? replica('b') : replica('a');
      const issued = await callHook(issuer.baseUrl, patientId);
      if (issued.status !== 200 || issued.cards.length !== 1) {
        failures.push(`${patientId}: issue ${issued.status} ${issued.cards.length} cards`);
        return;
      }
      const res = await dismiss(taker.baseUrl, issued.cards[0]!.uuid);
      if (res.status !== 200) {
        failures.push(`${patientId}: feedback ${res.status}`);
        return;
      }
      await sleep(1000);
      const after = await callHook(other.baseUrl, patientId);
      if (after.status !== 200) failures.push(`${patientId}: check ${after.status}`);
      else if (after.cards.length > 0) misses.push(patientId);
    });
    expect(failures).toEqual([]);
    // A dismissal not yet seen after 1 s is asked again 4 s later. One still not seen is missed
    // for good (the bug this guards against: a row skipped by the catch-up); one seen by then was
    // late. Speed targets belong to benchmarks, and on a 2-core CI machine with other suites
    // running, a handful of 1,000 replicas' event loops can lag a second: up to 1 % may be late.
    await sleep(4000);
    const late: string[] = [];
    const missed: string[] = [];
    for (const patientId of misses) {
      const i = Number(patientId.slice('replica-'.length));
      const taker = replica((['a', 'b'] as const)[(i >> 1) % 2]!);
      const other = taker === replica('a') ? replica('b') : replica('a');
      const again = await callHook(other.baseUrl, patientId);
      (again.status === 200 && again.cards.length === 0 ? late : missed).push(patientId);
    }
    expect(missed).toEqual([]);
    expect(late.length).toBeLessThanOrEqual(DISMISSALS / 100);
    // Every dismissal is in the database once, for a card the audit trail holds.
    const rows = await direct.query<{ n: number; cards: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT f.card_uuid)::int AS cards
       FROM public.feedback f JOIN public.issued_card c USING (card_uuid)
       WHERE f.patient_ref LIKE 'Patient/replica-%'`,
    );
    expect(rows[0]).toEqual({ n: DISMISSALS, cards: DISMISSALS });
  }, 240_000);

  test('each audit row names the rules version the replica reports on /healthz', async () => {
    const health = await Promise.all(
      [replica('a'), replica('b')].map(
        async (r) => ((await (await fetch(`${r.baseUrl}/healthz`)).json()) as { rulesVersion: string }).rulesVersion,
      ),
    );
    expect(health[0]).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(health[1]).toBe(health[0]);
    const versions = await direct.query<{ rules_version: string | null }>(
      'SELECT DISTINCT rules_version FROM public.issued_card',
    );
    expect(versions).toEqual([{ rules_version: health[0] }]);
  });
});

describe('a token is accepted once across the replicas, and after a restart', () => {
  test('replayed to the other replica, the token is refused; a rolling restart under load fails no call and forgets no token', async () => {
    const jti = randomUUID();
    const once = await token(`/cds-services/${SERVICE}`, jti);
    expect((await callHook(replica('a').baseUrl, 'replay-1', once)).status).toBe(200);
    expect(await callHook(replica('b').baseUrl, 'replay-1', once)).toMatchObject({ status: 401, code: INVALID_TOKEN });
    expect(await loggedRejections(replica('b'), 1)).toEqual(['replayed-jti']);

    // The load balancer: sends each call to a replica whose /readyz said 200 at its last poll.
    const ready = new Map<ServiceProcess, boolean>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        for (const r of [replicas.a, replicas.b]) {
          if (!r) continue;
          const ok = await fetch(`${r.baseUrl}/readyz`).then(
            (res) => res.status === 200,
            () => false,
          );
          ready.set(r, ok);
        }
        await sleep(100);
      }
    })();
    const served = new Map<ServiceProcess, number>();
    const failures: string[] = [];
    let loading = true;
    let turn = 0;
    const load = Array.from({ length: 6 }, async (_, worker) => {
      let n = 0;
      while (loading) {
        const candidates = [replicas.a, replicas.b].filter((r): r is ServiceProcess => !!r && ready.get(r) === true);
        const target = candidates[turn++ % Math.max(1, candidates.length)];
        if (!target) {
          await sleep(10);
          continue;
        }
        try {
          const answer = await callHook(target.baseUrl, `rolling-${worker}-${n++}`);
          if (answer.status !== 200 || answer.cards.length !== 1)
            failures.push(`${answer.status} ${answer.code ?? ''}`);
          else served.set(target, (served.get(target) ?? 0) + 1);
        } catch (err) {
          failures.push(String(err));
        }
      }
    });
    await until(() => ready.get(replica('a')) === true && ready.get(replica('b')) === true, 5000);
    await sleep(500);
    const generations: ServiceProcess[] = [replica('a'), replica('b')];
    for (const name of ['a', 'b'] as const) {
      const old = replica(name);
      stopped.push(old);
      expect(await old.stop('SIGTERM')).toBe(0);
      expect(old.output()).toMatch(/"msg":"stopped"/);
      const fresh = await startReplica(name);
      generations.push(fresh);
      await until(() => (served.get(fresh) ?? 0) > 5, 15_000);
    }
    loading = false;
    await Promise.all(load);
    polling = false;
    await poller;

    expect(failures).toEqual([]);
    const total = [...served.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(100);
    // All four processes took calls: the old pair before the roll, the new pair after.
    expect(generations.map((g) => (served.get(g) ?? 0) > 0)).toEqual([true, true, true, true]);
    // Both replicas are new processes: the token used before the restart is still refused.
    for (const name of ['a', 'b'] as const) {
      expect(await callHook(replica(name).baseUrl, 'replay-1', once)).toMatchObject({
        status: 401,
        code: INVALID_TOKEN,
      });
      expect(await loggedRejections(replica(name), 1)).toEqual(['replayed-jti']);
    }
  });
});

describe('a PostgreSQL outage degrades the replicas, it does not stop them', () => {
  test('hook calls are answered while the database is cut off, feedback gets 503, and no audit row is lost', async () => {
    const replicaList = [replica('a'), replica('b')];
    await proxy.cut();
    try {
      const issued: string[] = [];
      for (let i = 0; i < 40; i++) {
        const answer = await callHook(replicaList[i % 2]!.baseUrl, `outage-${i}`);
        expect(answer).toMatchObject({ status: 200 });
        expect(answer.cards).toHaveLength(1);
        issued.push(answer.cards[0]!.uuid);
      }
      const feedback = await dismiss(replicaList[0]!.baseUrl, issued[0]!);
      expect(feedback.status).toBe(503);
      expect(feedback.headers.get('retry-after')).toMatch(/^\d+$/);
      for (const r of replicaList) {
        expect((await fetch(`${r.baseUrl}/readyz`)).status).toBe(200);
        const health = (await (await fetch(`${r.baseUrl}/healthz`)).json()) as { status: string; reasons: string[] };
        expect(health.status).toBe('degraded');
        const metrics = await (await fetch(`${r.baseUrl}/metrics`)).text();
        expect(Number(/^cds_audit_rows_pending (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(20);
      }
      await proxy.restore();
      // Written once the database is back, by both replicas' retries.
      await until(async () => (await countIssued(issued)) === issued.length, 30_000, 100);
      for (const r of replicaList) {
        const metrics = await (await fetch(`${r.baseUrl}/metrics`)).text();
        expect(metrics).toMatch(/^cds_audit_rows_pending 0$/m);
        expect(metrics).toMatch(/^cds_store_background_errors_total\{kind="flush-failed"\} [1-9]/m);
      }
      // And the service is whole again: a dismissal through one replica holds the card back on the other.
      expect((await dismiss(replicaList[0]!.baseUrl, issued[1]!)).status).toBe(200);
      await sleep(1000);
      expect((await callHook(replicaList[1]!.baseUrl, 'outage-1')).cards).toEqual([]);
    } finally {
      await proxy.restore().catch(() => undefined);
    }
  });
});
