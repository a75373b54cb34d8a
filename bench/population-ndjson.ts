import { closeSync, createReadStream, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FhirResource } from 'fhir/r4.js';
import { populationPatients, type PopulationPatient, type PopulationProfile } from '../sandbox/patients/population.js';

/** One NDJSON output file of an export: its resource type and where its lines come from. */
export interface ExportFile {
  readonly type: string;
  readonly name: string;
  readonly count: number;
  /** The file on disk, when it is one. */
  readonly path?: string;
  /** A new stream of the file's bytes each time (a file on disk, or a string in memory). */
  body(): ReadableStream<Uint8Array>;
}

/** What a generated population came to: its files and what it was made of. */
export interface PopulationExport {
  readonly files: readonly ExportFile[];
  readonly patients: number;
  readonly resources: number;
  readonly bytes: number;
  /** Patients by profile, and how many of them died or opted out. */
  readonly profiles: Partial<Record<PopulationProfile, number>>;
  readonly deceased: number;
  readonly optedOut: number;
}

/** A node stream as the web stream a `fetch` Response body is. */
function webStream(readable: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(readable) as unknown as ReadableStream<Uint8Array>;
}

/** Where each resource type's lines go: one sink per type, opened on the first line. */
interface TypeSink {
  write(text: string): void;
  close(): void;
}

/** Lines are handed to a sink in chunks of about this many characters: few writes, little memory. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes a population as a Bulk Data export writes it: one NDJSON file per resource type, each
 * type's lines in patient order (the order a server that stores records by patient reads them
 * out). Patients are generated one at a time and their lines flushed in 1 MiB chunks, so a
 * population of any size never sits in memory.
 */
function splitByType(
  patients: Iterable<PopulationPatient>,
  open: (type: string) => TypeSink,
): Omit<PopulationExport, 'files'> & { counts: Map<string, number> } {
  const pending = new Map<string, { sink: TypeSink; text: string }>();
  const counts = new Map<string, number>();
  const profiles: Partial<Record<PopulationProfile, number>> = {};
  let n = 0;
  let resources = 0;
  let bytes = 0;
  let deceased = 0;
  let optedOut = 0;
  const add = (r: FhirResource) => {
    let out = pending.get(r.resourceType);
    if (!out) {
      out = { sink: open(r.resourceType), text: '' };
      pending.set(r.resourceType, out);
    }
    const line = `${JSON.stringify(r)}\n`;
    out.text += line;
    bytes += Buffer.byteLength(line);
    resources++;
    counts.set(r.resourceType, (counts.get(r.resourceType) ?? 0) + 1);
    if (out.text.length >= CHUNK_CHARS) {
      out.sink.write(out.text);
      out.text = '';
    }
  };
  for (const p of patients) {
    n++;
    profiles[p.profile] = (profiles[p.profile] ?? 0) + 1;
    if (p.deceased) deceased++;
    if (p.optedOut) optedOut++;
    for (const r of p.resources) add(r);
  }
  for (const { sink, text } of pending.values()) {
    if (text) sink.write(text);
    sink.close();
  }
  return { patients: n, resources, bytes, profiles, deceased, optedOut, counts };
}

/** A generated population written to `dir` as `<Type>.ndjson` files, with `export.json` describing them. */
export function writePopulationExport(dir: string, count: number, today: Date, seed?: number): PopulationExport {
  const result = splitByType(populationPatients(count, today, seed), (type) => {
    const fd = openSync(join(dir, `${type}.ndjson`), 'w');
    return { write: (text) => writeSync(fd, text), close: () => closeSync(fd) };
  });
  const { counts, ...figures } = result;
  const summary = { ...figures, files: [...counts].map(([type, n]) => ({ type, name: `${type}.ndjson`, count: n })) };
  writeFileSync(join(dir, 'export.json'), JSON.stringify(summary));
  return readPopulationExport(dir);
}

/** The export `writePopulationExport` left in `dir`, its files read from disk as streams. */
export function readPopulationExport(dir: string): PopulationExport {
  const summary = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8')) as Omit<PopulationExport, 'files'> & {
    files: { type: string; name: string; count: number }[];
  };
  return {
    ...summary,
    files: summary.files.map((f) => ({
      ...f,
      path: join(dir, f.name),
      body: () => webStream(createReadStream(join(dir, f.name), { highWaterMark: 256 * 1024 })),
    })),
  };
}

/** A generated population as in-memory NDJSON files (tests; a few thousand patients). */
export function populationExportInMemory(count: number, today: Date, seed?: number): PopulationExport {
  const texts = new Map<string, string[]>();
  const { counts, ...figures } = splitByType(populationPatients(count, today, seed), (type) => {
    const chunks: string[] = [];
    texts.set(type, chunks);
    return { write: (text) => chunks.push(text), close: () => undefined };
  });
  return {
    ...figures,
    files: [...counts].map(([type, n]) => ({
      type,
      name: `${type}.ndjson`,
      count: n,
      body: () => webStream(Readable.from(texts.get(type)!.map((t) => Buffer.from(t)))),
    })),
  };
}

/**
 * A `fetch` that answers a Bulk Data export over the given files, as a server would: the
 * kick-off (`202` with `Content-Location`), one status poll (`200` with the manifest), each output
 * file as a stream, and the final `DELETE`. https://hl7.org/fhir/uv/bulkdata/export.html
 */
export function bulkExportFetch(baseUrl: string, files: readonly ExportFile[]): typeof fetch {
  const status = `${baseUrl}/bulk-status/1`;
  const byUrl = new Map(files.map((f) => [`${baseUrl}/bulk-files/${f.name}`, f]));
  const manifest = {
    transactionTime: new Date().toISOString(),
    request: `${baseUrl}/Patient/$export`,
    requiresAccessToken: false,
    output: files.map((f) => ({ type: f.type, url: `${baseUrl}/bulk-files/${f.name}`, count: f.count })),
    error: [],
  };
  return (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : input.toString();
    const method = init?.method ?? 'GET';
    if (/\/\$export(\?|$)/.test(url))
      return Promise.resolve(new Response(null, { status: 202, headers: { 'Content-Location': status } }));
    if (url === status)
      return Promise.resolve(method === 'DELETE' ? new Response(null, { status: 202 }) : Response.json(manifest));
    const file = byUrl.get(url);
    if (file) {
      return Promise.resolve(
        new Response(file.body(), { status: 200, headers: { 'Content-Type': 'application/fhir+ndjson' } }),
      );
    }
    return Promise.resolve(new Response('{"resourceType":"OperationOutcome"}', { status: 404 }));
  };
}
