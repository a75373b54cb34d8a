import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Whether the module at `moduleUrl` is the script node was started with (not imported by a test). */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Where a CLI writes; tests pass their own. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** The environment settings are read from (process.env by default). */
  readonly env?: Record<string, string | undefined>;
  /** The clock (tests fix it). */
  readonly now?: () => Date;
}

/** The io of a real run: console and process.env. */
export const CONSOLE_IO: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };
