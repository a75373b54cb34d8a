/**
 * Runs `tsc -p <tsconfig>` only when the last successful build is out of date, so that `npm start`
 * and the command-line tools start in about a second on a built tree instead of compiling the
 * whole project (16-75 s) every time.
 *
 *   node build-if-stale.js [-p tsconfig.build.json]   build if stale; silent when current
 *   node build-if-stale.js --force                     always build (`npm run build`)
 *   node build-if-stale.js --list                      print the files it watches
 *
 * After a successful build it writes `<outDir>/.build-stamp`: the path, modification time and
 * size of every file the build reads (the sources tsconfig's include/exclude/files select, and
 * the tsconfig files themselves), taken just before tsc started, plus the TypeScript version and
 * package.json's "type" (which decides ESM or CommonJS output under module nodenext). The build
 * is current when the same files have the same times and sizes now: an edit, a new, deleted or
 * renamed file, or an edit made while tsc was running all make it stale. A failed build writes no
 * stamp, so the next run builds again.
 *
 * Plain JavaScript, not compiled, because it must run before dist/ exists. It sits at the root,
 * beside the other tool configs, because no tsconfig compiles a root file and eslint.config.js
 * lints root *.js files without type information. Loading the TypeScript compiler to read the
 * tsconfig would cost about a second, so the include/exclude patterns are matched here the way
 * tsc matches them; test/fast-start.int.test.ts checks that this selects exactly the files tsc
 * compiles for tsconfig.build.json (so it would also notice a source importing a file that the
 * include set leaves out, which this script would not watch).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import console from 'node:console';
import { dirname, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';

const STAMP_NAME = '.build-stamp';
// tsc's own default: what `**` never walks into unless a pattern names it.
const IMPLICIT_EXCLUDES = ['node_modules', 'bower_components', 'jspm_packages'];
const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];
const JS_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];

const toPosix = (p) => p.split(sep).join('/');
const escapeRegExp = (s) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
const hasWildcard = (s) => /[*?]/.test(s);

/** tsconfig files are JSON with comments and trailing commas. */
function parseJsonc(text) {
  const keepStrings = (pattern) => (t) => t.replace(pattern, (m) => (m.startsWith('"') ? m : ''));
  const noComments = keepStrings(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g)(text);
  return JSON.parse(keepStrings(/"(?:[^"\\]|\\.)*"|,(?=\s*[}\]])/g)(noComments));
}

/**
 * Reads a tsconfig and the chain it extends. Returns the config files, and the include, exclude,
 * files, outDir and allowJs in force, each path resolved against the config that set it (or, for
 * `${configDir}`, against the config tsc was given).
 */
function readTsconfig(configPath, ancestors = new Set(), topDir = dirname(configPath)) {
  if (ancestors.has(configPath)) throw new Error(`${configPath} extends itself`);
  const dir = dirname(configPath);
  const at = (p) => resolve(dir, p.replaceAll('${configDir}', topDir));
  const raw = parseJsonc(readFileSync(configPath, 'utf8'));
  const merged = { configFiles: [], include: undefined, exclude: undefined, files: undefined, compilerOptions: {} };
  for (const base of [raw.extends ?? []].flat()) {
    if (!/^(\.{1,2}\/|\/)/.test(base)) {
      // A package's tsconfig (e.g. @tsconfig/node20) would need Node's module resolution.
      throw new Error(`cannot follow "extends": "${base}"`);
    }
    let basePath = resolve(dir, base);
    if (!existsSync(basePath) && existsSync(`${basePath}.json`)) basePath = `${basePath}.json`;
    const parent = readTsconfig(basePath, new Set([...ancestors, configPath]), topDir);
    merged.configFiles.push(...parent.configFiles);
    for (const key of ['include', 'exclude', 'files']) merged[key] = parent[key] ?? merged[key];
    Object.assign(merged.compilerOptions, parent.compilerOptions);
  }
  merged.configFiles.push(configPath);
  for (const key of ['include', 'exclude', 'files']) {
    if (raw[key] !== undefined) merged[key] = raw[key].map(at);
  }
  const options = raw.compilerOptions ?? {};
  if (options.outDir !== undefined) merged.compilerOptions.outDir = at(options.outDir);
  if (options.allowJs !== undefined) merged.compilerOptions.allowJs = options.allowJs;
  return merged;
}

