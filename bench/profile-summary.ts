import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../config/project-paths.js';

/** A V8 CPU profile as `node --cpu-prof` writes it. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly endTime: number;
  readonly startTime: number;
}

/** Self time of one function or one area, in ms and as a share of the busy time. */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

/** Where the busy (non-idle) time of a profile went. */
export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly topFunctions: readonly SelfTime[];
  readonly areas: readonly SelfTime[];
}

/** The package (node_modules/<pkg>), project folder, or runtime part a script URL belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (nm?.[1]) return nm[1];
  const rel = path.startsWith(PROJECT_ROOT) ? path.slice(PROJECT_ROOT.length + 1).replace(/^dist\//, '') : path;
  return `${rel.split('/').slice(0, -1).join('/') || rel}/ (project)`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  return path.startsWith(PROJECT_ROOT) ? path.slice(PROJECT_ROOT.length + 1) : path;
}

function top(map: Map<string, number>, busy: number, n: number): SelfTime[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, percent: (100 * us) / busy }));
}

/**
 * Sums self time per function and per area over a `.cpuprofile` file; with `lastMs`, only over
 * the samples of the profile's last `lastMs` milliseconds (the load, not the start-up).
 */
export function summariseProfile(file: string, options: { topN?: number; lastMs?: number } = {}): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const from = options.lastMs === undefined ? -Infinity : profile.endTime - options.lastMs * 1000;
  let at = profile.startTime;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (!frame || at < from) return;
    if (frame.functionName === '(idle)') {
      idle += dt;
      return;
    }
    busy += dt;
    const name = frame.url
      ? `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName;
    fn.set(name, (fn.get(name) ?? 0) + dt);
    const a = areaOf(frame.url, frame.functionName);
    area.set(a, (area.get(a) ?? 0) + dt);
  });
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    topFunctions: top(fn, busy, options.topN ?? 25),
    areas: top(area, busy, 20),
  };
}

/** The summary as text for the terminal and docs/performance.md. */
export function formatProfile(s: ProfileSummary, requests?: number): string {
  // With the number of requests served, each line also gives CPU microseconds per request.
  const perRequest = (ms: number) => (requests ? `  ${((ms * 1000) / requests).toFixed(1).padStart(7)} µs/req` : '');
  const lines = (list: readonly SelfTime[]) =>
    list.map(
      (t) => `  ${t.percent.toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms${perRequest(t.ms)}  ${t.name}`,
    );
  return [
    `busy ${s.busyMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms${requests ? `, ${requests} requests` : ''}${perRequest(s.busyMs)}`,
    'self time by area:',
    ...lines(s.areas),
    'top functions by self time:',
    ...lines(s.topFunctions),
  ].join('\n');
}
