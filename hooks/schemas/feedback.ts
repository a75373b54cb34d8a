import { z } from 'zod';

/** One feedback item. https://cds-hooks.hl7.org/2.0/#feedback */
export const FeedbackItemSchema = z
  .strictObject({
    card: z.string().min(1).max(128),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z.array(z.strictObject({ id: z.string().min(1).max(128) })).optional(),
    overrideReason: z
      .strictObject({
        reason: z
          .looseObject({
            code: z.string().min(1).max(128),
            system: z.string().max(512).optional(),
            display: z.string().max(512).optional(),
          })
          .optional(),
        userComment: z.string().max(2000).optional(),
      })
      .optional(),
    // RFC 3339 date-time; years before 1970 are refused (PostgreSQL has no year 0).
    outcomeTimestamp: z.iso
      .datetime({ offset: true, abort: true })
      .refine((v) => Date.parse(v) >= 0, 'must be a date-time from 1970 on'),
  })
  .superRefine((item, ctx) => {
    // "acceptedSuggestions ... REQUIRED when the outcome is accepted" (2.0 Feedback table).
    if (item.outcome === 'accepted' && !item.acceptedSuggestions?.length) {
      ctx.addIssue({ code: 'custom', path: ['acceptedSuggestions'], message: 'required when outcome is accepted' });
    }
    if (item.outcome === 'overridden' && item.acceptedSuggestions?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptedSuggestions'],
        message: 'not allowed when outcome is overridden',
      });
    }
  });

/** The feedback request body. */
export const FeedbackRequestSchema = z.looseObject({
  feedback: z.array(FeedbackItemSchema).min(1).max(100),
});

/** A validated feedback request. */
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;
