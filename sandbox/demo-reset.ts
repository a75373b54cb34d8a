import { Router, type Request, type RequestHandler } from 'express';
import type { Logger } from '../config/logger.js';
import { CdsError } from '../hooks/errors.js';
import { jsonBody } from '../hooks/json-body.js';
import type { CardStore } from '../store/card-store.js';
import type { SandboxFhir } from './fhir/sandbox-fhir.js';

/** The endpoint that resets the demo; it exists only in sandbox mode. */
export const DEMO_RESET_PATH = '/sandbox-ehr/reset';

/** The body a reset must carry, so that a stray POST (a wrong URL, a replayed request) wipes nothing. */
export const DEMO_RESET_CONFIRMATION = { confirm: 'reset' } as const;

/** What a reset did, as the endpoint answers it. */
export interface DemoResetResult {
  /** Sandbox patients whose feedback was cleared: the loaded ones and any created since. */
  readonly patients: number;
  /** Feedback rows cleared (kept on record, no longer holding a card back). */
  readonly feedbackCleared: number;
  /** Suppressions in force that were lifted. */
  readonly suppressionsCleared: number;
  /** FHIR resources created, changed or deleted since start-up, now as they were loaded. */
  readonly resourcesRestored: number;
}

/** What a reset works on. */
export interface DemoResetDeps {
  readonly fhir: Pick<SandboxFhir, 'store' | 'patientIds' | 'restore'>;
  /** The feedback store (it opens beside the sandbox). */
  readonly cardStore: Promise<CardStore>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** A failed reset of the feedback store: the endpoint answers 503, and a retry is harmless. */
class StoreResetError extends Error {}

/**
 * The demo reset: the sandbox FHIR store back as it was loaded, then the feedback of every
 * sandbox patient cleared (so their suppressions end). Resets run one at a time; running one
 * again changes nothing more.
 */
export function createDemoReset(deps: DemoResetDeps): () => Promise<DemoResetResult> {
  const resetOnce = async (): Promise<DemoResetResult> => {
    // Taken before the restore: a patient created through /fhir is one of the demo's too.
    const ids = new Set([...deps.fhir.patientIds, ...deps.fhir.store.patientIds()]);
    // First, while nothing has yielded to I/O since the request arrived (see SandboxFhir.restore).
    const resourcesRestored = await deps.fhir.restore();
    const store = await deps.cardStore;
    if (!store.clearPatients) throw new Error('this feedback store cannot clear patients');
    let cleared;
    try {
      cleared = await store.clearPatients(
        [...ids].map((id) => `Patient/${id}`),
        deps.clock(),
      );
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      deps.logger.error({ err: { type: e.name, message: e.message.slice(0, 300) } }, 'sandbox demo reset failed');
      throw new StoreResetError(e.message);
    }
    const result = { patients: ids.size, ...cleared, resourcesRestored };
    deps.logger.info(result, 'sandbox demo reset');
    return result;
  };
  let last: Promise<unknown> = Promise.resolve();
  return () => {
    const run = last.then(resetOnce, resetOnce);
    last = run.catch(() => undefined);
    return run;
  };
}

/**
 * Whether a browser sent the request from another site. Browsers name the origin of every
 * cross-origin POST (`Origin`) and say where a fetch comes from (`Sec-Fetch-Site`); a client
 * that is not a browser (curl, `npm run reset-demo`) sends neither. The page's own origin is
 * the host it was opened under, or PUBLIC_BASE_URL's.
 */
function fromAnotherSite(req: Request, publicOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  if (origin === publicOrigin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true; // `Origin: null` (a sandboxed frame, a file) or garbage
  }
}

function confirmed(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as Record<string, unknown>).confirm === DEMO_RESET_CONFIRMATION.confirm
  );
}

/**
 * POST /sandbox-ehr/reset with `{"confirm": "reset"}`: resets the demo and answers what was
 * cleared. Refused from another site's page (the service answers CORS for any origin, so a
 * page elsewhere could otherwise wipe a developer's demo), and without the confirmation.
 */
export function demoResetRoutes(reset: () => Promise<DemoResetResult>, publicBaseUrl: string): Router {
  const publicOrigin = new URL(publicBaseUrl).origin;
  const sameSite: RequestHandler = (req, _res, next) => {
    if (fromAnotherSite(req, publicOrigin)) {
      next(
        new CdsError('cross-origin-refused', { message: 'The demo is reset from its own page only', field: 'Origin' }),
      );
      return;
    }
    next();
  };
  const router = Router();
  router.post(DEMO_RESET_PATH, sameSite, jsonBody(1024), async (req, res) => {
    if (!confirmed(req.body)) {
      throw new CdsError('invalid-request', {
        message: `Send ${JSON.stringify(DEMO_RESET_CONFIRMATION)} to reset the demo`,
        field: 'confirm',
      });
    }
    let result: DemoResetResult;
    try {
      result = await reset();
    } catch (err) {
      if (err instanceof StoreResetError) {
        throw new CdsError('storage-unavailable', 'The feedback could not be cleared; reset again');
      }
      throw err;
    }
    res.set('Cache-Control', 'no-store').json(result);
  });
  router.all(DEMO_RESET_PATH, (req, _res, next) => {
    next(new CdsError('method-not-allowed', `${req.method} is not allowed here`));
  });
  return router;
}