/**
 * A tsconfig pattern as a regular expression over absolute posix paths, with tsc's rules: a last
 * component with no wildcard and no dot names a folder (everything below it); a wildcard never
 * matches a name starting with a dot, and `**` never enters node_modules; an exclude pattern also
 * excludes everything below what it matches.
 */
function patternToRegExp(absPattern, usage) {
  const components = toPosix(absPattern).split('/');
  if (!/[.*?]/.test(components.at(-1))) components.push('**', '*');
  const implicit = `(?!(?:${IMPLICIT_EXCLUDES.join('|')})(?:/|$))`;
  let source = '';
  components.forEach((component, i) => {
    if (component === '**') {
      source += `(?:/(?!\\.)${implicit}[^/]+)*`;
      return;
    }
    if (i > 0) source += '/';
    if (/^[*?]/.test(component)) source += '(?!\\.)';
    source += escapeRegExp(component).replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  });
  return new RegExp(`^${source}${usage === 'exclude' ? '(?:/.*)?' : ''}$`);
}

/** The folder a pattern's walk starts from: its components before the first wildcard. */
function walkRoot(absPattern) {
  const components = toPosix(absPattern).split('/');
  const literal = [];
  for (const component of components) {
    if (hasWildcard(component)) break;
    literal.push(component);
  }
  return literal.join('/') || '/';
}

function isDirectory(path, entry) {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // A dangling link.
  }
}

/** The absolute paths of the files tsc would take from the config (plus the config files). */
function selectFiles(config) {
  const { include, files, compilerOptions } = config;
  const exclude = config.exclude ?? [
    ...IMPLICIT_EXCLUDES.map((name) => resolve(dirname(config.configFiles.at(-1)), name)),
    ...(compilerOptions.outDir ? [compilerOptions.outDir] : []),
  ];
  const excludes = exclude.map((p) => patternToRegExp(p, 'exclude'));
  const isExcluded = (p) => excludes.some((re) => re.test(p));
  const selected = new Set(config.configFiles.map(toPosix));
  for (const file of files ?? []) selected.add(toPosix(file));
  // tsc's default include is everything, unless "files" is given alone.
  const patterns = include ?? (files ? [] : [resolve(dirname(config.configFiles.at(-1)), '**/*')]);
  for (const pattern of patterns) {
    const matcher = patternToRegExp(pattern, 'include');
    const extensions = [...TS_EXTENSIONS, ...(compilerOptions.allowJs ? JS_EXTENSIONS : [])];
    if (pattern.endsWith('.json')) extensions.push('.json');
    const hasExtension = (name) => extensions.some((ext) => name.endsWith(ext));
    const posixPattern = toPosix(pattern);
    if (!hasWildcard(posixPattern) && posixPattern.split('/').at(-1).includes('.')) {
      // One file, named exactly.
      if (hasExtension(posixPattern) && existsSync(posixPattern) && !isExcluded(posixPattern)) {
        selected.add(posixPattern);
      }
      continue;
    }
    const namesImplicitDir = IMPLICIT_EXCLUDES.some((name) => posixPattern.split('/').includes(name));
    const walk = (dir) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // A pattern may name a folder that does not exist; tsc ignores it too.
      }
      for (const entry of entries) {
        const path = `${dir === '/' ? '' : dir}/${entry.name}`;
        if (isExcluded(path)) continue;
        if (isDirectory(path, entry)) {
          if (namesImplicitDir || !IMPLICIT_EXCLUDES.includes(entry.name)) walk(path);
        } else if (hasExtension(entry.name) && matcher.test(path)) {
          selected.add(path);
        }
      }
    };
    const root = walkRoot(posixPattern);
    if (!isExcluded(root)) walk(root);
  }
  return [...selected].sort();
}

