import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * The lines of an NDJSON body, read as they arrive: a file of any size is never held whole
 * in memory. Blank lines (a trailing newline, a CRLF) are skipped.
 */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const lines = createInterface({
    input: Readable.fromWeb(body as WebReadableStream<Uint8Array>),
    crlfDelay: Infinity,
  });
  for await (const line of lines) if (line.trim() !== '') yield line;
}
