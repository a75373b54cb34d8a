import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Finds the project root (the folder holding package.json), from source or from dist/. */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
}

/** Absolute path of the project root. */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** Absolute path of the rules folder (value sets, rule files, trial catalogue). */
export const DEFAULT_RULES_DIR = join(PROJECT_ROOT, 'rules');
