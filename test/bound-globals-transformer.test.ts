import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { PROJECT_ROOT } from '../config/project-paths.js';

// The Jest transformer is plain JavaScript (Jest loads it before any TypeScript is compiled).
const { bindGlobals, BOUND_GLOBALS } = (await import(
  pathToFileURL(join(PROJECT_ROOT, 'test', 'support', 'bound-globals-transformer.js')).href
)) as { bindGlobals: (code: string) => string; BOUND_GLOBALS: readonly string[] };

/** The names a module's first line binds, in order. */
function boundNames(code: string): string[] {
  const first = bindGlobals(code).split('\n')[0]!;
  const match = /^const (.*?);/.exec(first);
  return match ? match[1]!.split(', ').map((b) => b.split(' = ')[0]!) : [];
}

describe('the Jest transformer binds the built-ins a module reads', () => {
  test.each([
    ['binds what the module reads', 'export const f = (v) => Array.isArray(v) ? new Map() : null;', ['Array', 'Map']],
    ['binds nothing in a module that reads no built-in', 'export const f = (v) => v + 1;', []],
    ['leaves a name the module declares', 'const Map = 1;\nexport const f = () => Array.of(Map);', ['Array']],
    [
      'leaves a name the module imports',
      "import { Set } from './set.js';\nexport const s = new Set(Object.keys({}));",
      ['Object'],
    ],
    ['leaves a name imported under an alias', "import { x as Set } from './set.js';\nexport const s = new Set();", []],
    ['leaves a class the module declares', 'class Error {}\nexport const e = new Error(JSON.stringify(1));', ['JSON']],
    ['does not take a property for the global', 'export const f = (o) => o.Map + o.Array;', []],
    [
      'never binds what a test may replace after loading (timers, fetch, console, process)',
      'export const f = () => [setTimeout, fetch, console, process, performance, Number(1)];',
      ['Number'],
    ],
  ])('%s', (_name, code, expected) => {
    expect(boundNames(code)).toEqual(expected);
  });

  test('keeps every line where it was, so stack traces and source maps still point right', () => {
    const code = 'export const a = Object.keys({});\nexport const b = new Set();\n';
    const bound = bindGlobals(code);
    expect(bound.split('\n')).toHaveLength(code.split('\n').length);
    expect(bound.split('\n').slice(1)).toEqual(code.split('\n').slice(1));
  });

  test('keeps a hashbang first', () => {
    const bound = bindGlobals('#!/usr/bin/env node\nconsole.log(Math.max(1, 2));\n');
    expect(bound.split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(bound.split('\n')[1]).toMatch(/^const Math = globalThis\.Math;console\.log/);
  });

  test('keeps a "use strict" directive first, so the module stays strict', () => {
    const bound = bindGlobals('"use strict";\nexports.a = Object.keys({});\n');
    expect(bound.split('\n')[0]).toBe('"use strict";const Object = globalThis.Object;');
  });

  test('the bound code compiles and reads the built-ins of its own context', () => {
    const context = createContext({});
    const [array, keys] = runInContext(bindGlobals('[Array, Object.keys({ a: 1 })];'), context) as [unknown, string[]];
    expect(array).toBe(runInContext('globalThis.Array', context));
    expect(array).not.toBe(Array);
    expect(keys).toEqual(['a']);
  });

  test('no test fakes the clock, which modules read through their bound Date', () => {
    const others = testFiles(PROJECT_ROOT).filter((file) => !file.endsWith('bound-globals-transformer.test.ts'));
    expect(others.length).toBeGreaterThan(100);
    const faking = others.filter((file) =>
      /useFakeTimers|spyOn\(\s*(?:global|globalThis)\s*,\s*'Date'/.test(readFileSync(file, 'utf8')),
    );
    expect(faking).toEqual([]);
  });

  test('binds only built-ins, each once', () => {
    expect(new Set(BOUND_GLOBALS).size).toBe(BOUND_GLOBALS.length);
    for (const name of BOUND_GLOBALS)
      expect(typeof (globalThis as Record<string, unknown>)[name]).not.toBe('undefined');
  });
});

/** Every test file of the project (not its dependencies or build output). */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
