import type { Response } from 'express';
import type { OperationOutcome } from '@medplum/fhirtypes';

/** Codes of the sandbox EHR's refusals, in `issue.details.coding` (clients read these, not the text). */
export const SANDBOX_SMART_CODE_SYSTEM = 'https://github.com/diabetes-cds-hooks/sandbox-smart';

type IssueCode = OperationOutcome['issue'][number]['code'];

/** What a refusal says. */
export interface Refusal {
  readonly status: number;
  readonly issue: IssueCode;
  /** Stable code in SANDBOX_SMART_CODE_SYSTEM. */
  readonly code: string;
  readonly diagnostics: string;
  /** The request field at fault, for bad input. */
  readonly expression?: string;
}

/** Answers a refusal as an OperationOutcome. */
export function sendRefusal(res: Response, refusal: Refusal): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: refusal.issue,
        details: { coding: [{ system: SANDBOX_SMART_CODE_SYSTEM, code: refusal.code }] },
        diagnostics: refusal.diagnostics,
        ...(refusal.expression ? { expression: [refusal.expression] } : {}),
      },
    ],
  };
  res.status(refusal.status).set('Content-Type', 'application/fhir+json; charset=utf-8').send(JSON.stringify(outcome));
}
