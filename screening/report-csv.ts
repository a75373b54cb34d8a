import { writeFileSync } from 'node:fs';
import type { ScreeningReport } from './screening-report.js';

/**
 * A cell as RFC 4180 quotes it; a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`)
 * is prefixed with `'` (OWASP "CSV injection"), as the file is opened in Excel by study teams.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The candidates of a report, one row per trial and patient, for a spreadsheet. */
export function reportCsv(report: ScreeningReport): string {
  const rows = [['trial', 'patient', 'met', 'to_confirm', 'evidence', 'run_id', 'finished_at']];
  for (const [trial, result] of Object.entries(report.trials)) {
    for (const c of result.candidates) {
      // The text names its date already when it is one ("since 2014-12-07"): not said twice.
      const evidence = c.evidence.map(
        (e) => `${e.criterion}: ${e.text}${e.date && !e.text.includes(e.date) ? ` (${e.date})` : ''}`,
      );
      rows.push([
        trial,
        c.patient,
        c.met.join('; '),
        c.toConfirm.join('; '),
        evidence.join(' | '),
        report.runId,
        report.finishedAt,
      ]);
    }
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Writes the report files a run was asked for: `--out` (JSON) and `--csv`. */
export function writeReportFiles(
  report: ScreeningReport,
  files: { readonly out?: string; readonly csv?: string },
): void {
  if (files.out) writeFileSync(files.out, `${JSON.stringify(report, null, 2)}\n`);
  if (files.csv) writeFileSync(files.csv, reportCsv(report));
}
