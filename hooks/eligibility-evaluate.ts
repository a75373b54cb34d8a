import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { FhirAccess } from '../fhir/data-source.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { ELIGIBILITY_ANSWER_SYSTEM } from '../services/eligibility-questionnaire.js';
import type { CdsService } from '../services/service.js';
import { toProtocolError } from './call-service.js';
import type { AppConfig, AppDeps } from './deps.js';
import { CdsError } from './errors.js';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const EVALUATE_BODY = z.strictObject({
  iss: z.string().min(1).max(2048),
  patient: z.string().regex(FHIR_ID, 'must be a FHIR id'),
  trialId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a trial id such as NCT04270656'),
});
const BEARER = /^Bearer +(\S+)$/i;

/** What the evaluation reads of the config. */
export type EvaluateConfig = Pick<AppConfig, 'fhir' | 'alcoholGramsPerDrink' | 'eligibilityAppUrl'>;

/** Where a trial's Questionnaire is published, beside the app (`<app>/questionnaire/<trial id>`). */
export function questionnaireUrl(eligibilityAppUrl: string, trialId: string): string {
  return new URL(`questionnaire/${encodeURIComponent(trialId)}`, eligibilityAppUrl).href;
}

/**
 * `POST /apps/eligibility/evaluate` `{iss, patient, trialId}`, with the eligibility app's SMART
 * access token as `Authorization: Bearer` (docs/smart-app.md, "The evaluation endpoint"). The
 * service reads the patient's record from `iss` with that token, only from a FHIR server of
 * FHIR_SERVER_ALLOWLIST (or the sandbox's own), through the pipeline a hook call takes, and
 * answers the trial's whole checklist (services/eligibility-checklist.ts). The token is used for
 * this one evaluation: never logged, never kept. Errors are OperationOutcomes of the registry.
 */
export function evaluateHandler(config: EvaluateConfig, deps: AppDeps): RequestHandler {
  // The service that evaluates trials: the one with a checklist (trial-referral).
  const service: CdsService | undefined = deps.services.find((s) => 'checklist' in s && s.checklist !== undefined);
  return async (req, res) => {
    const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
    if (!token) {
      throw new CdsError('unauthorized', {
        message: "send the app's SMART access token as Authorization: Bearer <token>",
        field: 'Authorization',
      });
    }
    const parsed = EVALUATE_BODY.safeParse(req.body);
    if (!parsed.success) {
      throw new CdsError(
        'invalid-request',
        parsed.error.issues.map((i) => ({ message: i.message, field: i.path.join('.') || 'body' })),
      );
    }
    const { iss, patient, trialId } = parsed.data;
    // The SSRF guard of hook calls: the allowlist (and the sandbox's own /fhir), https unless allowed.
    let baseUrl: string;
    try {
      baseUrl = deps.fhirServerPolicy(iss, {});
    } catch (err) {
      if (!(err instanceof CdsError)) throw err;
      throw new CdsError(err.code, { message: err.message, field: 'iss' });
    }
    if (!service?.checklist)
      throw new CdsError('not-found', { message: 'no service evaluates trials', field: 'trialId' });
    const now = deps.clock();
    const access = (): FhirAccess => ({
      baseUrl,
      accessToken: token,
      deadline: AbortSignal.timeout(config.fhir.timeoutMs),
    });
    let outcome;
    try {
      outcome = await runPipeline(
        {
          patientId: patient,
          services: [service],
          source: { kind: 'request', context: { patientId: patient }, access, dataSource: deps.dataSource },
          now,
        },
        { valueSets: deps.valueSets, alcoholGramsPerDrink: config.alcoholGramsPerDrink },
      );
    } catch (err) {
      throw toProtocolError(err);
    }
    const { facts } = outcome.services[0]!;
    const checklist = await service.checklist({ patientId: patient, facts, record: outcome.record, now }, trialId);
    if (!checklist) {
      throw new CdsError('not-found', { message: `no trial ${trialId} in the catalogue`, field: 'trialId' });
    }
    // The Questionnaire the answers belong to, as `url|version`, and the code system of the answers.
    const questionnaire = service.questionnaire?.(trialId, questionnaireUrl(config.eligibilityAppUrl ?? '', trialId));
    res.set('Cache-Control', 'no-store').json({
      patient,
      evaluatedAt: now.toISOString(),
      checklist,
      ...(questionnaire ? { questionnaire: `${questionnaire.url}|${questionnaire.version}` } : {}),
      answerSystem: ELIGIBILITY_ANSWER_SYSTEM,
    });
  };
}
