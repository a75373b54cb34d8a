import type { Request, RequestHandler, Response } from 'express';
import type { Group } from '@medplum/fhirtypes';
import type { Logger } from '../../config/logger.js';
import { checkKickOffHeaders, parseExportParameters } from './bulk-export-params.js';
import { ExportJobs, type BulkExportLimits, type ExportFile, type ExportJob } from './bulk-export-jobs.js';
import { selectForExport, type ExportScope } from './bulk-export-selection.js';
import type { CompartmentRepository } from './compartment-repository.js';
import { outcome, refuse, send } from './http-refusal.js';
import { sendNdjson } from './ndjson-file.js';
import { groupPatientIds } from './population-group.js';

/*
 * FHIR Bulk Data Access (v2.0.0) `$export` on the sandbox FHIR server, with the asynchronous
 * request pattern: kick-off, status polling, file download, delete.
 * https://hl7.org/fhir/uv/bulkdata/STU2/export.html
 */

/** Who asks, as the authorization layer in front of the server knows them. */
export interface BulkCaller {
  /** Who the caller is across its tokens (a SMART client id): status and file requests must come from the kick-off's. */
  readonly key: string;
  /** Whether the caller may read every resource of this type (a system-level read). */
  mayRead(type: string): boolean;
}

/** What the Bulk Data routes work with. */
export interface BulkExportOptions {
  readonly store: CompartmentRepository;
  readonly logger: Logger;
  readonly limits: BulkExportLimits;
  /**
   * Every request needs a bearer token (`requireToken`). Otherwise a job started with a token
   * needs one (its client's) for its status and files, and a job started without is open, as
   * the sandbox's reads are: the manifest's `requiresAccessToken` says which.
   */
  readonly requiresAccessToken: boolean;
  /** The authenticated caller of a request that passed the token check or the guard; undefined without a token. */
  readonly callerOf: (res: Response) => BulkCaller | undefined;
}

/** Where a job's status is polled, and where its files are served, under the FHIR base URL. */
export const STATUS_SEGMENT = '$export-poll-status';
export const FILE_SEGMENT = '$export-file';

const REALM = 'Bearer realm="sandbox-fhir"';

/** What a kick-off covers: everything, every patient, or one Group's members. */
type KickOffScope = 'system' | 'patients' | { readonly group: string };

type Route =
  | { readonly kind: 'kick-off'; readonly scope: KickOffScope }
  | { readonly kind: 'status'; readonly jobId: string }
  | { readonly kind: 'file'; readonly jobId: string; readonly name: string };

/** The Bulk Data route a path names, or undefined for any other FHIR request. */
function routeOf(path: string): Route | undefined {
  let s: string[];
  try {
    s = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined; // the FHIR router refuses it
  }
  if (s.length === 1 && s[0] === '$export') return { kind: 'kick-off', scope: 'system' };
  if (s.length === 2 && s[0] === 'Patient' && s[1] === '$export') return { kind: 'kick-off', scope: 'patients' };
  if (s.length === 3 && s[0] === 'Group' && s[2] === '$export') return { kind: 'kick-off', scope: { group: s[1]! } };
  if (s.length === 2 && s[0] === STATUS_SEGMENT) return { kind: 'status', jobId: s[1]! };
  if (s.length === 3 && s[0] === FILE_SEGMENT) return { kind: 'file', jobId: s[1]!, name: s[2]! };
  return undefined;
}

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

function allowOnly(req: Request, methods: readonly string[]): void {
  if (!methods.includes(req.method)) {
    throw refuse(405, 'not-supported', `${req.method} is not allowed here; use ${methods.join(' or ')}`, {
      Allow: methods.join(', '),
    });
  }
}

/** The manifest of a complete job (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#response---complete-status). */
function manifestOf(job: ExportJob, base: string): Record<string, unknown> {
  const item = (f: ExportFile) => ({
    type: f.type,
    url: `${base}/${FILE_SEGMENT}/${job.id}/${f.name}`,
    count: f.resources.length,
  });
  return {
    transactionTime: job.transactionTime,
    request: job.request,
    requiresAccessToken: job.requiresAccessToken,
    output: job.output.map(item),
    error: job.error.map(item),
  };
}

/**
 * The Bulk Data routes, run after the token check or the SMART guard and before the RESTful
 * router: `GET [base]/$export`, `GET [base]/Patient/$export`, `GET [base]/Group/[id]/$export`,
 * then `GET|DELETE [base]/$export-poll-status/[job]` and `GET [base]/$export-file/[job]/[file]`.
 * Refusals are OperationOutcomes, thrown to the router's error handler.
 */
