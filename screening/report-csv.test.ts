import { describe, expect, test } from '@jest/globals';
import { reportCsv } from './report-csv.js';
import type { ScreeningReport } from './screening-report.js';

const REPORT: ScreeningReport = {
  runId: 'run-1',
  startedAt: '2026-12-04T02:00:00.000Z',
  finishedAt: '2026-12-04T02:03:00.000Z',
  source: { fhir: 'https://ehr.example/fhir', method: 'bulk-export' },
  complete: true,
  rulesVersion: 'sha256:abc',
  patientsScreened: 3,
  patientsSkipped: {},
  trials: {
    NCT04270656: {
      candidates: [
        {
          patient: 'Patient/a',
          met: ['t2d', 'hba1c'],
          toConfirm: ['contraception'],
          evidence: [
            { criterion: 'hba1c', text: 'HbA1c: 8.4 %', date: '2026-10-02' },
            { criterion: 't2d', text: 'Type 2 diabetes: "E11.9", since 2019' },
          ],
        },
        {
          patient: 'Patient/b',
          met: ['t2d'],
          toConfirm: [],
          evidence: [{ criterion: 't2d', text: '=HYPERLINK("x")' }],
        },
      ],
      possibleCandidates: [],
      notMetCounts: {},
      alreadyReferred: 0,
    },
  },
  problems: [],
};

describe('the candidates as CSV', () => {
  const rows = reportCsv(REPORT).split('\r\n');

  test('a header, then one row per candidate, CRLF-terminated', () => {
    expect(rows[0]).toBe('trial,patient,met,to_confirm,evidence,run_id,finished_at');
    expect(rows.length).toBe(4);
    expect(rows[3]).toBe('');
  });

  test('quotes a cell holding a comma or a quote, doubling the quotes', () => {
    expect(rows[1]).toBe(
      'NCT04270656,Patient/a,t2d; hba1c,contraception,"hba1c: HbA1c: 8.4 % (2026-10-02) | t2d: Type 2 diabetes: ""E11.9"", since 2019",run-1,2026-12-04T02:03:00.000Z',
    );
  });

  test.each([['=HYPERLINK'], ['+1'], ['-1'], ['@SUM']])('a cell starting %s is not run as a formula', (start) => {
    const report = structuredClone(REPORT);
    report.trials.NCT04270656!.candidates[1]!.met = [`${start}(x)`];
    const cells = reportCsv(report).split('\r\n')[2]!.split(',');
    expect(cells[2]).toBe(`'${start}(x)`);
  });
});
