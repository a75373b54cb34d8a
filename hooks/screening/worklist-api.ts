import { Router, type Request } from 'express';
import type { CandidateFilter, CandidateStatus, ScreeningStore } from '../../store/screening-store.js';
import type { ScreeningRuns } from '../../screening/screening-runs.js';
import { CdsError } from '../errors.js';
import { jsonBody } from '../json-body.js';
import { candidateJson, runJson, trailJson } from './candidate-view.js';
import { DemographicsReader } from './demographics-reader.js';
import { funnelOf } from './funnel.js';
import { forgeryGuard, sessionOrThrow } from './request-guards.js';
import { worklistTrials } from './trial-catalogue.js';
import { worklistCsv } from './worklist-csv.js';
import type { WorklistContext } from './worklist-context.js';
import {
  CandidateQuery,
  ListQuery,
  NoQuery,
  parseOrThrow,
  RunBody,
  StatusBody,
  TrialQuery,
} from './worklist-schemas.js';

/** How many runs the page lists. */
const RECENT_RUNS = 10;
/** Candidates per page of the list. */
const PAGE_SIZE = 100;
const BODY_LIMIT = 4096;

/**
 * The worklist's JSON API (and its CSV), for the page at /screening. Every call needs a live
 * session (401 otherwise); a call that changes something, or writes the audit trail, also needs
 * the page's anti-forgery token and a same-site origin (request-guards.ts). Patient references
 * travel in the query or the body, never in the path, so the request log (which logs the route)
 * never holds one. Errors are OperationOutcomes of the registry, naming the field.
 */
