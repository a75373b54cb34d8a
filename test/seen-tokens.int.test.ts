import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../config/logger.js';
import { migrate } from '../store/migrations.js';
import { redisSeenTokens, sqlSeenTokens, tokenKey, type SeenTokens } from '../store/seen-tokens.js';
import { tablesIn } from '../store/tables.js';
import { openTestDatabase, type TestDatabase } from './support/test-database.js';

/*
 * The token ids every replica shares (store/seen-tokens.ts), on the machine's PostgreSQL and
 * Redis: two instances stand for two replicas, and a third, opened later, for a restart.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = createLogger('silent');

let db: TestDatabase;
let schema: string;
const opened: SeenTokens[] = [];
const prefix = `test:${randomUUID()}:`;

const kinds: Record<'postgresql' | 'redis', () => Promise<SeenTokens>> = {
  postgresql: async () => sqlSeenTokens(await db.openClient(), tablesIn(schema), { logger: silent, purgeEveryMs: 50 }),
  redis: () => Promise.resolve(redisSeenTokens(REDIS_URL, { logger: silent, prefix })),
};

async function open(kind: keyof typeof kinds): Promise<SeenTokens> {
  const store = await kinds[kind]();
  opened.push(store);
  await store.ready();
  return store;
}

beforeAll(async () => {
  db = await openTestDatabase('pg');
  schema = db.newSchema();
  await migrate(db.sql, tablesIn(schema));
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await db?.close();
});

const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

describe.each(['postgresql', 'redis'] as const)('token ids shared through %s', (kind) => {
  let a: SeenTokens;
  let b: SeenTokens;
  beforeAll(async () => {
    [a, b] = await Promise.all([open(kind), open(kind)]);
  });

  test('a token accepted by one replica is a replay on the other, and on a restarted one', async () => {
    const key = tokenKey('https://ehr.example.org', randomUUID());
    expect(await a.claim(key, inSeconds(300), new Date())).toBe('fresh');
    expect(await b.claim(key, inSeconds(300), new Date())).toBe('replayed');
    expect(await a.claim(key, inSeconds(300), new Date())).toBe('replayed');
    const restarted = await open(kind);
    expect(await restarted.claim(key, inSeconds(300), new Date())).toBe('replayed');
  });

  test('the same jti from another issuer is another token', async () => {
    const jti = randomUUID();
    expect(await a.claim(tokenKey('https://one.example', jti), inSeconds(60), new Date())).toBe('fresh');
    expect(await b.claim(tokenKey('https://two.example', jti), inSeconds(60), new Date())).toBe('fresh');
  });

  test('once the token has expired, its id is forgotten', async () => {
    const key = tokenKey('https://ehr.example.org', randomUUID());
    expect(await a.claim(key, inSeconds(0.2), new Date())).toBe('fresh');
    await new Promise((r) => setTimeout(r, 400));
    expect(await b.claim(key, inSeconds(60), new Date())).toBe('fresh');
  });

  test('200 claims of one token at once through both replicas: exactly one is fresh', async () => {
    const key = tokenKey('https://ehr.example.org', randomUUID());
    const claims = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).claim(key, inSeconds(60), new Date())),
    );
    expect(claims.filter((c) => c === 'fresh')).toHaveLength(1);
  });
});

test('PostgreSQL: expired ids are purged from the table', async () => {
  const store = await open('postgresql');
  const key = tokenKey('https://purge.example', randomUUID());
  await store.claim(key, inSeconds(0.05), new Date());
  const rows = async () =>
    (
      await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${tablesIn(schema).seenToken} WHERE token_key = $1`,
        [key],
      )
    )[0]!.n;
  const deadline = Date.now() + 3000;
  while ((await rows()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await rows()).toBe(0);
});

test('the key says nothing of the token: a fixed-length digest', () => {
  const key = tokenKey('https://ehr.example.org', 'a-very-long-jti-'.repeat(20));
  expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(key).not.toContain('jti');
});
