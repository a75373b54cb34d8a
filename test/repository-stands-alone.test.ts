import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../config/project-paths.js';

/** Folders that are not the project's own files: dependencies, builds, local data and test output. */
const NOT_SHIPPED = new Set(['node_modules', 'dist', '.git', 'data', 'test-output', 'coverage']);

/** Every file of the repository a reader gets: code, rules, value sets, docs, tests, scripts. */
function shippedFiles(dir = PROJECT_ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (NOT_SHIPPED.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...shippedFiles(path));
    else if (/\.(ts|js|json|md|yml|yaml|sh|html|css)$|^(Dockerfile|run)$/.test(name)) out.push(path);
  }
  return out;
}

// Notes that sit beside the project, not in it: a reader of the repository alone cannot open them.
const OUTSIDE = /\.\.\/shared|CLINICAL\.md|DESIGN\.md|TOOLCHAIN\.md|STYLE\.md/;
// The one use allowed: tests that serve the community CDS Hooks Sandbox build kept beside the project.
const SANDBOX_BUILD = /\.\.\/shared\/tools\/cds-hooks-sandbox/;

describe('the repository stands alone', () => {
  const files = shippedFiles();

  test('it has files to check', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.map((f) => relative(PROJECT_ROOT, f))).toContain('docs/clinical-rules.md');
  });

  test('no shipped file cites notes kept outside the project', () => {
    const citing = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      const isSandboxTest = /\.test\.ts$/.test(f) && SANDBOX_BUILD.test(text);
      const lines = text.split('\n').filter((l) => OUTSIDE.test(l) && !(isSandboxTest && SANDBOX_BUILD.test(l)));
      return lines.length > 0;
    });
    expect(citing.map((f) => relative(PROJECT_ROOT, f))).toEqual([]);
  });
});
