import { describe, expect, test } from '@jest/globals';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { inSequence } from './in-sequence.js';

/** An app whose one route runs `handlers` in sequence; errors answer 500 with their message. */
function appWith(...handlers: RequestHandler[]) {
  const app = express();
  app.get('/x', inSequence(...handlers));
  app.get('/x', (_req, res) => {
    res.send('fell through');
  });
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
    res.status(500).send(`error: ${err.message}`);
  };
  app.use(onError);
  return app;
}

const mark =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.seen = [...((res.locals.seen as string[] | undefined) ?? []), name];
    next();
  };
const answer: RequestHandler = (_req, res) => {
  res.send((res.locals.seen as string[]).join(','));
};

describe('inSequence', () => {
  test('runs the handlers in order', async () => {
    const res = await request(appWith(mark('a'), mark('b'), answer)).get('/x');
    expect(res.text).toBe('a,b');
  });

  test('goes on to the next route when every handler called next()', async () => {
    expect((await request(appWith(mark('a'))).get('/x')).text).toBe('fell through');
  });

  test.each<[string, RequestHandler]>([
    ['next(err)', (_req, _res, next) => next(new Error('boom'))],
    [
      'a throw',
      () => {
        throw new Error('boom');
      },
    ],
    ['a rejected promise', () => Promise.reject(new Error('boom'))],
  ])('stops at %s and hands the error to the error handler', async (_how, failing) => {
    const res = await request(appWith(mark('a'), failing, answer)).get('/x');
    expect(res.status).toBe(500);
    expect(res.text).toBe('error: boom');
  });
});
