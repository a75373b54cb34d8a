import { describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import { CENSORED, censorSecrets, SECRET_KEYS } from './log-censor.js';
import { createLogger } from './logger.js';

const SECRET = 'eyJhbGciOiJFUzM4NCJ9.secret-value';

/** A logger writing into an array of parsed JSON lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('censorSecrets', () => {
  test('a request line has nothing to censor and is passed on as it is', () => {
    const line = { method: 'POST', route: '/cds-services/:id', status: 200, durationMs: 0.8, serviceId: 'x', cards: 1 };
    expect(censorSecrets(line)).toBe(line);
  });

  test.each([...SECRET_KEYS])('censors "%s" at the top level, one and two levels down', (key) => {
    const logged = censorSecrets({ [key]: SECRET, outer: { [key]: SECRET, inner: { [key]: SECRET, keep: 1 } } });
    expect(logged).toEqual({ [key]: CENSORED, outer: { [key]: CENSORED, inner: { [key]: CENSORED, keep: 1 } } });
  });

  test('censors inside arrays and leaves the original object untouched', () => {
    const original = {
      calls: [{ body: SECRET, status: 200 }],
      req: { headers: { authorization: `Bearer ${SECRET}` } },
    };
    const logged = censorSecrets(original);
    expect(logged).toEqual({ calls: [{ body: CENSORED, status: 200 }], req: { headers: { authorization: CENSORED } } });
    expect(original.calls[0]!.body).toBe(SECRET);
  });

  test('an Error carrying a body keeps its type and message, not the body', () => {
    const err = Object.assign(new SyntaxError('Unexpected token'), { body: SECRET });
    const logged = censorSecrets({ err }) as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({ type: 'SyntaxError', message: 'Unexpected token', body: CENSORED });
  });
});

describe('the service logger', () => {
  test('never writes a secret, whatever object it is given', async () => {
    const { logger, lines } = capture();
    logger.info({ prefetch: { patient: { id: 'p1' } }, fhirAuthorization: { access_token: SECRET } }, 'oops');
    logger.info({ headers: { authorization: SECRET }, status: 401 }, 'request');
    logger.flush();
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('secret-value');
    expect(JSON.stringify(lines)).not.toContain('p1');
    expect(lines[1]).toMatchObject({ msg: 'request', status: 401, headers: { authorization: CENSORED } });
  });
});
