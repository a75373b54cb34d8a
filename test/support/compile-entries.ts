import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../config/project-paths.js';
import { sourceDigest } from './source-digest.js';

/** Compiled trees, one per state of the sources (test-output/compiled/<digest>/out). */
const CACHE = join(PROJECT_ROOT, 'test-output', 'compiled');
/**
 * The entry points suites run as processes, compiled together whatever one suite asks for: a
 * compile takes about 3 s with one of them or all eight, and eight suites ask, so that one compile
 * serves a whole test run (and the next runs, while the sources stay the same).
 */
const SHARED_ENTRIES = [
  'bin/server.ts',
  'bench/run.ts',
  'bench/echo-server.ts',
  'bench/fuzz.ts',
  'bench/screening-child.ts',
  'bench/what-if-server.ts',
  'screening/run-worker.ts',
  'store/pglite-worker.ts',
];
/** A tree or a build unused for this long is removed. No test run lasts an hour. */
const STALE_MS = 3_600_000;
const TSC = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Part of every digest: a new TypeScript, or a change to how this file compiles, compiles afresh. */
function salt(entries: readonly string[]): string[] {
  const { version } = JSON.parse(readFileSync(join(TSC, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return [`tsc ${version} --noCheck, sourceMap false`, ...entries];
}

function pruneStale(): void {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - mtime > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** The compiled tree of `entries` for the sources as they are now: from the cache, or compiled into it. */
async function compiledTree(entries: readonly string[]): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const digest = sourceDigest(PROJECT_ROOT, salt(entries));
  const done = join(CACHE, digest);
  if (existsSync(join(done, 'out'))) {
    const now = new Date();
    utimesSync(done, now, now); // in use: not stale
    return join(done, 'out');
  }
  pruneStale();
  const build = mkdtempSync(join(CACHE, 'build-'));
  const tsconfig = join(build, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(PROJECT_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: false, outDir: join(build, 'out'), rootDir: PROJECT_ROOT, sourceMap: false },
      files: entries.map((e) => join(PROJECT_ROOT, e)),
      include: [],
    }),
  );
  try {
    await promisify(execFile)(process.execPath, [TSC, '-p', tsconfig, '--noCheck']);
  } catch (err) {
    rmSync(build, { recursive: true, force: true });
    throw err;
  }
  // Sources edited while tsc ran: the tree is this caller's alone, not the digest's (pruned later).
  if (sourceDigest(PROJECT_ROOT, salt(entries)) !== digest) return join(build, 'out');
  try {
    renameSync(build, done);
  } catch (err) {
    // Another worker published the same digest first: use its tree.
    rmSync(build, { recursive: true, force: true });
    if (!existsSync(join(done, 'out'))) throw err;
  }
  return join(done, 'out');
}

/**
 * Transpiles entry points (and what they import) with `tsc --noCheck`, for tests that run the
 * bench, the fuzzer or the service as real `node` processes without `npm run build` (`npm test`
 * type-checks separately), and makes `<outDir>/out` that tree: its layout mirrors the project,
 * so `<outDir>/out/bench/run.js` finds the service at `<outDir>/out/bin/server.js`.
 */
export async function compileEntries(outDir: string, entries: readonly string[]): Promise<void> {
  const others = SHARED_ENTRIES.filter((e) => existsSync(join(PROJECT_ROOT, e)));
  const shared = [...new Set([...others, ...entries])];
  let tree: string;
  try {
    tree = await compiledTree(shared.sort());
  } catch {
    // An entry another suite needs does not compile right now: compile only what was asked for.
    tree = await compiledTree([...entries].sort());
  }
  mkdirSync(outDir, { recursive: true });
  rmSync(join(outDir, 'out'), { recursive: true, force: true });
  symlinkSync(tree, join(outDir, 'out'), 'dir');
}
