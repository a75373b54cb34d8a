// Jest's TypeScript transformer: esbuild strips the types, one file at a time (as `tsc` does
// under `isolatedModules`; `npm run typecheck` is what checks them), and one added line binds the
// built-ins the module names to module constants.
//
// Why esbuild, not ts-jest. It replaced ts-jest's transpile-only mode on 2026-12-06: the unit run
// took 77.6 s with ts-jest and 60.2 s with esbuild from an empty Jest cache, and 56.8 s against
// 48.4 s with a warm one (docs/performance.md, "Jest's TypeScript transformer: esbuild, not
// ts-jest"). ts-jest computed a cache key per file that cost more than esbuild's whole transform.
//
// Why the binding. Jest runs every test file in its own `vm` context, and in such a context each
// read of a global (`Array`, `Map`, `Object`…) goes through V8's interceptors on the context's
// global object instead of an inline cache (nodejs/node#31658, jestjs/jest#5163). On this
// project's 2-core machine a loop of `Array.isArray` ran about 90 times slower under Jest than
// under Node, and the services' cards for a fixture (facts and rules, which read untrusted JSON
// with such checks at every field) took 1.7 times as long (docs/performance.md, "The unit run
// under 60 s"). A module constant is read from the module's own scope, which is fast.
// `globalThis` inside the module is the test file's context global, so every binding is the same
// object the plain name would reach: behaviour does not change, only speed.
//
// Only built-ins no test replaces are bound: not timers, `fetch`, `console`, `performance` or
// `process`, which a test may swap after the module has loaded. `Date` is bound (the date
// arithmetic of the facts reads it constantly): this project's tests inject a clock
// (`createApp(config, deps)`, `now` options) and never fake `Date`, and
// test/bound-globals-transformer.test.ts fails if one starts to. A name the module itself declares
// or imports at any level is left alone (a redeclaration would not compile).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync, version as esbuildVersion } from 'esbuild';

export const BOUND_GLOBALS = [
  'Array',
  'ArrayBuffer',
  'BigInt',
  'Boolean',
  'Date',
  'Error',
  'Intl',
  'JSON',
  'Map',
  'Math',
  'Number',
  'Object',
  'Promise',
  'RangeError',
  'Reflect',
  'RegExp',
  'Set',
  'String',
  'Symbol',
  'TypeError',
  'Uint8Array',
  'WeakMap',
  'WeakSet',
  'decodeURIComponent',
  'encodeURIComponent',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
];

/** The module's code with the built-ins it uses bound on its first line (line numbers unchanged). */
export function bindGlobals(code) {
  const names = BOUND_GLOBALS.filter((name) => usesWithoutDeclaring(code, name));
  if (names.length === 0) return code;
  const line = `const ${names.map((n) => `${n} = globalThis.${n}`).join(', ')};`;
  // A hashbang must stay first, and a "use strict" directive must stay a directive.
  const at = code.startsWith('#!') ? code.indexOf('\n') + 1 : (/^(['"])use strict\1;?/.exec(code)?.[0].length ?? 0);
  return code.slice(0, at) + line + code.slice(at);
}

function usesWithoutDeclaring(code, name) {
  if (!new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(code)) return false;
  // Declared or imported under that name anywhere: leave the module's own binding alone.
  const declared = new RegExp(
    `(?:\\b(?:const|let|var|function\\*?|class)\\s+${name}(?![\\w$])|\\bas\\s+${name}(?![\\w$])|import\\s*\\{[^}]*(?<![\\w$])${name}(?![\\w$])[^}]*\\}|import\\s+${name}(?![\\w$]))`,
  );
  return !declared.test(code);
}

/*
 * The compiler options that change what TypeScript emits, as tsconfig.json sets them: esbuild reads
 * them from here, one file at a time, as tsc does under `isolatedModules`.
 */
const TSCONFIG_TEXT = readFileSync(fileURLToPath(import.meta.resolve('../../tsconfig.json')), 'utf8');
const TSCONFIG_RAW = { compilerOptions: JSON.parse(TSCONFIG_TEXT).compilerOptions };

// What a cached transform depends on besides the file: this transformer, esbuild, the options.
const OWN_DIGEST = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(esbuildVersion)
  .update(TSCONFIG_TEXT)
  .digest('hex');

/** TypeScript to JavaScript, as an ES module when Jest loads it as one, with its source map. */
function transpile(source, path, options) {
  const out = transformSync(source, {
    loader: 'ts',
    format: options.supportsStaticESM ? 'esm' : 'cjs',
    target: 'es2022',
    sourcefile: path,
    sourcemap: 'external',
    tsconfigRaw: TSCONFIG_RAW,
  });
  return { code: bindGlobals(out.code), map: out.map };
}

export default {
  createTransformer() {
    return {
      canInstrument: false,
      getCacheKey: (source, path, options) =>
        createHash('sha256')
          .update(OWN_DIGEST)
          .update(path)
          .update(options.supportsStaticESM ? 'esm' : 'cjs')
          .update(source)
          .digest('hex'),
      process: (source, path, options) => transpile(source, path, options),
    };
  },
};
