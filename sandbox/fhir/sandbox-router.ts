import { timingSafeEqual } from 'node:crypto';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { getStatus, OperationOutcomeError, type IncludeTarget } from '@medplum/core';
import type {
  Bundle,
  BundleEntry,
  CapabilityStatementRestSecurity,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import type { FhirRequest, FhirRouter, HttpMethod } from '@medplum/fhir-router';
import type { Logger } from '../../config/logger.js';
import { bulkExportLimits, type BulkExportLimits } from './bulk-export-jobs.js';
import { bulkExportRoutes, type BulkCaller } from './bulk-export-routes.js';
import { sandboxCapabilityStatement } from './capability-statement.js';
import type { CompartmentRepository } from './compartment-repository.js';
import { createFhirRouter, isKnownResourceType } from './fhir-routes.js';
import { outcome, refuse, SandboxHttpError, send } from './http-refusal.js';
import { includeTargetsOf } from './include-parameter.js';
import { completeSearchBundle } from './search-bundle.js';
import { appendIncluded, appendIncludedInBatch } from './search-includes.js';
import { prepareSearch, toQueryString, type QueryPairs } from './search-query.js';
import { UnsupportedSearchError } from './unsupported-search-error.js';

/** An authorization layer for the FHIR server (the SMART sandbox EHR, sandbox/smart/). */
export interface FhirAccess {
  /** Served under the base URL before any FHIR interaction (`/.well-known/smart-configuration`...). */
  readonly routes: RequestHandler;
  /** Runs after the body is parsed, before every interaction but `GET /metadata`; answers refusals itself. */
  readonly guard: RequestHandler;
  /** The CapabilityStatement's `rest.security`. */
  readonly security: CapabilityStatementRestSecurity;
  /** Who sent a request the guard let through, for Bulk Data exports; undefined without a token. */
  readonly bulkCaller: (res: Response) => BulkCaller | undefined;
}

/** Options of the sandbox's HTTP layer. */
export interface SandboxRouterOptions {
  readonly logger: Logger;
  /** When set, every request but `GET /metadata` needs `Authorization: Bearer <requireToken>`. */
  readonly requireToken?: string;
  /** When set, requests go through its guard (open otherwise). */
  readonly access?: FhirAccess;
  /** Bulk Data `$export` pacing and bounds (DEFAULT_BULK_EXPORT_LIMITS for those not given). */
  readonly bulkExport?: Partial<BulkExportLimits>;
}

/** The holder of `requireToken`: one caller, allowed everything. */
const TOKEN_HOLDER: BulkCaller = { key: 'require-token', mayRead: () => true };

/** JSON media types accepted in request bodies; `application/json+fhir` is the DSTU2 name the CDS Hooks Sandbox still sends. */
const JSON_TYPES = [
  'application/fhir+json',
  'application/json',
  'application/json+fhir',
  'application/json-patch+json',
];
const STATUS_TEXT: Readonly<Record<number, string>> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

function queryPairs(req: Request): QueryPairs {
  const i = req.originalUrl.indexOf('?');
  return i < 0 ? [] : [...new URLSearchParams(req.originalUrl.slice(i + 1))];
}

function formPairs(body: unknown): QueryPairs {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body as Record<string, unknown>).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)]),
  );
}

function tokenCheck(token: string): RequestHandler {
  const expected = Buffer.from(`Bearer ${token}`);
  return (req, res, next) => {
    // CORS preflights carry no credentials (the app's CORS middleware answers them).
    if (req.method === 'OPTIONS' || (req.method === 'GET' && req.path === '/metadata')) return next();
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="sandbox-fhir"');
    send(res, 401, outcome('login', 'this sandbox requires a bearer token'));
  };
}

/** Adds the HTTP-level details HAPI gives in a (batch|transaction)-response: etag, versioned location, status text. */
function completeResponseEntry(entry: BundleEntry): BundleEntry {
  const response = entry.response;
  const resource = entry.resource;
  if (!response) return entry;
  const code = Number.parseInt(response.status, 10);
  const status = STATUS_TEXT[code] ? `${code} ${STATUS_TEXT[code]}` : response.status;
  const version = resource?.meta?.versionId;
  if (!resource?.id || !version) return { ...entry, response: { ...response, status } };
  return {
    ...entry,
    response: {
      ...response,
      status,
      location: `${resource.resourceType}/${resource.id}/_history/${version}`,
      etag: `W/"${version}"`,
      ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
    },
  };
}

