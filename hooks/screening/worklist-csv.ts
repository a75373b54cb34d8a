import type { StoredCandidate } from '../../store/screening-store.js';
import { evidenceOf } from './candidate-view.js';

/**
 * A cell as RFC 4180 quotes it; one a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a
 * tab or a carriage return first) is prefixed with `'` (OWASP "CSV injection"): study teams open
 * the file in Excel. As screening/report-csv.ts does for the command's CSV.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const COLUMNS = [
  'trial',
  'patient',
  'fit',
  'status',
  'met',
  'to_confirm',
  'missing',
  'evidence',
  'first_seen',
  'last_seen',
  'status_changed_at',
  'status_changed_by',
  'no_longer_fits_reason',
];

/**
 * A trial's list as it is filtered on the page, one row per patient. Patient references and
 * criterion ids only: the names and dates of birth the page shows are read live and never
 * written to a file by the service.
 */
export function worklistCsv(candidates: readonly StoredCandidate[]): string {
  const rows = [COLUMNS];
  for (const c of candidates) {
    const evidence = evidenceOf(c).map(
      (e) => `${e.criterion}: ${e.text}${e.date && !e.text.includes(e.date) ? ` (${e.date})` : ''}`,
    );
    rows.push([
      c.trialId,
      c.patientRef,
      c.fit,
      c.status,
      c.met.join('; '),
      c.toConfirm.join('; '),
      c.missing.join('; '),
      evidence.join(' | '),
      c.firstSeenAt.toISOString(),
      c.lastSeenAt.toISOString(),
      c.statusChangedAt?.toISOString() ?? '',
      c.statusChangedBy ?? '',
      c.retiredReason ?? '',
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
