import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../config/logger.js';
import { AuthenticationError } from './auth/authenticator.js';
import { CdsError, ERROR_REGISTRY, toOperationOutcome, type ErrorCode } from './errors.js';

const FHIR_JSON = 'application/json; charset=utf-8';

/** body-parser error types, mapped to our codes. Their messages can quote the body, so are never echoed. */
const BODY_PARSER_ERRORS: Readonly<Record<string, ErrorCode>> = {
  'entity.too.large': 'payload-too-large',
  'entity.parse.failed': 'malformed-json',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
  'request.aborted': 'malformed-json',
  'request.size.invalid': 'malformed-json',
  'stream.encoding.set': 'internal',
};

function fromBodyParser(err: unknown): CdsError | undefined {
  // A body that is not what its Content-Encoding says (not gzip at all, cut short): zlib's error
  // (Z_DATA_ERROR, Z_BUF_ERROR...) reaches here as it is. https://nodejs.org/api/zlib.html#error-handling
  if (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof err.code === 'string' &&
    err.code.startsWith('Z_')
  ) {
    return new CdsError('malformed-json', {
      message: 'The request body cannot be decompressed as its Content-Encoding says',
      field: 'Content-Encoding',
    });
  }
  if (typeof err !== 'object' || err === null || !('type' in err) || typeof err.type !== 'string') return undefined;
  const code = BODY_PARSER_ERRORS[err.type];
  if (!code) return undefined;
  if (code === 'payload-too-large') return new CdsError(code, 'The request body is larger than the configured limit');
  if (code === 'malformed-json') return new CdsError(code, { message: 'The request body is not valid JSON' });
  if (err.type === 'encoding.unsupported') {
    return new CdsError(code, {
      message: 'The request body is in a Content-Encoding the service does not read (gzip, deflate, br or none)',
      field: 'Content-Encoding',
    });
  }
  return new CdsError(code);
}

/** The router could not percent-decode a path parameter (e.g. `POST /cds-services/%`): it names no resource. */
function fromRouter(err: unknown): CdsError | undefined {
  if (err instanceof URIError && (err as { status?: unknown }).status === 400) {
    return new CdsError('not-found', 'The request path is not valid percent-encoding');
  }
  return undefined;
}

/** Answers 404 with an OperationOutcome for any route nobody handled. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new CdsError('not-found', `No route for ${req.method} ${req.path}`));
};

/**
 * The one place errors become responses: an OperationOutcome with a stable code, never a
 * stack trace. Authentication failures get a bare 401, as CDS Hooks asks.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // An error can quote what the request named (a patient id, a field), and a route may have
    // declared itself cacheable before failing: no error response is ever stored.
    res.set('Cache-Control', 'no-store');
    if (err instanceof AuthenticationError) {
      res.locals.errorCode = 'unauthorized';
      res.status(401).set('WWW-Authenticate', 'Bearer realm="cds-services", error="invalid_token"').end();
      return;
    }
    const known = err instanceof CdsError ? err : (fromBodyParser(err) ?? fromRouter(err));
    const error = known ?? new CdsError('internal', 'The service failed to handle this request');
    if (!known) {
      const e = err instanceof Error ? err : new Error(String(err));
      logger.error({ err: { type: e.name, message: e.message, stack: e.stack }, path: req.path }, 'unhandled error');
    }
    res.locals.errorCode = error.code;
    const spec = ERROR_REGISTRY[error.code];
    if ('retryAfterS' in spec) res.set('Retry-After', String(spec.retryAfterS));
    res.status(error.status).type(FHIR_JSON).json(toOperationOutcome(error.code, error.details));
  };
}