/**
 * Checks the writes of a transaction before any is made: medplum's in-memory store cannot
 * roll a transaction back, so an entry that would fail half-way must be refused up front.
 */
function checkTransaction(bundle: Bundle): void {
  for (const [i, entry] of (bundle.entry ?? []).entries()) {
    const { method, url = '' } = entry.request ?? {};
    if (method !== 'PUT' || url.includes('?')) continue;
    const [type, id, extra] = url.split('/');
    const r = entry.resource;
    if (extra !== undefined || !type || !id || r?.resourceType !== type || r.id !== id || !isKnownResourceType(type)) {
      throw refuse(
        400,
        'invalid',
        `Bundle.entry[${i}]: PUT ${url.slice(0, 100)} must carry a ${type ?? ''} with id ${id ?? ''}`,
      );
    }
  }
}

/** Normalises the searches inside a batch the way direct searches are (patient ids typed, page size). */
function prepareBatch(bundle: Bundle): Bundle {
  if (bundle.type === 'transaction') checkTransaction(bundle);
  return {
    ...bundle,
    entry: bundle.entry?.map((entry) => {
      const url = entry.request?.url;
      if (entry.request?.method !== 'GET' || !url?.includes('?')) return entry;
      const [type = '', query = ''] = url.split('?', 2);
      if (!isKnownResourceType(type)) return entry;
      try {
        const pairs = prepareSearch(type, [...new URLSearchParams(query)]);
        return { ...entry, request: { ...entry.request, url: `${type}?${toQueryString(pairs)}` } };
      } catch {
        return entry; // medplum answers it; the entry's own outcome reports the problem
      }
    }),
  };
}

interface Routed {
  readonly fhirRequest: FhirRequest;
  readonly search?: { readonly type: string; readonly pairs: QueryPairs; readonly include: IncludeTarget[] };
  /** The batch or transaction posted at the base URL, as medplum runs it. */
  readonly batch?: Bundle;
}

/** Maps an HTTP request onto the FhirRouter request it stands for; throws for shapes the sandbox does not serve. */
function route(req: Request): Routed {
  let segments: string[];
  try {
    segments = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw refuse(400, 'invalid', 'the URL path is not valid percent-encoding');
  }
  const [type, second] = segments;
  const method = req.method as HttpMethod;
  const base = { pathname: '', params: {}, query: {}, headers: req.headers, config: { transactions: true } };
  if (type === undefined) {
    if (method !== 'POST') throw refuse(405, 'not-supported', 'only batch and transaction are served at the base URL');
    const bundle = req.body as Bundle | undefined;
    if (bundle?.resourceType !== 'Bundle') throw refuse(400, 'invalid', 'expected a batch or transaction Bundle');
    const batch = prepareBatch(bundle);
    return { fhirRequest: { ...base, method, url: '', body: batch }, batch };
  }
  if (!isKnownResourceType(type)) throw refuse(404, 'not-found', `unknown resource type "${type.slice(0, 64)}"`);
  const isSearch =
    (method === 'GET' && segments.length === 1) || (method === 'POST' && second === '_search' && segments.length === 2);
  if (isSearch) {
    const pairs = prepareSearch(type, [...queryPairs(req), ...(method === 'POST' ? formPairs(req.body) : [])]);
    return {
      fhirRequest: { ...base, method: 'GET', url: `${type}?${toQueryString(pairs)}`, body: undefined },
      search: { type, pairs, include: includeTargetsOf(type, pairs) },
    };
  }
  if (segments.length === 1 && method !== 'POST') {
    // Conditional update/patch/delete (`DELETE /Patient?…`) could touch every resource of a type.
    throw refuse(405, 'not-supported', 'conditional update, patch and delete are not supported by the sandbox');
  }
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && req.body === undefined) {
    throw refuse(415, 'not-supported', 'send the resource as application/fhir+json');
  }
  const query = queryPairs(req);
  const path = segments.map(encodeURIComponent).join('/');
  return {
    fhirRequest: {
      ...base,
      method,
      url: query.length > 0 ? `${path}?${toQueryString(query)}` : path,
      body: req.body as unknown,
    },
  };
}

