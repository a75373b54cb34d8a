/** One problem with a feedback item, naming the request field, e.g. `feedback[0].acceptedSuggestions[1].id`. */
export interface FeedbackProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Feedback the store refuses as a whole (nothing is stored): for example an accepted
 * suggestion id that is not one of the card's suggestions. hooks/feedback.ts answers 400.
 */
export class FeedbackRejectedError extends Error {
  override readonly name = 'FeedbackRejectedError';
  constructor(readonly problems: readonly FeedbackProblem[]) {
    super(problems[0]?.message ?? 'feedback rejected');
  }
}
