import { z } from 'zod';
import { CANDIDATE_STATUSES } from '../../store/screening-store.js';
import { CdsError, type ErrorCode } from '../errors.js';

/** A candidate's fit, as the list filters it (store/screening-store.ts CandidateFit). */
export const FITS = ['candidate', 'possible', 'no-longer-fits'] as const;

const TRIAL_ID = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a trial id such as NCT04270656');
const PATIENT_REF = z.string().regex(/^Patient\/[A-Za-z0-9\-.]{1,64}$/, 'must be a reference Patient/<id>');
const CRITERION_ID = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a criterion id of the catalogue');
/** An empty filter (the page's "any" choice) is no filter. */
const filter = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** `?trial=&status=&fit=&toConfirm=&page=`: a trial's list, filtered (the list, a page at a time; the CSV). */
export const ListQuery = z.strictObject({
  trial: TRIAL_ID,
  status: filter(z.enum(CANDIDATE_STATUSES)),
  fit: filter(z.enum(FITS)),
  toConfirm: filter(CRITERION_ID),
  /** Which page of the list (from 1); the CSV ignores it and holds the whole list. */
  page: filter(z.coerce.number().int().min(1).max(1_000_000)),
  lang: z.string().max(8).optional(),
});

/** `?trial=`: a trial's funnel. */
export const TrialQuery = z.strictObject({ trial: TRIAL_ID });

/** `?trial=&patient=`: one candidate (the patient reference stays out of the path, so out of the request log). */
export const CandidateQuery = z.strictObject({ trial: TRIAL_ID, patient: PATIENT_REF });

/** `POST /screening/api/status`: a coordinator's status change. */
export const StatusBody = z.strictObject({ trial: TRIAL_ID, patient: PATIENT_REF, status: z.enum(CANDIDATE_STATUSES) });

/** `POST /screening/api/runs`: a run of the whole catalogue on the configured FHIR server; nothing to choose yet. */
export const RunBody = z.strictObject({});

/** An empty query (session, trials, runs). */
export const NoQuery = z.strictObject({});

/** The value parsed, or a CdsError naming each field at fault (`invalid-query` for a query, `invalid-request` for a body). */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, code: ErrorCode): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new CdsError(
    code,
    parsed.error.issues.map((i) => ({
      message: i.code === 'unrecognized_keys' ? `unknown ${i.keys.join(', ')}` : i.message,
      field: i.code === 'unrecognized_keys' ? (i.keys[0] ?? 'body') : i.path.join('.') || 'body',
    })),
  );
}
