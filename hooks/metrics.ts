import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics the service exposes at /metrics. */
export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'service' | 'status'>;
  readonly cardsIssued: Counter<'service' | 'kind'>;
  readonly cardsSuppressed: Counter<'service' | 'kind'>;
  readonly fhirFetchDuration: Histogram<'outcome'>;
  readonly fhirFetchErrors: Counter<'kind'>;
  readonly feedbackOutcomes: Counter<'service' | 'outcome'>;
  /** Every feedback item received, by what became of it: stored, duplicate, unknown-card. */
  readonly feedbackItems: Counter<'service' | 'result'>;
  /** Background store failures (store/card-store.ts StoreBackgroundError). */
  readonly storeBackgroundErrors: Counter<'kind'>;
  /** Token-id checks made by this replica alone while the shared store was down (hooks/auth/replay-guard.ts). */
  readonly replaySharedUnavailable: Counter;
  /** Audit rows waiting to be written (a gauge read at each scrape from the source given here). */
  watchAuditQueue(pending: () => number): void;
}

/**
 * A metric's child per label values, made on first use and kept: a plain `inc(labels)` or
 * `observe(labels, v)` hashes the label object on every call. Only for label values from a
 * small fixed set (service ids, card kinds, HTTP statuses).
 */
export function childPerLabels<A extends string[], C>(labels: (...values: A) => C): (...values: A) => C {
  const children = new Map<string, C>();
  return (...values) => {
    const key = values.join('\0');
    let child = children.get(key);
    if (child === undefined) {
      child = labels(...values);
      children.set(key, child);
    }
    return child;
  };
}

/** Creates a fresh registry with the service metrics (one per app, so tests do not share state). */
export function createMetrics(options: { collectDefaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.collectDefaults) collectDefaultMetrics({ register: registry });
  // The store opens after the metrics (so that its first background errors count): the queue's
  // size is read through this late-bound source.
  let auditPending = () => 0;
  new Gauge({
    name: 'cds_audit_rows_pending',
    help:
      'Audit rows (issued cards, suppression counts) waiting to be written: they pile up while the database ' +
      'is unreachable, up to the queue bound, beyond which the oldest are dropped (cds_store_background_errors_total{kind="rows-dropped"})',
    registers: [registry],
    collect() {
      this.set(auditPending());
    },
  });
  return {
    watchAuditQueue(pending) {
      auditPending = pending;
    },
    registry,
    requestDuration: new Histogram({
      name: 'cds_request_duration_seconds',
      help: 'CDS service call duration by service and HTTP status',
      labelNames: ['service', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    cardsIssued: new Counter({
      name: 'cds_cards_issued_total',
      help: 'Cards returned, by service and kind',
      labelNames: ['service', 'kind'],
      registers: [registry],
    }),
    cardsSuppressed: new Counter({
      name: 'cds_cards_suppressed_total',
      help: 'Cards held back because of earlier feedback',
      labelNames: ['service', 'kind'],
      registers: [registry],
    }),
    fhirFetchDuration: new Histogram({
      name: 'cds_fhir_fetch_duration_seconds',
      help: 'Duration of one round of FHIR reads',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    fhirFetchErrors: new Counter({
      name: 'cds_fhir_fetch_errors_total',
      help: 'Failed FHIR reads by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    feedbackOutcomes: new Counter({
      name: 'cds_feedback_total',
      help: 'Feedback items stored, by service and outcome',
      labelNames: ['service', 'outcome'],
      registers: [registry],
    }),
    feedbackItems: new Counter({
      name: 'cds_feedback_items_total',
      help: 'Feedback items received, by service and result (stored, duplicate, unknown-card)',
      labelNames: ['service', 'result'],
      registers: [registry],
    }),
    replaySharedUnavailable: new Counter({
      name: 'cds_replay_shared_store_unavailable_total',
      help: 'Token ids checked by this replica alone because the shared store (PostgreSQL or Redis) did not answer',
      registers: [registry],
    }),
    storeBackgroundErrors: new Counter({
      name: 'cds_store_background_errors_total',
      help:
        'Failures of the store in the background: flush-failed (audit, retried), rows-dropped (audit queue full), ' +
        "suppression-refresh (reading other replicas' feedback), feedback-listener (its connection, retried)",
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}
