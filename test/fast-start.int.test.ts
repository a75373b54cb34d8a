import { afterAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config/project-paths.js';

/*
 * `npm start` and the command-line tools run build-if-stale.js before node, so that a built tree
 * starts at once and a changed one is compiled first. The script is tried on a tiny project of its
 * own in a temporary folder (a compile there takes a second or two; the real one takes 20-60 s),
 * and checked against the real tsconfig.build.json with `tsc --listFilesOnly`, which compiles
 * nothing.
 */

const SCRIPT = join(PROJECT_ROOT, 'build-if-stale.js');
const TSC = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// Older than anything a build writes: a file still this old afterwards was not rewritten.
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, args: string[]): Promise<Run> {
  // Jest's NODE_OPTIONS (--experimental-vm-modules) would only add warnings to stderr.
  const env = { ...process.env, NODE_OPTIONS: '' };
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], { cwd, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    strict: true,
    rootDir: 'src',
    outDir: 'out',
    // The smallest standard library and no packages' types keep each compile near a second.
    lib: ['es5'],
    types: [],
    skipLibCheck: true,
  },
  include: ['src'],
  exclude: ['**/*.test.ts'],
};

/** A project with two modules and one (excluded) test file, not yet built. */
function tinyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fast-start-'));
  temporaryDirs.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(dir, 'src', 'util.ts'), 'export const half = (n: number): number => n / 2;\n');
  writeFileSync(join(dir, 'src', 'main.test.ts'), 'export const tested: boolean = true;\n');
  return dir;
}

const stampOf = (dir: string) => join(dir, 'out', '.build-stamp');
const mtimeOf = (path: string) => statSync(path).mtimeMs;

/** Marks the build's outputs as old, so that a rewrite by tsc shows in their mtimes. */
function ageOutputs(dir: string): void {
  for (const file of [stampOf(dir), join(dir, 'out', 'main.js')]) utimesSync(file, LONG_AGO, LONG_AGO);
}

/** Moves a file's modification time on by a second, as an edit would. */
function touch(path: string): void {
  const next = new Date(mtimeOf(path) + 1000);
  utimesSync(path, next, next);
}

