import { describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from '../config/logger.js';
import { connectWithRetry, DatabaseUnavailableError, describeDatabase } from './connect-retry.js';

/** An attempt that fails with `errors` in turn, then answers 'ok'; counts its calls. */
function flaky(errors: readonly (Error & { code?: string })[]) {
  let calls = 0;
  return {
    calls: () => calls,
    attempt: () => {
      const err = errors[calls++];
      return err ? Promise.reject(err) : Promise.resolve('ok');
    },
  };
}

const failure = (code: string, message = code) => Object.assign(new Error(message), { code });

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    logger: createLogger('info', sink),
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('connectWithRetry waits for a database that is not there yet', () => {
  test('retries a refused connection, logging each try with its wait, until it answers', async () => {
    const { logger, records } = capture();
    const db = flaky([failure('ECONNREFUSED'), failure('ECONNREFUSED')]);
    await expect(connectWithRetry(db.attempt, { timeoutMs: 10_000, logger, target: 'db:5432/cds' })).resolves.toBe(
      'ok',
    );
    expect(db.calls()).toBe(3);
    const retries = records().filter((r) => r.msg === 'database not reachable yet, retrying');
    expect(retries.map((r) => [r.try, r.retryInMs])).toEqual([
      [1, 250],
      [2, 500],
    ]);
    expect(records().some((r) => r.msg === 'database reachable' && r.tries === 3)).toBe(true);
  });

  test.each([
    ['a wrong password', '28P01'],
    ['an unknown role', '28000'],
    ['a database that does not exist', '3D000'],
  ])('fails at once on %s: waiting cannot fix it', async (_what, code) => {
    const db = flaky([failure(code), failure(code)]);
    const { logger } = capture();
    await expect(connectWithRetry(db.attempt, { timeoutMs: 10_000, logger, target: 'db:5432/cds' })).rejects.toThrow(
      DatabaseUnavailableError,
    );
    expect(db.calls()).toBe(1);
  });

  test('gives up at the deadline, naming the last error', async () => {
    const db = flaky(Array.from({ length: 100 }, () => failure('ETIMEDOUT')));
    const { logger } = capture();
    const started = Date.now();
    await expect(connectWithRetry(db.attempt, { timeoutMs: 600, logger, target: 'db:5432/cds' })).rejects.toThrow(
      /^db:5432\/cds not reachable after 1 s \(\d tries; last error: ETIMEDOUT\)$/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('with no timeout, tries once', async () => {
    const db = flaky([failure('ECONNREFUSED')]);
    const { logger } = capture();
    await expect(connectWithRetry(db.attempt, { timeoutMs: 0, logger, target: 'db:5432/cds' })).rejects.toThrow(
      /^db:5432\/cds not reachable \(last error: ECONNREFUSED\)$/,
    );
    expect(db.calls()).toBe(1);
  });
});

describe('describeDatabase names the server for a log line', () => {
  test.each([
    ['postgres://cds:s3cret@db.example:6432/cds', 'db.example:6432/cds'],
    ['postgres://cds@db.example/cds', 'db.example:5432/cds'],
    ['not a url', 'the database (DATABASE_URL is not a URL)'],
  ])('%s -> %s, never the password', (url, shown) => {
    expect(describeDatabase(url)).toBe(shown);
    expect(describeDatabase(url)).not.toContain('s3cret');
  });
});