/** Path, modification time and size of each input; a missing "files" entry counts as size -1. */
function snapshot(config, baseDir) {
  const files = {};
  for (const path of selectFiles(config)) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      stat = { mtimeMs: 0, size: -1 };
    }
    files[toPosix(relative(baseDir, path))] = [stat.mtimeMs, stat.size];
  }
  return files;
}

/** Why the build is stale, or undefined when it is current. */
function staleReason(stamp, current) {
  if (!stamp) return 'no earlier build';
  if (stamp.typescript !== current.typescript && stamp.typescript && current.typescript) {
    return `TypeScript changed (${stamp.typescript} → ${current.typescript})`;
  }
  if (stamp.config !== current.config) return `the last build was of ${stamp.config}`;
  if (stamp.moduleType !== current.moduleType) return 'package.json "type" changed';
  const before = stamp.files ?? {};
  for (const [path, [mtimeMs, size]] of Object.entries(current.files)) {
    const old = before[path];
    if (!old) return `${path} is new`;
    if (old[0] !== mtimeMs || old[1] !== size) return `${path} changed`;
  }
  const gone = Object.keys(before).find((path) => !(path in current.files));
  return gone ? `${gone} was removed` : undefined;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseArgs(argv) {
  const args = { project: 'tsconfig.build.json', force: false, list: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--force') args.force = true;
    else if (arg === '--list') args.list = true;
    else if ((arg === '-p' || arg === '--project') && argv[i + 1]) args.project = argv[(i += 1)];
    else throw new Error(`unknown argument ${arg} (usage: build-if-stale.js [-p tsconfig] [--force] [--list])`);
  }
  return args;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const configPath = resolve(args.project);
  const configDir = dirname(configPath);
  // The compiler of the project this script belongs to.
  const require = createRequire(import.meta.url);
  let tsPackage;
  try {
    tsPackage = require.resolve('typescript/package.json');
  } catch {
    tsPackage = undefined;
  }

  let current;
  let stampPath;
  let reason = 'forced';
  try {
    const config = readTsconfig(configPath);
    if (args.list) {
      for (const file of selectFiles(config)) console.log(toPosix(relative(process.cwd(), file)));
      return 0;
    }
    stampPath = join(config.compilerOptions.outDir ?? configDir, STAMP_NAME);
    current = {
      config: toPosix(relative(configDir, configPath)),
      typescript: tsPackage ? readJson(tsPackage)?.version : undefined,
      moduleType: readJson(join(configDir, 'package.json'))?.type ?? 'commonjs',
      files: snapshot(config, configDir),
    };
    if (!args.force) {
      reason = staleReason(readJson(stampPath), current);
      if (reason === undefined) return 0;
    }
  } catch (error) {
    if (args.list) throw error;
    // Not knowing whether the build is current must never run stale code: build.
    reason = `cannot tell whether the build is current (${error.message})`;
    current = undefined;
  }

  if (!tsPackage) {
    console.error(`build-if-stale: ${reason}, and TypeScript is not installed (run npm ci)`);
    return 1;
  }
  if (!args.force) console.error(`build-if-stale: ${reason}; compiling (tsc -p ${args.project})`);
  const tsc = join(dirname(tsPackage), 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', configPath], { stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  if (current && stampPath) {
    mkdirSync(dirname(stampPath), { recursive: true });
    // Written then renamed, so an interrupted run never leaves a half-written stamp.
    writeFileSync(`${stampPath}.tmp`, `${JSON.stringify(current, null, 1)}\n`);
    renameSync(`${stampPath}.tmp`, stampPath);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`build-if-stale: ${error.message}`);
  process.exitCode = 1;
}