describe('build-if-stale.js on a built project', () => {
  const COMPILES = 'compiles, then starts without compiling';
  const CURRENT = 'starts without compiling';
  test.each<[string, string, (dir: string) => void]>([
    ['nothing changed', CURRENT, () => {}],
    [
      'an excluded test file changed',
      CURRENT,
      (dir) => writeFileSync(join(dir, 'src', 'main.test.ts'), 'export {};\n'),
    ],
    ['an excluded test file was deleted', CURRENT, (dir) => unlinkSync(join(dir, 'src', 'main.test.ts'))],
    ['a source file was touched', COMPILES, (dir) => touch(join(dir, 'src', 'main.ts'))],
    [
      'a source file was edited',
      COMPILES,
      (dir) => writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer = 43;\n'),
    ],
    [
      'a new source file appeared',
      COMPILES,
      (dir) => writeFileSync(join(dir, 'src', 'extra.ts'), 'export const x = 1;\n'),
    ],
    ['a source file was deleted', COMPILES, (dir) => unlinkSync(join(dir, 'src', 'util.ts'))],
    [
      'a source file was renamed',
      COMPILES,
      (dir) => {
        writeFileSync(join(dir, 'src', 'renamed.ts'), readFileSync(join(dir, 'src', 'main.ts')));
        unlinkSync(join(dir, 'src', 'main.ts'));
      },
    ],
    ['the tsconfig was touched', COMPILES, (dir) => touch(join(dir, 'tsconfig.json'))],
    ['the stamp is gone (out/ was cleaned)', COMPILES, (dir) => unlinkSync(stampOf(dir))],
  ])(
    'when %s, it %s',
    async (_case, outcome, change) => {
      const compiles = outcome === COMPILES;
      const dir = tinyProject();
      const first = await run(dir, ['-p', 'tsconfig.json']);
      expect(first).toMatchObject({ code: 0, stderr: expect.stringContaining('no earlier build') });
      expect(existsSync(stampOf(dir))).toBe(true);
      ageOutputs(dir);
      change(dir);

      const second = await run(dir, ['-p', 'tsconfig.json']);
      expect(second.code).toBe(0);
      if (compiles) {
        // One line saying why, then tsc's own output (none when it compiles cleanly).
        expect(second.stderr).toMatch(/^build-if-stale: .+; compiling \(tsc -p tsconfig\.json\)\n$/);
        expect(mtimeOf(stampOf(dir))).toBeGreaterThan(LONG_AGO.getTime());
        // And the next start finds the build current again.
        ageOutputs(dir);
        expect(await run(dir, ['-p', 'tsconfig.json'])).toEqual({ code: 0, stdout: '', stderr: '' });
      } else {
        expect(second).toEqual({ code: 0, stdout: '', stderr: '' });
      }
      // The stamp is not rewritten when the build was current, and out/ is rewritten only by tsc.
      expect(mtimeOf(stampOf(dir))).toBe(LONG_AGO.getTime());
      if (!compiles) expect(mtimeOf(join(dir, 'out', 'main.js'))).toBe(LONG_AGO.getTime());
    },
    60_000,
  );

  test('--force (npm run build) compiles even when the build is current', async () => {
    const dir = tinyProject();
    expect((await run(dir, ['-p', 'tsconfig.json'])).code).toBe(0);
    ageOutputs(dir);
    expect(await run(dir, ['-p', 'tsconfig.json', '--force'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(mtimeOf(join(dir, 'out', 'main.js'))).toBeGreaterThan(LONG_AGO.getTime());
    expect(mtimeOf(stampOf(dir))).toBeGreaterThan(LONG_AGO.getTime());
  });

  test('a failing compile exits non-zero and leaves the build stale until it compiles', async () => {
    const dir = tinyProject();
    expect((await run(dir, ['-p', 'tsconfig.json'])).code).toBe(0);
    const goodStamp = readFileSync(stampOf(dir), 'utf8');
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = "forty-two";\n');

    for (let attempt = 0; attempt < 2; attempt += 1) {
      const failed = await run(dir, ['-p', 'tsconfig.json']);
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain('build-if-stale: src/main.ts changed; compiling');
      expect(failed.stdout).toContain('error TS2322');
      // The stamp still describes the last good build, so the next run compiles again.
      expect(readFileSync(stampOf(dir), 'utf8')).toBe(goodStamp);
    }

    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
    expect((await run(dir, ['-p', 'tsconfig.json'])).code).toBe(0);
    expect(await run(dir, ['-p', 'tsconfig.json'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('a tsconfig it cannot read makes it compile rather than trust the stamp', async () => {
    const dir = tinyProject();
    expect((await run(dir, ['-p', 'tsconfig.json'])).code).toBe(0);
    const config = { ...TSCONFIG, extends: '@tsconfig/some-package' };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    const { stderr } = await run(dir, ['-p', 'tsconfig.json']);
    expect(stderr).toContain('cannot tell whether the build is current');
  });
});

describe('build-if-stale.js selects the files tsc would compile', () => {
  const OPTIONS = { module: 'nodenext', outDir: 'out', lib: ['es5'], types: [], skipLibCheck: true };
  /** One layout for every config: sources, a test, data, a dot folder, a package, old output, a script. */
  const LAYOUT = [
    'root.ts',
    'src/main.ts',
    'src/util.ts',
    'src/main.test.ts',
    'src/data.json',
    'src/.hidden/secret.ts',
    'node_modules/pkg/index.ts',
    'out/old.d.ts',
    'scripts/tool.js',
  ];

  test.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, string[]]>([
    [
      'a folder, minus a glob',
      { include: ['src'], exclude: ['**/*.test.ts'] },
      undefined,
      ['src/main.ts', 'src/util.ts'],
    ],
    [
      'no include: everything but dot folders, node_modules and outDir',
      {},
      undefined,
      ['root.ts', 'src/main.test.ts', 'src/main.ts', 'src/util.ts'],
    ],
    [
      'allowJs: JavaScript too',
      { include: ['src', 'scripts'], compilerOptions: { allowJs: true } },
      undefined,
      ['scripts/tool.js', 'src/main.test.ts', 'src/main.ts', 'src/util.ts'],
    ],
    [
      'wildcards, and JSON only where a pattern names it',
      { include: ['src/*.ts', 'src/*.json'], compilerOptions: { resolveJsonModule: true } },
      undefined,
      ['src/data.json', 'src/main.test.ts', 'src/main.ts', 'src/util.ts'],
    ],
    ['"files" alone', { files: ['root.ts'] }, undefined, ['root.ts']],
    [
      'include and exclude inherited through "extends", with ${configDir}',
      { extends: './config/base' },
      { include: ['${configDir}/src'], exclude: ['${configDir}/src/util.ts'] },
      ['src/main.test.ts', 'src/main.ts'],
    ],
  ])(
    '%s',
    async (_case, config, base, expected) => {
      const dir = mkdtempSync(join(tmpdir(), 'fast-start-list-'));
      temporaryDirs.push(dir);
      for (const file of LAYOUT) {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), file.endsWith('.json') ? '{}\n' : 'export const x = 1;\n');
      }
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      const configs = ['tsconfig.json'];
      if (base) {
        mkdirSync(join(dir, 'config'));
        writeFileSync(join(dir, 'config', 'base.json'), JSON.stringify({ compilerOptions: OPTIONS, ...base }));
        configs.push('config/base.json');
      }
      const own = (config.compilerOptions ?? {}) as Record<string, unknown>;
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...config, compilerOptions: { ...OPTIONS, ...own } }));

      const listed = await run(dir, ['-p', 'tsconfig.json', '--list']);
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      expect(listed.stdout.trim().split('\n').sort()).toEqual([...configs, ...expected].sort());
      // The same files as tsc's own list, less the standard library.
      const tscList = await new Promise<string>((done) => {
        const args = [TSC, '-p', 'tsconfig.json', '--listFilesOnly'];
        execFile(process.execPath, args, { cwd: dir }, (_error, stdout) => done(stdout));
      });
      const fromTsc = tscList
        .trim()
        .split('\n')
        .filter((p) => p.startsWith(`${dir}/`))
        .map((p) => p.slice(dir.length + 1));
      expect(fromTsc.sort()).toEqual([...expected].sort());
    },
    60_000,
  );
});

describe('build-if-stale.js on this project', () => {
  test('watches exactly the sources tsc compiles for tsconfig.build.json, and the tsconfig files', async () => {
    const listed = await run(PROJECT_ROOT, ['--list']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const watched = listed.stdout.trim().split('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [TSC, '-p', 'tsconfig.build.json', '--listFilesOnly'],
      { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    const compiled = stdout.trim().split('\n');
    // tsc also lists the standard library and the packages' type declarations.
    const own = compiled.filter((p) => !p.includes('/node_modules/')).map((p) => resolve(p));
    expect(own.length).toBeGreaterThan(100);
    expect(watched.map((p) => resolve(PROJECT_ROOT, p)).sort()).toEqual(
      [...own, join(PROJECT_ROOT, 'tsconfig.json'), join(PROJECT_ROOT, 'tsconfig.build.json')].sort(),
    );
  });

  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  test.each([
    'start',
    'seed',
    'evaluate',
    'trials',
    'feedback-report',
    'reset-demo',
    'screenshots',
    'bench',
    'fuzz',
    'soak',
  ])('`npm run %s` compiles only when stale, then runs its compiled entry point', (name) => {
    expect(pkg.scripts[name]).toMatch(/^node build-if-stale\.js && node (--\S+ )*dist\/\S+\.js$/);
  });

  test('`npm run build` always compiles, and leaves a stamp', () => {
    expect(pkg.scripts.build).toBe('node build-if-stale.js --force');
  });
});
