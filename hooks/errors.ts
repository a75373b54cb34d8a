import type { OperationOutcome } from 'fhir/r4.js';

/** FHIR IssueType codes we use (http://hl7.org/fhir/R4/valueset-issue-type.html). */
type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'not-supported'
  | 'too-long'
  | 'not-found'
  | 'incomplete'
  | 'timeout'
  | 'transient'
  | 'exception'
  | 'conflict';

interface ErrorSpec {
  readonly status: number;
  readonly issue: IssueType;
  readonly title: string;
  /** Seconds the client should wait before sending again (a 503's Retry-After, RFC 9110 section 10.2.3). */
  readonly retryAfterS?: number;
}

/**
 * The one error registry. Each entry gives a stable code (sent in
 * OperationOutcome.issue.details.coding) and its HTTP status. Tests assert codes, never text.
 */
export const ERROR_REGISTRY = {
  'malformed-json': { status: 400, issue: 'structure', title: 'The request body is not valid JSON' },
  'invalid-request': { status: 400, issue: 'invalid', title: 'The request does not match the CDS Hooks 2.0 schema' },
  'hook-mismatch': { status: 400, issue: 'invalid', title: 'The hook does not match the service' },
  'invalid-prefetch': { status: 400, issue: 'invalid', title: 'A prefetch value is not usable FHIR data' },
  'invalid-feedback': { status: 400, issue: 'invalid', title: 'The feedback does not match the CDS Hooks 2.0 schema' },
  'invalid-query': { status: 400, issue: 'invalid', title: 'A query parameter is invalid' },
  unauthorized: { status: 401, issue: 'login', title: 'Authentication required' },
  'fhir-server-not-allowed': {
    status: 403,
    issue: 'security',
    title: 'The fhirServer is not on the allowlist for this caller',
  },
  'cross-origin-refused': {
    status: 403,
    issue: 'forbidden',
    title: 'Only a page served by this service, or a client that is not a browser, may call this endpoint',
  },
  'csrf-refused': {
    status: 403,
    issue: 'forbidden',
    title: "The request lacks the worklist page's anti-forgery token",
  },
  'unknown-service': { status: 404, issue: 'not-found', title: 'No CDS service with that id' },
  'not-found': { status: 404, issue: 'not-found', title: 'No such resource' },
  'unknown-card': { status: 404, issue: 'not-found', title: 'Feedback names a card this service never issued' },
  'method-not-allowed': { status: 405, issue: 'not-supported', title: 'Method not allowed' },
  'data-unavailable': {
    status: 412,
    issue: 'incomplete',
    title: 'The data this service needs is missing and could not be fetched',
  },
  'fhir-unauthorized': { status: 412, issue: 'security', title: 'The FHIR server refused the access token' },
  'fhir-unreachable': { status: 412, issue: 'transient', title: 'The FHIR server could not be reached' },
  'fhir-not-found': {
    status: 412,
    issue: 'not-found',
    title: 'The FHIR server has no record of the resource the context names',
  },
  'fhir-server-error': { status: 412, issue: 'transient', title: 'The FHIR server answered with an error' },
  'fhir-invalid-response': {
    status: 412,
    issue: 'structure',
    title: 'The FHIR server answered with something that is not FHIR JSON',
  },
  'fhir-timeout': { status: 412, issue: 'timeout', title: 'The FHIR server did not answer before the deadline' },
  'run-in-progress': { status: 409, issue: 'conflict', title: 'A screening run is already in progress' },
  'runs-unavailable': { status: 409, issue: 'not-supported', title: 'No FHIR server is configured for screening runs' },
  'payload-too-large': { status: 413, issue: 'too-long', title: 'The request body is larger than the limit' },
  'unsupported-media-type': { status: 415, issue: 'not-supported', title: 'The request body must be application/json' },
  'storage-unavailable': {
    status: 503,
    issue: 'transient',
    title: 'The feedback store is not available',
    retryAfterS: 5,
  },
  internal: { status: 500, issue: 'exception', title: 'Internal error' },
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code from the registry. */
export type ErrorCode = keyof typeof ERROR_REGISTRY;

/** The code system that carries our error codes in OperationOutcome.issue.details. */
export const ERROR_CODE_SYSTEM = 'https://github.com/diabetes-cds-hooks/errors';

/** One problem to report: a message for people and, where known, the request field at fault. */
export interface ErrorDetail {
  readonly message: string;
  readonly field?: string;
}

function isDetailList(d: ErrorDetail | readonly ErrorDetail[]): d is readonly ErrorDetail[] {
  return Array.isArray(d);
}

/** An error the service answers on purpose; the error handler turns it into an OperationOutcome. */
export class CdsError extends Error {
  override readonly name = 'CdsError';
  readonly status: number;
  readonly details: readonly ErrorDetail[];

  constructor(
    readonly code: ErrorCode,
    details: string | ErrorDetail | readonly ErrorDetail[] = [],
  ) {
    const list: readonly ErrorDetail[] =
      typeof details === 'string' ? [{ message: details }] : isDetailList(details) ? details : [details];
    super(list[0]?.message ?? ERROR_REGISTRY[code].title);
    this.status = ERROR_REGISTRY[code].status;
    this.details = list;
  }
}

/** Builds the OperationOutcome for an error code; one issue per detail, each naming its field. */
export function toOperationOutcome(code: ErrorCode, details: readonly ErrorDetail[]): OperationOutcome {
  const spec = ERROR_REGISTRY[code];
  const items = details.length > 0 ? details : [{ message: spec.title }];
  return {
    resourceType: 'OperationOutcome',
    issue: items.map((d) => ({
      severity: 'error',
      code: spec.issue,
      details: { coding: [{ system: ERROR_CODE_SYSTEM, code, display: spec.title }], text: spec.title },
      diagnostics: d.message,
      ...(d.field ? { expression: [d.field] } : {}),
    })),
  };
}
