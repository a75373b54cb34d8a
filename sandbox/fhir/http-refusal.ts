import type { Response } from 'express';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';

/*
 * How the sandbox FHIR server answers: FHIR JSON bodies, and refusals as OperationOutcomes
 * with their HTTP status (https://hl7.org/fhir/R4/http.html#Status-Codes). Shared by the
 * RESTful router (sandbox-router.ts) and the Bulk Data routes (bulk-export-routes.ts).
 */

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export type IssueCode = OperationOutcome['issue'][number]['code'];
type Severity = OperationOutcome['issue'][number]['severity'];

export function outcome(code: IssueCode, diagnostics: string, severity: Severity = 'error'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

/** A refusal of the HTTP layer, with its status and any headers it needs (`Retry-After`, `WWW-Authenticate`). */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(outcome.issue[0]?.diagnostics ?? 'error');
  }
}

export function refuse(
  status: number,
  code: IssueCode,
  diagnostics: string,
  headers?: Readonly<Record<string, string>>,
): SandboxHttpError {
  return new SandboxHttpError(status, outcome(code, diagnostics), headers);
}

export function send(res: Response, status: number, body: Resource): void {
  res.status(status).set('Content-Type', FHIR_JSON).send(JSON.stringify(body));
}
