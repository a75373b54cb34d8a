import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Lines are sent in chunks of about this many characters: few writes, little memory. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The lines of an NDJSON file (one JSON resource per line, http://ndjson.org), serialised one
 * resource at a time and gathered into chunks of about 64 KiB: a file of any size never sits in
 * memory as one string.
 */
export function* ndjsonChunks(resources: Iterable<unknown>): Generator<string> {
  let chunk = '';
  for (const resource of resources) {
    chunk += `${JSON.stringify(resource)}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Streams resources as an NDJSON file with `Content-Type: application/fhir+ndjson`, as the
 * Bulk Data output file request requires (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-output-file-request).
 * The next chunk is serialised only once the client has taken the previous one (backpressure),
 * and a client that goes away stops the serialising. Resolves when the file is sent; rejects
 * when the connection ends first.
 */
export async function sendNdjson(res: Response, resources: Iterable<unknown>): Promise<void> {
  res.status(200).set({ 'Content-Type': 'application/fhir+ndjson', 'Cache-Control': 'no-store' });
  await pipeline(Readable.from(ndjsonChunks(resources)), res);
}
