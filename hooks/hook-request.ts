import type { z } from 'zod';
import { formatPath } from '../rules/rules-error.js';
import type { ServiceDefinition } from '../services/service.js';
import { CdsError, type ErrorDetail } from './errors.js';
import { CONTEXT_SCHEMAS, HookRequestSchema, type HookRequest, type HookContext } from './schemas/hook-request.js';

const MAX_REPORTED_ISSUES = 20;

/** Turns zod issues into error details that name each field, e.g. `context.patientId`. */
export function zodDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const field = formatPath(prefix ? [prefix, ...issue.path] : issue.path);
    return { message: field ? `${field}: ${issue.message}` : issue.message, ...(field ? { field } : {}) };
  });
}

/** A hook request checked against the generic schema and the hook's context schema. */
export interface ValidatedHookRequest {
  readonly request: HookRequest;
  readonly context: HookContext;
}

/** Validates a request body for a service; a mismatch is a 400 naming the field. */
export function validateHookRequest(body: unknown, service: ServiceDefinition): ValidatedHookRequest {
  const parsed = HookRequestSchema.safeParse(body);
  if (!parsed.success) {
    // A prefetch value that is not a resource or null is the prefetch's fault, not the request's.
    const onlyPrefetch = parsed.error.issues.every((issue) => issue.path[0] === 'prefetch');
    throw new CdsError(onlyPrefetch ? 'invalid-prefetch' : 'invalid-request', zodDetails(parsed.error));
  }
  const request = parsed.data;
  if (request.hook !== service.hook) {
    throw new CdsError('hook-mismatch', {
      message: `service ${service.id} answers the ${service.hook} hook, not ${request.hook}`,
      field: 'hook',
    });
  }
  const context = CONTEXT_SCHEMAS[service.hook].safeParse(request.context);
  if (!context.success) throw new CdsError('invalid-request', zodDetails(context.error, 'context'));
  // fhirAuthorization.patient is the patient the access token is bound to
  // (https://cds-hooks.hl7.org/2.0/#passing-the-access-token-to-the-cds-service): a token for
  // another patient than the context's would read another patient's record.
  const tokenPatient = request.fhirAuthorization?.patient;
  if (tokenPatient !== undefined && tokenPatient !== context.data.patientId) {
    throw new CdsError('invalid-request', {
      message: 'fhirAuthorization.patient names another patient than context.patientId',
      field: 'fhirAuthorization.patient',
    });
  }
  return { request, context: context.data };
}
