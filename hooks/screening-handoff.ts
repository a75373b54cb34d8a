import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppDeps } from './deps.js';
import { CdsError } from './errors.js';
import { jsonBody } from './json-body.js';

/** What `npm run screen` may ask of the running service's runs. */
const HandoffRequestSchema = z
  .object({
    trialIds: z
      .array(z.string().regex(/^NCT\d{8}$/))
      .max(50)
      .optional(),
    group: z
      .string()
      .regex(/^[A-Za-z0-9\-.]{1,64}$/)
      .optional(),
    since: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/)
      .optional(),
  })
  .strict();

function tokenMatches(req: Request, token: string): boolean {
  const given = Buffer.from(req.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The handover of `npm run screen` to the running service (screening/handoff-file.ts): with
 * the embedded store, the command cannot open the database the service holds, so it asks the
 * service to run the screening in its worker and store it, then fetches the report.
 * `POST /screening/handoff/runs` starts a run (202, or 409 while one runs);
 * `GET /screening/handoff/runs/{id}` gives its state, and its report once finished.
 * Only the holder of the token in the service's data directory may call them.
 */
export function screeningHandoffRoutes(deps: AppDeps, bodyLimitBytes: number): Router {
  const router = Router();
  const token = deps.screening?.handoffToken;
  if (!token || !deps.screening) return router;
  const { runs } = deps.screening;
  const guard = (req: Request) => {
    if (!tokenMatches(req, token))
      throw new CdsError('unauthorized', 'the handover token of the data directory is required');
  };
  router.post('/screening/handoff/runs', jsonBody(bodyLimitBytes), async (req, res) => {
    guard(req);
    const parsed = HandoffRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new CdsError(
        'invalid-request',
        parsed.error.issues.map((i) => ({ message: i.message, field: i.path.join('.') })),
      );
    }
    if (!runs.available) throw new CdsError('runs-unavailable');
    const started = await runs.start({ startedBy: 'command-line', ...parsed.data });
    if ('busy' in started) throw new CdsError('run-in-progress');
    res.status(202).json({ run: started.started });
  });
  router.get('/screening/handoff/runs/:runId', (req, res) => {
    guard(req);
    const run = runs.current();
    if (!run || run.runId !== req.params.runId) throw new CdsError('not-found', 'no such run in this process');
    const report = runs.report?.(run.runId);
    res.json({ run, ...(report ? { report } : {}) });
  });
  return router;
}
