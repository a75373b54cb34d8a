import { readFileSync } from 'node:fs';

/** Memory of a process over a period, in MB. */
export interface RssReport {
  /** Highest VmRSS seen by the sampler. */
  readonly peakMb: number;
  /** VmHWM (the kernel's high-water mark since the process started) at the end. */
  readonly highWaterMb: number;
  readonly firstMb: number;
  readonly lastMb: number;
  readonly samples: readonly { readonly atMs: number; readonly rssMb: number }[];
}

/** VmRSS and VmHWM of a process from /proc/<pid>/status, in MB; undefined once it has gone. */
export function readMemory(pid: number): { rssMb: number; hwmMb: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Samples a process's RSS every `intervalMs` until stopped. */
export function startRssSampler(pid: number, intervalMs = 100): { stop(): RssReport } {
  const started = performance.now();
  const samples: { atMs: number; rssMb: number }[] = [];
  const sample = () => {
    const m = readMemory(pid);
    if (m) samples.push({ atMs: Math.round(performance.now() - started), rssMb: m.rssMb });
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const rss = samples.map((s) => s.rssMb);
      return {
        peakMb: Math.max(...rss),
        highWaterMb: readMemory(pid)?.hwmMb ?? NaN,
        firstMb: rss[0] ?? NaN,
        lastMb: rss[rss.length - 1] ?? NaN,
        samples,
      };
    },
  };
}
