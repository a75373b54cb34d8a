import type { ScreeningProgress } from '../screening/screening-progress.js';

/** Where progress is written: a terminal gets one line redrawn in place, anything else plain lines. */
export interface ProgressSink {
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
  readonly now: () => number;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;
const LINE_EVERY_MS = 5000;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The progress of a run, as bin/screen.ts shows it: resources read, patients evaluated,
 * candidates, rate and time left (once the number of patients is known). On a terminal a bar is
 * redrawn at most every 100 ms; otherwise (CI, a cron job's log) a plain line every 5 s and at
 * each phase. It names no patient.
 */
export function progressDisplay(sink: ProgressSink): ScreeningProgress & { done(): void } {
  let resources = 0;
  let screened = 0;
  let candidates = 0;
  let total: number | undefined;
  let phase = 'exporting';
  let started = sink.now();
  let drawn = 0;
  const line = (): string => {
    const elapsed = (sink.now() - started) / 1000;
    const rate = elapsed > 0 ? screened / elapsed : 0;
    const parts = [
      phase,
      `${resources.toLocaleString('en')} resources`,
      `${screened.toLocaleString('en')}${total !== undefined ? `/${total.toLocaleString('en')}` : ''} patients`,
      `${candidates} candidates`,
    ];
    if (total !== undefined && rate > 0)
      parts.push(`${Math.round(rate)}/s`, `${clock((total - screened) / rate)} left`);
    return parts.join(' · ');
  };
  const show = (force = false) => {
    const now = sink.now();
    if (sink.isTTY) {
      if (!force && now - drawn < REDRAW_MS) return;
      const filled = total ? Math.round((BAR_WIDTH * screened) / Math.max(1, total)) : 0;
      const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` : '';
      sink.write(`\r\x1b[2K${bar}${line()}`);
    } else {
      if (!force && now - drawn < LINE_EVERY_MS) return;
      sink.write(`${line()}\n`);
    }
    drawn = now;
  };
  return {
    exportStatus(progress) {
      phase = progress ? `exporting (${progress})` : 'exporting';
      show();
    },
    file(type, index, of) {
      phase = `reading ${type} (file ${index} of ${of})`;
      show(!sink.isTTY && index === 1);
    },
    resource() {
      resources++;
      show();
    },
    evaluating(patients) {
      total = patients;
      phase = 'evaluating';
      started = sink.now();
      show(true);
    },
    patient(s, c) {
      screened = s;
      candidates = c;
      show();
    },
    done() {
      phase = 'done';
      show(true);
      if (sink.isTTY) sink.write('\n');
    },
  };
}