export function bulkExportRoutes(options: BulkExportOptions): RequestHandler {
  const { store, logger, limits } = options;
  const jobs = new ExportJobs(limits);

  /** The patients a kick-off covers; a Group that does not exist is a 404. */
  const scopeOf = (scope: KickOffScope): ExportScope => {
    if (scope === 'system') return { level: 'system' };
    if (scope === 'patients') return { level: 'patients', patientIds: store.patientIds() };
    const group = store.find('Group', scope.group) as Group | undefined;
    if (!group) throw refuse(404, 'not-found', `there is no Group/${scope.group.slice(0, 64)}`);
    return { level: 'patients', patientIds: groupPatientIds(group) };
  };

  /**
   * Kick-off (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-kick-off-request):
   * checks, takes the snapshot at once (the store is in memory, nothing else runs meanwhile),
   * and answers 202 with the status URL in `Content-Location`.
   */
  const kickOff = (req: Request, res: Response, scope: KickOffScope): void => {
    allowOnly(req, ['GET']);
    const caller = options.callerOf(res);
    if (options.requiresAccessToken && !caller) {
      throw refuse(401, 'login', 'a bulk export needs a bearer token', { 'WWW-Authenticate': REALM });
    }
    const { strict } = checkKickOffHeaders(req);
    const params = parseExportParameters(req.originalUrl, strict);
    const mayRead = (type: string): boolean => caller?.mayRead(type) ?? true;
    for (const type of params.types ?? []) {
      if (!mayRead(type)) throw refuse(403, 'forbidden', `the token allows no system-level read of ${type}`);
    }
    const covered = scopeOf(scope);
    const wait = jobs.secondsUntilRoom();
    if (wait !== undefined) {
      throw refuse(429, 'throttled', `at most ${limits.maxJobs} exports at a time: DELETE a finished one`, {
        'Retry-After': String(wait),
      });
    }
    // Before the snapshot: nothing modified after transactionTime is in it, and nothing before is missed.
    const transactionTime = new Date().toISOString();
    const selected = selectForExport(store, covered, params, mayRead);
    const job = jobs.create({
      request: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
      transactionTime,
      requiresAccessToken: options.requiresAccessToken || caller !== undefined,
      ...(caller ? { owner: caller.key } : {}),
      selected,
      messages: params.ignored.map((message) => outcome('not-supported', message, 'warning')),
    });
    const statusUrl = `${baseUrlOf(req)}/${STATUS_SEGMENT}/${job.id}`;
    logger.info(
      {
        jobId: job.id,
        level: typeof scope === 'object' ? 'group' : scope,
        resources: job.output.reduce((n, f) => n + f.resources.length, 0),
        files: job.output.length,
      },
      'sandbox bulk export started',
    );
    res.set('Content-Location', statusUrl);
    send(res, 202, outcome('informational', `export started: poll ${statusUrl}`, 'information'));
  };

  /** The live job of a status or file request, from the client that started it. */
  const jobOf = (res: Response, jobId: string): ExportJob => {
    const caller = options.callerOf(res);
    if (options.requiresAccessToken && !caller) {
      throw refuse(401, 'login', 'this export needs a bearer token, as its kick-off did', {
        'WWW-Authenticate': REALM,
      });
    }
    const job = jobs.get(jobId);
    if (!job) throw refuse(404, 'not-found', 'no such export: unknown, deleted or expired');
    if (job.requiresAccessToken && !caller) {
      throw refuse(401, 'login', 'this export needs a bearer token, as its kick-off did', {
        'WWW-Authenticate': REALM,
      });
    }
    if (job.owner !== undefined && caller?.key !== job.owner) {
      throw refuse(403, 'forbidden', 'this export was started by another client');
    }
    return job;
  };

  /**
   * Status (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-status-request):
   * 202 with `Retry-After` and `X-Progress` while in progress, then 200 with the manifest.
   * DELETE (…#bulk-data-delete-request) drops the job and its files: 202, then 404.
   */
  const status = (req: Request, res: Response, jobId: string): void => {
    allowOnly(req, ['GET', 'DELETE']);
    const job = jobOf(res, jobId);
    res.set('Cache-Control', 'no-store');
    if (req.method === 'DELETE') {
      jobs.delete(job.id);
      send(res, 202, outcome('informational', 'export deleted, with its files', 'information'));
      return;
    }
    const wait = jobs.msUntilReady(job);
    if (wait > 0) {
      const done = limits.readyAfterMs > 0 ? Math.floor((100 * (limits.readyAfterMs - wait)) / limits.readyAfterMs) : 0;
      res.status(202).set({ 'Retry-After': String(Math.ceil(wait / 1000)), 'X-Progress': `in progress, ${done}%` });
      res.end();
      return;
    }
    res
      .status(200)
      .set({ 'Content-Type': 'application/json; charset=utf-8', Expires: new Date(job.expiresAt).toUTCString() })
      .send(JSON.stringify(manifestOf(job, baseUrlOf(req))));
  };

  /** Output and error files (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-output-file-request). */
  const file = async (req: Request, res: Response, jobId: string, name: string): Promise<void> => {
    allowOnly(req, ['GET']);
    const job = jobOf(res, jobId);
    const found = jobs.msUntilReady(job) === 0 ? job.files.get(name) : undefined;
    if (!found) throw refuse(404, 'not-found', `this export has no file ${name.slice(0, 80)}`);
    const caller = options.callerOf(res);
    if (caller && job.output.includes(found) && !caller.mayRead(found.type)) {
      throw refuse(403, 'forbidden', `the token allows no system-level read of ${found.type}`);
    }
    try {
      await sendNdjson(res, found.resources);
    } catch (err) {
      // The client went away, most likely; the answer has begun, so there is nothing to send.
      logger.debug({ jobId: job.id, file: found.name, err: (err as Error).message }, 'bulk export file not sent');
    }
  };

  return (req, res, next) => {
    const route = req.method === 'OPTIONS' ? undefined : routeOf(req.path);
    if (!route) return next();
    if (route.kind === 'kick-off') return kickOff(req, res, route.scope);
    if (route.kind === 'status') return status(req, res, route.jobId);
    return file(req, res, route.jobId, route.name);
  };
}
