import type { SqlQueryable } from './sql-client.js';
import type { Tables } from './tables.js';

/** Feedback statistics for one service, or one trial within a service. */
export interface ReportLine {
  readonly serviceId: string;
  /** Set on per-trial lines. */
  readonly trialId?: string;
  readonly issued: number;
  /** Cards whose latest feedback is `accepted`. */
  readonly accepted: number;
  readonly overridden: number;
  /** accepted / issued; null when nothing was issued. */
  readonly acceptanceRate: number | null;
  readonly overrideRate: number | null;
  /** Override reason code (`unspecified` when none was given) → cards and share of issued cards. */
  readonly overridesByReason: Readonly<Record<string, { readonly count: number; readonly rate: number | null }>>;
  /** Cards held back by suppression. */
  readonly suppressed: number;
}

/** The whole report: per service, then per trial. */
export interface FeedbackReport {
  /** Start of the window (ISO date-time), or null for all time. */
  readonly since: string | null;
  readonly services: readonly ReportLine[];
  readonly trials: readonly ReportLine[];
}

interface Tally {
  issued: number;
  accepted: number;
  overridden: number;
  reasons: Map<string, number>;
  suppressed: number;
}

const EPOCH = new Date(0);

/**
 * Computes the report over cards issued since `since` (their feedback counts whenever it
 * came; the latest outcome per card wins) and suppressions counted since that day.
 */
export async function buildFeedbackReport(sql: SqlQueryable, t: Tables, since?: Date): Promise<FeedbackReport> {
  const from = since ?? EPOCH;
  const issued = await sql.query<{ service_id: string; trial_id: string | null; n: number }>(
    `SELECT service_id, trial_id, count(*)::int AS n FROM ${t.issuedCard}
     WHERE issued_at >= $1 GROUP BY service_id, trial_id`,
    [from],
  );
  const outcomes = await sql.query<{
    service_id: string;
    trial_id: string | null;
    outcome: string;
    code: string | null;
    n: number;
  }>(
    `SELECT c.service_id, c.trial_id, f.outcome, f.override_code AS code, count(*)::int AS n
     FROM ${t.issuedCard} c
     JOIN LATERAL (SELECT outcome, override_code FROM ${t.feedback} f WHERE f.card_uuid = c.card_uuid
                   ORDER BY outcome_at DESC, id DESC LIMIT 1) f ON true
     WHERE c.issued_at >= $1
     GROUP BY c.service_id, c.trial_id, f.outcome, f.override_code`,
    [from],
  );
  // A card key names one trial (or none) within a service; the audit trail says which.
  const suppressed = await sql.query<{ service_id: string; trial_id: string | null; n: number }>(
    `SELECT s.service_id, k.trial_id, sum(s.count)::int AS n
     FROM ${t.suppressedCount} s
     LEFT JOIN (SELECT DISTINCT service_id, card_key, trial_id FROM ${t.issuedCard}) k
       ON k.service_id = s.service_id AND k.card_key = s.card_key
     WHERE s.day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
     GROUP BY s.service_id, k.trial_id`,
    [from],
  );

  const services = new Map<string, Tally>();
  const trials = new Map<string, Tally>();
  const tallies = (serviceId: string, trialId: string | null): Tally[] => {
    const out = [tallyFor(services, serviceId)];
    if (trialId !== null) out.push(tallyFor(trials, `${serviceId}\u0000${trialId}`));
    return out;
  };
  for (const r of issued) for (const x of tallies(r.service_id, r.trial_id)) x.issued += r.n;
  for (const r of outcomes) {
    for (const x of tallies(r.service_id, r.trial_id)) {
      if (r.outcome === 'accepted') {
        x.accepted += r.n;
      } else {
        x.overridden += r.n;
        const code = r.code ?? 'unspecified';
        x.reasons.set(code, (x.reasons.get(code) ?? 0) + r.n);
      }
    }
  }
  for (const r of suppressed) for (const x of tallies(r.service_id, r.trial_id)) x.suppressed += r.n;

  return {
    since: since ? since.toISOString() : null,
    services: [...services].sort(byKey).map(([serviceId, x]) => toLine(x, serviceId)),
    trials: [...trials].sort(byKey).map(([key, x]) => {
      const [serviceId = '', trialId = ''] = key.split('\u0000');
      return toLine(x, serviceId, trialId);
    }),
  };
}

function tallyFor(map: Map<string, Tally>, key: string): Tally {
  let tally = map.get(key);
  if (!tally) {
    tally = { issued: 0, accepted: 0, overridden: 0, reasons: new Map(), suppressed: 0 };
    map.set(key, tally);
  }
  return tally;
}

function byKey(a: [string, Tally], b: [string, Tally]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function rate(n: number, of: number): number | null {
  return of > 0 ? Math.round((n / of) * 10000) / 10000 : null;
}

function toLine(x: Tally, serviceId: string, trialId?: string): ReportLine {
  const reasons = [...x.reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    serviceId,
    ...(trialId !== undefined ? { trialId } : {}),
    issued: x.issued,
    accepted: x.accepted,
    overridden: x.overridden,
    acceptanceRate: rate(x.accepted, x.issued),
    overrideRate: rate(x.overridden, x.issued),
    overridesByReason: Object.fromEntries(
      reasons.map(([code, count]) => [code, { count, rate: rate(count, x.issued) }]),
    ),
    suppressed: x.suppressed,
  };
}

/** Formats the report as plain text tables for a terminal. */
export function formatFeedbackReport(report: FeedbackReport): string {
  const pct = (r: number | null): string => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);
  const lines: string[] = [
    `Feedback report${report.since ? ` since ${report.since.slice(0, 10)}` : ' (all time)'}`,
    '',
  ];
  const section = (title: string, rows: readonly ReportLine[], label: (l: ReportLine) => string): void => {
    lines.push(title);
    if (rows.length === 0) {
      lines.push('  (no cards issued)', '');
      return;
    }
    const header = ['', 'issued', 'accepted', 'overridden', 'suppressed'];
    const table = rows.map((l) => [
      label(l),
      String(l.issued),
      pct(l.acceptanceRate),
      pct(l.overrideRate),
      String(l.suppressed),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
    const fmt = (cells: string[]): string =>
      `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
    lines.push(fmt(header));
    rows.forEach((l, i) => {
      lines.push(fmt(table[i]!));
      for (const [code, r] of Object.entries(l.overridesByReason)) {
        lines.push(`      overridden: ${code}  ${r.count} (${pct(r.rate)})`);
      }
    });
    lines.push('');
  };
  section('Per service', report.services, (l) => l.serviceId);
  section('Per trial', report.trials, (l) => `${l.trialId ?? ''} (${l.serviceId})`);
  return lines.join('\n');
}
