import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Hex digits kept from the digest: 64 bits tell any two releases of a rules folder apart. */
const DIGEST_HEX_DIGITS = 16;

/** Every `*.json` file under `dir`, as paths relative to it with `/` separators, sorted. */
function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * The version of the rules and trial catalogue in force: a SHA-256 digest of every JSON file of
 * the rules folder, names and contents, in name order. Two replicas, or an audit row and the
 * folder in a release, hold the same rules exactly when their versions are equal; a release
 * number written by hand could be left unchanged after an edit. Computed once at start-up.
 */
export function rulesVersion(rulesDir: string): string {
  const hash = createHash('sha256');
  for (const file of jsonFilesUnder(rulesDir)) {
    // The NUL separators keep "a" + "bc" and "ab" + "c" apart.
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(rulesDir, file)))
      .update('\0');
  }
  return `sha256:${hash.digest('hex').slice(0, DIGEST_HEX_DIGITS)}`;
}
