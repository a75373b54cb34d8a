import { DataUnavailableError, FhirFetchError, type FhirAccess, type FhirFailureKind } from '../fhir/data-source.js';
import { InvalidPrefetchError } from '../fhir/prefetch.js';
import type { LoadStats } from '../fhir/record-loader.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { Card } from '../services/card-schema.js';
import type { CdsService, ProposedCard } from '../services/service.js';
import type { Caller } from './auth/authenticator.js';
import type { AppConfig, AppDeps } from './deps.js';
import { CdsError, type ErrorCode } from './errors.js';
import type { ValidatedHookRequest } from './hook-request.js';
import type { HookContext, OrderSelectContext } from './schemas/hook-request.js';
import type { DraftOrders } from '../pipeline/what-if-record.js';
import type { FhirResource } from 'fhir/r4.js';

const FAILURE_CODES: Readonly<Record<FhirFailureKind, ErrorCode>> = {
  unauthorized: 'fhir-unauthorized',
  unreachable: 'fhir-unreachable',
  'not-found': 'fhir-not-found',
  'server-error': 'fhir-server-error',
  'invalid-response': 'fhir-invalid-response',
  timeout: 'fhir-timeout',
};

/** What one call produced, for the response, the log line and the metrics. */
export interface ServiceCallResult {
  readonly cards: Card[];
  readonly proposed: readonly ProposedCard[];
  readonly suppressed: readonly { readonly key: string; readonly reason: string; readonly until: Date }[];
  readonly stats: LoadStats;
}

/** The string-valued context fields, which prefetch tokens may name. */
function templateContext(context: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(context)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * The draft orders of an order hook, and the selected ones on order-select: the cards speak of
 * those (https://cds-hooks.org/hooks/order-select/); of all drafts on order-sign.
 */
function draftOrdersOf(context: HookContext): DraftOrders | undefined {
  const { draftOrders, selections } = context as Partial<OrderSelectContext>;
  if (!draftOrders) return undefined;
  const resources = draftOrders.entry.map((e) => e.resource as unknown as FhirResource);
  return selections ? { resources, focus: new Set(selections) } : { resources };
}

/** Maps errors from reading the patient's data to the protocol's errors (400, 412). */
export function toProtocolError(err: unknown): unknown {
  if (err instanceof InvalidPrefetchError)
    return new CdsError('invalid-prefetch', { message: err.message, field: err.field });
  if (err instanceof DataUnavailableError) {
    // One issue per prefetch key that is missing, each naming it (issue.expression).
    const details = err.keys.map((key) => ({ message: err.message, field: `prefetch.${key}` }));
    return new CdsError('data-unavailable', details.length > 0 ? details : err.message);
  }
  if (err instanceof FhirFetchError) {
    // The only read by id is the context's Patient: name the context field that points at nothing.
    const field = err.kind === 'not-found' && err.resourceType === 'Patient' ? 'context.patientId' : undefined;
    return new CdsError(FAILURE_CODES[err.kind], field ? { message: err.message, field } : err.message);
  }
  return err;
}

/**
 * Runs one CDS service for one validated request through the pipeline (prefetch first, then the
 * FHIR server; facts once; rules; suppression by earlier feedback), then records what was shown
 * and what was held back in the audit trail.
 */
export async function callService(
  service: CdsService,
  { request, context }: ValidatedHookRequest,
  caller: Caller,
  config: AppConfig,
  deps: AppDeps,
): Promise<ServiceCallResult> {
  const now = deps.clock();
  const fhirServer = request.fhirServer;
  const token = request.fhirAuthorization?.access_token;
  // The deadline starts when the first read is needed and covers every round of this call.
  const access = fhirServer
    ? (): FhirAccess => ({
        baseUrl: deps.fhirServerPolicy(fhirServer, caller),
        ...(token ? { accessToken: token } : {}),
        deadline: AbortSignal.timeout(config.fhir.timeoutMs),
      })
    : undefined;

  const orders = draftOrdersOf(context);
  const started = performance.now();
  let outcome;
  try {
    outcome = await runPipeline(
      {
        patientId: context.patientId,
        services: [service],
        source: {
          kind: 'request',
          context: templateContext(context),
          ...(request.prefetch ? { prefetch: request.prefetch } : {}),
          ...(access ? { access } : {}),
          dataSource: deps.dataSource,
        },
        now,
        ...(orders ? { orders } : {}),
      },
      {
        valueSets: deps.valueSets,
        alcoholGramsPerDrink: config.alcoholGramsPerDrink,
        suppressions: (serviceId, patientRef, at) => deps.store.activeSuppressions(serviceId, patientRef, at),
        sharedFeedback: deps.services.map((s) => s.definition.id),
      },
    );
  } catch (err) {
    if (err instanceof FhirFetchError) {
      deps.metrics.fhirFetchErrors.inc({ kind: err.kind });
      deps.metrics.fhirFetchDuration.observe({ outcome: err.kind }, (performance.now() - started) / 1000);
    }
    throw toProtocolError(err);
  }
  const { stats } = outcome;
  if (stats.fhirRounds > 0) deps.metrics.fhirFetchDuration.observe({ outcome: 'ok' }, stats.fetchMs / 1000);
  const { proposed, shown, suppressed } = outcome.services[0]!;

  const patientRef = `Patient/${context.patientId}`;
  if (suppressed.length > 0) {
    await deps.store.recordSuppressed(
      service.definition.id,
      patientRef,
      suppressed.map((s) => s.key),
      now,
    );
  }
  if (shown.length > 0) {
    await deps.store.recordIssued(
      shown.map((p) => ({
        uuid: p.card.uuid,
        serviceId: service.definition.id,
        hookInstance: request.hookInstance,
        patientRef,
        cardKey: p.key,
        kind: p.kind,
        ...(p.trialId ? { trialId: p.trialId } : {}),
        matchedRules: p.matchedRules,
        suggestionUuids: (p.card.suggestions ?? []).map((s) => s.uuid),
        // Removing a draft order answers the order, not the card's question (docs/order-hooks.md).
        openSuggestionUuids: (p.card.suggestions ?? [])
          .filter((s) => s.actions.every((a) => a.type === 'delete'))
          .map((s) => s.uuid),
        issuedAt: now,
        rulesVersion: deps.rulesVersion,
      })),
    );
  }
  return {
    cards: shown.map((p) => p.card),
    proposed,
    suppressed: suppressed.map(({ key, reason, until }) => ({ key, reason, until })),
    stats,
  };
}
