import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../config/project-paths.js';

/**
 * Transpiles entry points (and what they import) into `outDir` with `tsc --noCheck`, for tests
 * that run the bench, the fuzzer or the service as real `node` processes without `npm run build`
 * (`npm test` type-checks separately). The layout under `outDir` mirrors the project, so
 * `<outDir>/bench/run.js` finds the service at `<outDir>/bin/server.js`.
 */
export async function compileEntries(outDir: string, entries: readonly string[]): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const tsconfig = join(outDir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(PROJECT_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: false, outDir: join(outDir, 'out'), rootDir: PROJECT_ROOT, sourceMap: false },
      files: entries.map((e) => join(PROJECT_ROOT, e)),
      include: [],
    }),
  );
  const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig, '--noCheck']);
}
