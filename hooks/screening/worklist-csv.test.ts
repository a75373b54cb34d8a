import { describe, expect, test } from '@jest/globals';
import type { StoredCandidate } from '../../store/screening-store.js';
import { csvCell, worklistCsv } from './worklist-csv.js';

describe('a CSV cell', () => {
  test.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['say "hi"', '"say ""hi"""'],
  ])('%p is written %p', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('the worklist CSV', () => {
  test('one row per candidate, with its status, evidence and dates; a formula in evidence is defused', () => {
    const at = new Date('2026-11-01T02:00:00Z');
    const c: StoredCandidate = {
      trialId: 'NCT04270656',
      patientRef: 'Patient/p1',
      status: 'contacted',
      fit: 'candidate',
      met: ['t2d', 'hba1c'],
      toConfirm: ['contraception'],
      missing: [],
      evidence: [{ criterion: 'hba1c', text: '=cmd|x', date: '2026-10-02' }, 'not evidence'],
      firstRunId: 'r1',
      lastRunId: 'r2',
      firstSeenAt: at,
      lastSeenAt: at,
      statusChangedAt: at,
      statusChangedBy: 'sandbox:Ada',
    };
    const [header, row, end] = worklistCsv([c]).split('\r\n');
    expect(header).toMatch(/^trial,patient,fit,status,met,to_confirm/);
    expect(row).toBe(
      'NCT04270656,Patient/p1,candidate,contacted,t2d; hba1c,contraception,,hba1c: =cmd|x (2026-10-02),' +
        '2026-11-01T02:00:00.000Z,2026-11-01T02:00:00.000Z,2026-11-01T02:00:00.000Z,sandbox:Ada,',
    );
    expect(end).toBe('');
  });
});