/** medplum's status for its own outcomes (which carry an id); 404 for our not-found ones. */
function statusOfOutcome(o: OperationOutcome): number {
  return !o.id && o.issue?.[0]?.code === 'not-found' ? 404 : getStatus(o);
}

/**
 * The embedded sandbox FHIR server as an Express router (mounted at /fhir): metadata,
 * read, vread, search by GET and POST `_search` (with `_include` of reference parameters,
 * resolved here as medplum's store ignores it), create, update, patch, delete, batch and
 * transaction, JSON only, errors as OperationOutcome; and Bulk Data `$export` (bulk-export-routes.ts).
 * CORS (and OPTIONS) is the app's job.
 */
export function sandboxFhirRouter(store: CompartmentRepository, options: SandboxRouterOptions): Router {
  const fhir: FhirRouter = createFhirRouter(store);
  const router = express.Router();
  if (options.requireToken !== undefined) router.use(tokenCheck(options.requireToken));
  router.use(express.json({ type: JSON_TYPES, limit: '20mb' }));
  router.use(express.urlencoded({ extended: false, type: 'application/x-www-form-urlencoded', limit: '1mb' }));

  router.get('/metadata', (req, res) =>
    send(res, 200, sandboxCapabilityStatement(baseUrlOf(req), options.access?.security)),
  );
  if (options.access) router.use(options.access.routes, options.access.guard);
  const { access, requireToken } = options;
  router.use(
    bulkExportRoutes({
      store,
      logger: options.logger,
      limits: bulkExportLimits(options.bulkExport),
      // Only `requireToken` makes every export need a token; with the SMART layer, reads without a
      // token are open (the EHR page, the CDS Hooks Sandbox, `npm run screen` out of the box), and an
      // export started with a token is that client's alone.
      requiresAccessToken: requireToken !== undefined,
      callerOf: (res) => (access ? access.bulkCaller(res) : requireToken !== undefined ? TOKEN_HOLDER : undefined),
    }),
  );

  router.use((req, res, next) => {
    if (req.method === 'OPTIONS' || req.method === 'HEAD') return next();
    const run = async (): Promise<void> => {
      const routed = route(req);
      const [result, resource] = await fhir.handleRequest(routed.fhirRequest, store);
      const status = statusOfOutcome(result);
      if (!resource) {
        send(res, status, result);
        return;
      }
      let body: Resource = resource;
      const base = baseUrlOf(req);
      if (routed.search && resource.resourceType === 'Bundle') {
        const { type, pairs, include } = routed.search;
        body = appendIncluded(completeSearchBundle(resource, base, type, pairs), include, store, base);
      } else if (resource.resourceType === 'Bundle' && /-response$/.test(resource.type ?? '')) {
        const answered = routed.batch ? appendIncludedInBatch(routed.batch, resource, store, base) : resource;
        body = { ...answered, entry: answered.entry?.map(completeResponseEntry) };
      }
      const version = body.meta?.versionId;
      if (body.id && version && !routed.search) {
        res.set('ETag', `W/"${version}"`);
        if (body.meta?.lastUpdated) res.set('Last-Modified', new Date(body.meta.lastUpdated).toUTCString());
        if (status === 201) res.set('Location', `${base}/${body.resourceType}/${body.id}/_history/${version}`);
      }
      send(res, status, body);
    };
    run().catch(next);
  });

  const errors: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    if (err instanceof SandboxHttpError) return send(res.set(err.headers), err.status, err.outcome);
    if (err instanceof UnsupportedSearchError) return send(res, 400, outcome('not-supported', err.message));
    if (err instanceof OperationOutcomeError) return send(res, statusOfOutcome(err.outcome), err.outcome);
    const type = (err as { type?: unknown }).type;
    if (type === 'entity.parse.failed') return send(res, 400, outcome('structure', 'the body is not valid JSON'));
    if (type === 'entity.too.large') return send(res, 413, outcome('too-long', 'the body is too large'));
    options.logger.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'sandbox FHIR error');
    send(res, 500, outcome('exception', 'internal error in the sandbox FHIR store'));
  };
  router.use(errors);
  return router;
}
