import type { RequestHandler } from 'express';

/**
 * Runs middleware in order as one router layer, the way Express runs a list of them: a handler
 * calls `next()` to go on or `next(err)` to stop, and a rejected promise counts as `next(err)`
 * (Express 5). Each router layer costs its own path match and parameter processing, which on a
 * hook call's seven steps added up to about 6 % of the throughput (docs/performance.md).
 */
export function inSequence(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) {
        next(err);
        return;
      }
      const handler = handlers[i++];
      if (!handler) {
        next();
        return;
      }
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch((e: unknown) => next(e ?? new Error('handler rejected')));
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}
