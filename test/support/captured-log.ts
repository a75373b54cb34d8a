/** A parsed JSON log line. */
export type LogLine = Record<string, unknown>;

/**
 * Log output kept in memory, read back as text or as parsed JSON lines, the same as
 * `text().split('\n').filter(Boolean).map(JSON.parse)` would. Suites read it after every call
 * (fixtures-http.int.test.ts: 1,485 times), so each read only parses what was written since the
 * last one. Re-parsing the whole log on every read was a third of that suite's time.
 */
export class CapturedLog {
  private readonly chunks: string[] = [];
  private joined = '';
  private joinedChunks = 0;
  /** The complete lines of the first `parsedChunks` chunks, parsed; frozen, as every read shares them. */
  private readonly parsed: LogLine[] = [];
  private parsedChunks = 0;
  /** What follows the last newline of those chunks: a line still being written. */
  private partial = '';

  write(chunk: string): void {
    this.chunks.push(chunk);
  }

  /** Everything written so far. */
  text(): string {
    if (this.joinedChunks < this.chunks.length) {
      this.joined += this.chunks.slice(this.joinedChunks).join('');
      this.joinedChunks = this.chunks.length;
    }
    return this.joined;
  }

  /**
   * Every non-empty line written so far, parsed; a line that is not JSON throws, on every read.
   * The array is the log's own and grows with it (a copy per read cost fixtures-http 1.7 s of
   * 65 s, at 40,000 lines): read it at once, and copy it to keep a snapshot.
   */
  lines(): readonly LogLine[] {
    if (this.parsedChunks < this.chunks.length) {
      // Read from the chunks, not from text(): searching a string that only ever grows would
      // copy all of it on every read. Parsed in full before any is kept, so a bad line throws again.
      const pieces = (this.partial + this.chunks.slice(this.parsedChunks).join('')).split('\n');
      const partial = pieces.pop()!;
      const fresh = pieces.filter(Boolean).map(parseLine);
      for (const line of fresh) this.parsed.push(line);
      this.parsedChunks = this.chunks.length;
      this.partial = partial;
    }
    return this.partial ? [...this.parsed, parseLine(this.partial)] : this.parsed;
  }
}

function parseLine(line: string): LogLine {
  return Object.freeze(JSON.parse(line) as LogLine);
}
