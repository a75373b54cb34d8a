/**
 * Why reading a population failed:
 * - `unsupported`: the server has no `$export` at the asked level (screening falls back to search);
 * - `refused`: the server answered the kick-off or a poll with an error (a bad parameter, a forbidden Group);
 * - `unauthorized`: the token was refused, or expired and could not be renewed;
 * - `failed`: the export job itself failed;
 * - `timeout`: the export did not finish before the deadline;
 * - `unreachable`: no answer (a bad base URL, a network failure).
 * The message never holds a token or patient data.
 */
export type BulkExportFailure = 'unsupported' | 'refused' | 'unauthorized' | 'failed' | 'timeout' | 'unreachable';

export class BulkExportError extends Error {
  override readonly name = 'BulkExportError';
  constructor(
    readonly kind: BulkExportFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
