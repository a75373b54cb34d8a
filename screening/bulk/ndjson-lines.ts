import { BulkExportError } from './bulk-export-error.js';

/** How long reading a body may wait: for each chunk (`idleMs`), and in all (`deadline`, on `now`'s clock). */
export interface BodyLimits {
  readonly idleMs: number;
  readonly deadline?: number;
  readonly now?: () => number;
  /** What the body is, for messages (never its query, which may name a patient). */
  readonly what?: string;
}

/** The next chunk, or a `timeout` BulkExportError when none comes within the limits. */
async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limits: BodyLimits | undefined,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  if (!limits) return reader.read();
  const left = limits.deadline !== undefined && limits.now ? limits.deadline - limits.now() : Infinity;
  const what = limits.what ?? 'an export file';
  if (left <= 0) throw new BulkExportError('timeout', `the run passed its deadline (--deadline) reading ${what}`);
  const waitMs = Math.min(limits.idleMs, left);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BulkExportError(
            'timeout',
            waitMs < limits.idleMs
              ? `the run passed its deadline (--deadline) reading ${what}`
              : `${what} sent nothing for ${limits.idleMs} ms`,
          ),
        ),
      waitMs,
    );
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The lines of an NDJSON body, read as they arrive: a file of any size is never held whole
 * in memory. Blank lines (a trailing newline, a CRLF) are skipped, and a leading UTF-8 byte order
 * mark is dropped (the decoder's default). With `limits`, a body that stalls (nothing for
 * `idleMs`) or runs past the deadline fails with a `timeout` BulkExportError, and is cancelled.
 */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>, limits?: BodyLimits): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await readWithin(reader, limits);
      if (done) break;
      const parts = (rest + decoder.decode(value, { stream: true })).split(/\r\n|\r|\n/);
      rest = parts.pop()!;
      for (const line of parts) if (line.trim() !== '') yield line;
    }
    rest += decoder.decode();
    for (const line of rest.split(/\r\n|\r|\n/)) if (line.trim() !== '') yield line;
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
