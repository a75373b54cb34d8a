import type { Request, Response } from 'express';
import type { CdsService } from '../services/service.js';
import type { Caller } from './auth/authenticator.js';

/** What the request log and metrics read about a CDS call. */
export interface CdsCallLocals {
  serviceId?: string;
  hook?: string;
  cards?: number;
  suppressed?: number;
  fhirRounds?: number;
}

/**
 * What a request carries from one handler to the next, typed once for every handler: Express's
 * `res.locals`, declared here (Express.Locals is meant to be extended this way).
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Filled by the request log, read when the response is logged. */
      cds?: CdsCallLocals;
      /** The service named in the path, set by findService. */
      service?: CdsService;
      /** Who called, set by authenticate. */
      caller?: Caller;
      /** The error code answered, set by the error handler for the request log. */
      errorCode?: string;
    }
  }
}

/** A handler ran before the step that sets what it reads: a wiring mistake, never a client error. */
function missing(what: string): never {
  throw new Error(`${what} is read before the handler that sets it ran`);
}

/** The CDS call record of the request log. */
export function callLocals(res: Response): CdsCallLocals {
  return res.locals.cds ?? missing('the request log record');
}

/** The service of the request (findService ran). */
export function serviceOf(res: Response): CdsService {
  return res.locals.service ?? missing('the service');
}

/** Who called (authenticate ran). */
export function callerOf(res: Response): Caller {
  return res.locals.caller ?? missing('the caller');
}

/**
 * The route pattern that answered (`/cds-services/:id`), or the path cut to 128 characters when
 * no route matched: logs name the route, never an unbounded client string. Express types
 * `req.route` as `any`, so it is narrowed here rather than cast.
 */
export function routeOf(req: Request): string {
  const route: unknown = req.route;
  if (typeof route === 'object' && route !== null && 'path' in route) return `${req.baseUrl}${String(route.path)}`;
  return req.path.slice(0, 128);
}