export function worklistApiRoutes(
  ctx: WorklistContext,
  screening: { readonly store: ScreeningStore; readonly runs: ScreeningRuns },
): Router {
  const { store, runs } = screening;
  const trials = worklistTrials(ctx.deps.services);
  const known = new Set(trials.map((t) => t.id));
  const demographics = new DemographicsReader(ctx.config, ctx.deps.dataSource);
  const guarded = forgeryGuard(ctx.sessions, ctx.publicOrigin);
  const router = Router();
  const api = '/screening/api';

  const trialOf = (trial: string): string => {
    if (!known.has(trial))
      throw new CdsError('not-found', { message: `no trial ${trial} in the catalogue`, field: 'trial' });
    return trial;
  };
  const filterOf = (req: Request) => {
    const q = parseOrThrow(ListQuery, req.query, 'invalid-query');
    const filter: CandidateFilter = {
      trialId: trialOf(q.trial),
      ...(q.status ? { status: q.status } : {}),
      ...(q.fit ? { fit: q.fit } : {}),
      ...(q.toConfirm ? { toConfirm: q.toConfirm } : {}),
    };
    return { filter, page: q.page ?? 1 };
  };
  const candidateOf = async (trial: string, patient: string) => {
    const found = await store.candidate(trialOf(trial), patient);
    if (!found) throw new CdsError('not-found', { message: 'the trial lists no such patient', field: 'patient' });
    return found;
  };

  router.get(`${api}/session`, (req, res) => {
    parseOrThrow(NoQuery, req.query, 'invalid-query');
    const session = sessionOrThrow(ctx.sessions, req);
    res.json({
      user: { sub: session.sub, name: session.name },
      expiresAt: new Date(session.exp * 1000).toISOString(),
      csrfToken: ctx.sessions.csrfToken(session),
      signIn: ctx.mode.kind,
    });
  });

  router.get(`${api}/trials`, (req, res) => {
    sessionOrThrow(ctx.sessions, req);
    parseOrThrow(NoQuery, req.query, 'invalid-query');
    res.json({ trials });
  });

  // A page of the list, with the count of the whole: a hospital's run lists thousands.
  router.get(`${api}/candidates`, async (req, res) => {
    sessionOrThrow(ctx.sessions, req);
    const { filter, page } = filterOf(req);
    const [list, total] = await Promise.all([
      store.candidates(filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      store.countCandidates(filter),
    ]);
    res.json({ candidates: list.map(candidateJson), total, page, pageSize: PAGE_SIZE });
  });

  router.get(`${api}/candidates.csv`, async (req, res) => {
    sessionOrThrow(ctx.sessions, req);
    const { filter } = filterOf(req);
    const list = await store.candidates(filter);
    const trial = filter.trialId;
    const day = ctx.deps.clock().toISOString().slice(0, 10);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="screening-${trial}-${day}.csv"`)
      .send(worklistCsv(list));
  });

  router.get(`${api}/funnel`, async (req, res) => {
    sessionOrThrow(ctx.sessions, req);
    const q = parseOrThrow(TrialQuery, req.query, 'invalid-query');
    const [list, recent] = await Promise.all([
      store.candidates({ trialId: trialOf(q.trial) }),
      store.runs(RECENT_RUNS),
    ]);
    const last = recent.map(runJson).find((r) => r.patientsScreened !== undefined && r.finishedAt !== undefined);
    res.json({ trial: q.trial, ...funnelOf(list, last?.patientsScreened ?? null) });
  });

  // A GET that writes the trail (who viewed whom): guarded like a change, so another site cannot
  // make a coordinator's browser leave views in the audit trail.
  router.get(`${api}/candidate`, guarded, async (req, res) => {
    const session = sessionOrThrow(ctx.sessions, req);
    const q = parseOrThrow(CandidateQuery, req.query, 'invalid-query');
    const candidate = await candidateOf(q.trial, q.patient);
    await store.recordView(q.trial, q.patient, session.sub, ctx.deps.clock());
    const [trail, patient] = await Promise.all([store.history(q.trial, q.patient), demographics.read(q.patient)]);
    res.json({ candidate: candidateJson(candidate), demographics: patient, trail: trail.map(trailJson) });
  });

  router.post(`${api}/status`, guarded, jsonBody(BODY_LIMIT), async (req, res) => {
    const session = sessionOrThrow(ctx.sessions, req);
    const body = parseOrThrow(StatusBody, req.body, 'invalid-request');
    trialOf(body.trial);
    const status: CandidateStatus = body.status;
    if (!(await store.setStatus(body.trial, body.patient, status, session.sub, ctx.deps.clock()))) {
      throw new CdsError('not-found', { message: 'the trial lists no such patient', field: 'patient' });
    }
    const [candidate, trail] = await Promise.all([
      candidateOf(body.trial, body.patient),
      store.history(body.trial, body.patient),
    ]);
    res.json({ candidate: candidateJson(candidate), trail: trail.map(trailJson) });
  });

  router.get(`${api}/runs`, async (req, res) => {
    sessionOrThrow(ctx.sessions, req);
    parseOrThrow(NoQuery, req.query, 'invalid-query');
    const current = runs.current();
    res.json({
      available: runs.available,
      ...(current ? { current } : {}),
      recent: (await store.runs(RECENT_RUNS)).map(runJson),
    });
  });

  router.post(`${api}/runs`, guarded, jsonBody(BODY_LIMIT), async (req, res) => {
    const session = sessionOrThrow(ctx.sessions, req);
    parseOrThrow(RunBody, req.body, 'invalid-request');
    if (!runs.available) {
      throw new CdsError('runs-unavailable', 'set SCREENING_FHIR_URL for the service to run screening');
    }
    const answer = await runs.start({ startedBy: session.sub });
    if ('busy' in answer) {
      throw new CdsError('run-in-progress', `run ${answer.busy?.runId ?? '(on another replica)'} is in progress`);
    }
    res.status(202).json({ run: answer.started });
  });

  router.all(`${api}/{*rest}`, (req) => {
    sessionOrThrow(ctx.sessions, req);
    throw new CdsError('not-found', `No route for ${req.method} ${req.path}`);
  });
  return router;
}
