import { type Agent, request } from 'node:http';
import type { FuzzAnswer, FuzzCase, FuzzRequest } from './fuzz-case.js';

/** Longest the fuzzer waits for an answer; a service that takes longer has hung. */
const ANSWER_TIMEOUT_MS = 15_000;

/** Sends one request and reads the whole answer (raw bytes; any method, any headers). */
export function send(baseUrl: string, agent: Agent, r: FuzzRequest): Promise<FuzzAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${r.path}`,
      {
        method: r.method,
        agent,
        headers: { ...r.headers, ...(r.body !== undefined ? { 'content-length': String(r.body.length) } : {}) },
        timeout: ANSWER_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** One case's outcome: its answers (a case may have a follow-up) and the problems the oracle found. */
export interface CaseOutcome {
  readonly category: string;
  readonly statuses: readonly number[];
  readonly problems: readonly string[];
  readonly failedCase?: FuzzCase;
  readonly failedAnswer?: FuzzAnswer;
}

/** Runs the case and its follow-ups, checking each answer. */
export async function runCase(
  baseUrl: string,
  agent: Agent,
  first: FuzzCase,
  check: (c: FuzzCase, a: FuzzAnswer) => string[],
): Promise<CaseOutcome> {
  const statuses: number[] = [];
  let current: FuzzCase | undefined = first;
  while (current) {
    let answer: FuzzAnswer;
    try {
      answer = await send(baseUrl, agent, current.request);
    } catch (err) {
      return {
        category: current.category,
        statuses,
        problems: [`no answer: ${err instanceof Error ? err.message : String(err)}`],
        failedCase: current,
      };
    }
    statuses.push(answer.status);
    const problems = check(current, answer);
    if (problems.length > 0)
      return { category: current.category, statuses, problems, failedCase: current, failedAnswer: answer };
    current = current.then?.(answer);
  }
  return { category: first.category, statuses, problems: [] };
}

/** Runs `items` through `worker` with at most `concurrency` in flight, in order of start. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await worker(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}
