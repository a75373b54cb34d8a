import { describe, expect, test } from '@jest/globals';
import { progressDisplay } from './screen-progress.js';

function sink(isTTY: boolean) {
  let now = 0;
  const written: string[] = [];
  return {
    written,
    advance: (ms: number) => (now += ms),
    sink: { write: (t: string) => written.push(t), isTTY, now: () => now },
  };
}

describe('the progress of a run', () => {
  test('on a terminal: one line redrawn in place, with a bar, the rate and the time left', () => {
    const s = sink(true);
    const p = progressDisplay(s.sink);
    p.evaluating(100);
    s.advance(1000);
    p.patient(50, 2);
    p.done();
    const last = s.written.filter((w) => w.startsWith('\r'));
    expect(last.length).toBeGreaterThanOrEqual(2);
    expect(s.written.join('')).toContain(
      '[############............] evaluating · 0 resources · 50/100 patients · 2 candidates · 50/s · 00:01 left',
    );
    expect(s.written.at(-1)).toBe('\n');
  });

  test('on a terminal, redrawn at most every 100 ms', () => {
    const s = sink(true);
    const p = progressDisplay(s.sink);
    p.evaluating(1000);
    for (let i = 1; i <= 500; i++) p.patient(i, 0);
    expect(s.written.length).toBe(1);
    s.advance(150);
    p.patient(501, 0);
    expect(s.written.length).toBe(2);
  });

  test('elsewhere: plain lines, at each phase and every 5 s, with no control characters', () => {
    const s = sink(false);
    const p = progressDisplay(s.sink);
    p.file('Patient', 1, 3);
    for (let i = 0; i < 1000; i++) p.resource();
    s.advance(5001);
    p.resource();
    p.evaluating(10);
    p.done();
    expect(s.written).toEqual([
      'reading Patient (file 1 of 3) · 0 resources · 0 patients · 0 candidates\n',
      'reading Patient (file 1 of 3) · 1,001 resources · 0 patients · 0 candidates\n',
      'evaluating · 1,001 resources · 0/10 patients · 0 candidates\n',
      'done · 1,001 resources · 0/10 patients · 0 candidates\n',
    ]);
  });
});
