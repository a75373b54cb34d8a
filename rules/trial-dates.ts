import type { Trial } from './trial-schema.js';

/**
 * The registry's end of recruitment: the earliest of its primary completion, end and completion
 * dates (a study recruits no one once its last participant has been examined for the primary
 * outcome).
 */
export function completionOf(trial: Trial): string | undefined {
  const { primaryCompletionDate, endDate, completionDate } = trial.registry;
  const dates = [primaryCompletionDate, endDate, completionDate].filter((d): d is string => d !== undefined);
  return dates.length === 0 ? undefined : dates.reduce((a, b) => (b < a ? b : a));
}

/** The date the registry record speaks for: its last update, or failing that when it was retrieved. */
export function recordDateOf(trial: Trial): string {
  return trial.registry.lastUpdated ?? trial.registry.retrievedOn;
}

/** The calendar day (UTC) of an instant, `YYYY-MM-DD`. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A registry end or completion date that lies before today. */
export interface PassedCompletion {
  readonly completion: string;
  readonly recordDate: string;
}

/** The passed completion date, or undefined when the registry's dates are still ahead (or absent). */
export function completionPassed(trial: Trial, now: Date): PassedCompletion | undefined {
  const completion = completionOf(trial);
  if (completion === undefined || completion >= dayOf(now)) return undefined;
  return { completion, recordDate: recordDateOf(trial) };
}

/** The sentence the card shows when the registry's completion date has passed (docs/clinical-rules.md, "Trial referral card"). */
export function staleDateWarning(passed: PassedCompletion): string {
  return `Registry record dated ${passed.recordDate} lists completion ${passed.completion} — confirm recruitment with the study team.`;
}

/** Whole days since the record was retrieved from the registry. */
export function retrievalAgeDays(trial: Trial, now: Date): number {
  return Math.floor(
    (Date.parse(`${dayOf(now)}T00:00:00Z`) - Date.parse(`${trial.registry.retrievedOn}T00:00:00Z`)) / 86_400_000,
  );
}

/** How old a registry record may get before the catalogue check asks for a refresh. */
export const RECORD_MAX_AGE_DAYS = 365;

/** What the catalogue check reports about a trial's registry dates; empty when nothing is stale. */
export function registryWarnings(trial: Trial, now: Date): string[] {
  const out: string[] = [];
  const passed = completionPassed(trial, now);
  if (passed)
    out.push(
      `registry completion ${passed.completion} has passed (record dated ${passed.recordDate}): without a recent site confirmation, recruitment is not confirmed; refresh the record (npm run trials -- import) or record the site confirmation`,
    );
  const age = retrievalAgeDays(trial, now);
  if (age > RECORD_MAX_AGE_DAYS)
    out.push(
      `record retrieved on ${trial.registry.retrievedOn}, ${age} days ago (over a year): refresh it from the registry`,
    );
  return out;
}
