import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * How `npm run screen` hands its run to the running service when the embedded store is the
 * service's (PGlite allows one process per data directory): the service writes, in its data
 * directory, its address and a random token, readable by the owner only. Whoever can read the
 * data directory may already read the whole store, so the token grants nothing more; it keeps
 * the handover endpoint closed to everyone else.
 */
export const HANDOFF_FILE = 'screening-handoff.json';

const HandoffSchema = z.object({ url: z.string().url(), token: z.string().min(32), fhir: z.string().url() });
export type Handoff = z.infer<typeof HandoffSchema>;

/** Writes the file for this process's lifetime; returns the token and how to remove the file. */
export function writeHandoff(dataDir: string, url: string, fhir: string): { token: string; remove(): void } {
  const token = randomBytes(32).toString('hex');
  const file = join(dataDir, HANDOFF_FILE);
  writeFileSync(file, JSON.stringify({ url, token, fhir }), { mode: 0o600 });
  return { token, remove: () => rmSync(file, { force: true }) };
}

/** The running service's handover, when its data directory holds one. */
export function readHandoff(dataDir: string): Handoff | undefined {
  try {
    const parsed = HandoffSchema.safeParse(JSON.parse(readFileSync(join(dataDir, HANDOFF_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
