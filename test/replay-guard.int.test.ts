import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../config/logger.js';
import { ReplayGuard } from '../hooks/auth/replay-guard.js';
import { redisSeenTokens, type SeenTokens } from '../store/seen-tokens.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

/*
 * Replay protection across replicas (hooks/auth/replay-guard.ts): two guards stand for two
 * replicas sharing Redis through a proxy the test cuts, as a network outage would.
 */

const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const silent = createLogger('silent');
const ISSUER = 'https://ehr.example.org';

let proxy: TcpProxy;
const stores: SeenTokens[] = [];
let unavailable = 0;

async function replica(): Promise<ReplayGuard> {
  const shared = redisSeenTokens(`redis://127.0.0.1:${proxy.port}`, {
    logger: silent,
    prefix: 'test:replay-guard:',
  });
  stores.push(shared);
  await shared.ready();
  return new ReplayGuard({ capacity: 1000, shared, logger: silent, onSharedUnavailable: () => unavailable++ });
}

beforeAll(async () => {
  proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await proxy?.close();
});

const exp = () => Date.now() + 60_000;

describe('replay protection shared by two replicas', () => {
  let a: ReplayGuard;
  let b: ReplayGuard;
  beforeAll(async () => {
    [a, b] = await Promise.all([replica(), replica()]);
  });

  test('a token accepted by one replica is refused by the other, and by the same one again', async () => {
    const jti = randomUUID();
    expect(await a.remember(ISSUER, jti, exp(), Date.now())).toBe('fresh');
    expect(await b.remember(ISSUER, jti, exp(), Date.now())).toBe('replayed');
    expect(await a.remember(ISSUER, jti, exp(), Date.now())).toBe('replayed');
  });

  test('while the shared store is cut off, each replica checks alone, counted; then sharing resumes', async () => {
    await proxy.cut();
    const before = unavailable;
    const jti = randomUUID();
    expect(await a.remember(ISSUER, jti, exp(), Date.now())).toBe('fresh');
    // The local cache still refuses a replay to the same replica.
    expect(await a.remember(ISSUER, jti, exp(), Date.now())).toBe('replayed');
    expect(unavailable).toBe(before + 1);
    await proxy.restore();
    // The client reconnects by itself (backoff from 250 ms).
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const fresh = randomUUID();
      const countBefore = unavailable;
      const verdict = await a.remember(ISSUER, fresh, exp(), Date.now());
      if (unavailable === countBefore) {
        expect(verdict).toBe('fresh');
        expect(await b.remember(ISSUER, fresh, exp(), Date.now())).toBe('replayed');
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the shared store did not come back within 10 s');
  });
});
