import type { RequestHandler } from 'express';
import type { FeedbackResult } from '../store/card-store.js';
import { FeedbackRejectedError } from '../store/feedback-rejected.js';
import type { AppDeps } from './deps.js';
import type { z } from 'zod';
import { formatPath } from '../rules/rules-error.js';
import { CdsError, type ErrorDetail } from './errors.js';
import { serviceOf } from './request-state.js';
import { FeedbackRequestSchema, type FeedbackRequest } from './schemas/feedback.js';

/** Schema problems as details whose field is written as in FHIRPath: `feedback[0].outcomeTimestamp`. */
function schemaDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, 20).map((issue) => {
    const field = formatPath(issue.path);
    return { message: field ? `${field}: ${issue.message}` : issue.message, ...(field ? { field } : {}) };
  });
}

/** Stores the items; maps the store's refusals to 400 and its failures to 503 (the client may retry). */
async function store(deps: AppDeps, serviceId: string, items: FeedbackRequest['feedback']): Promise<FeedbackResult> {
  try {
    return await deps.store.recordFeedback(serviceId, items, deps.clock());
  } catch (err) {
    if (err instanceof FeedbackRejectedError) throw new CdsError('invalid-feedback', err.problems);
    const e = err instanceof Error ? err : new Error(String(err));
    deps.logger.error({ err: { type: e.name, message: e.message.slice(0, 300) }, serviceId }, 'feedback not stored');
    throw new CdsError('storage-unavailable', 'The feedback could not be stored; send it again');
  }
}

/**
 * POST /cds-services/{id}/feedback (https://cds-hooks.hl7.org/2.0/#feedback): validates,
 * stores durably, and answers 200 only once the feedback is committed. Re-sent items are
 * stored once. Cards this service never issued get 404 naming each `feedback[i].card`.
 */
export function feedbackHandler(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const service = serviceOf(res);
    const parsed = FeedbackRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new CdsError('invalid-feedback', schemaDetails(parsed.error));
    const serviceId = service.definition.id;
    const items = parsed.data.feedback;
    const result = await store(deps, serviceId, items);
    items.forEach((item, i) => {
      const status = result.items?.[i] ?? (result.unknownCards.includes(item.card) ? 'unknown-card' : 'stored');
      deps.metrics.feedbackItems.inc({ service: serviceId, result: status });
      if (status === 'stored') deps.metrics.feedbackOutcomes.inc({ service: serviceId, outcome: item.outcome });
    });
    if (result.unknownCards.length > 0) {
      throw new CdsError(
        'unknown-card',
        items.flatMap((item, i) =>
          result.unknownCards.includes(item.card)
            ? [{ message: `service ${serviceId} never issued this card`, field: `feedback[${i}].card` }]
            : [],
        ),
      );
    }
    res.json({ stored: result.stored, duplicates: result.duplicates });
  };
}
