import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ESLint } from 'eslint';
import { PROJECT_ROOT } from '../config/project-paths.js';

/*
 * The import direction of docs/architecture.md is an ESLint rule (eslint.config.js): these
 * cases add one import to a real file and lint it as `npm run lint` would, with only that rule.
 */
const RULE = 'import-x/no-restricted-paths';
const eslint = new ESLint({ cwd: PROJECT_ROOT, ruleFilter: ({ ruleId }) => ruleId === RULE });

async function violations(file: string, specifier: string): Promise<string[]> {
  const source = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  const text = `import * as added from '${specifier}';\nvoid added;\n${source}`;
  const [result] = await eslint.lintText(text, { filePath: join(PROJECT_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('npm run lint refuses an import against the flow', () => {
  test.each([
    ['the facts importing the HTTP layer', 'facts/age.ts', '../hooks/app.js'],
    ['the request path importing the sandbox', 'hooks/app.ts', '../sandbox/start-sandbox.js'],
    ['the request path importing a fixture patient', 'pipeline/run-pipeline.ts', '../sandbox/patients/index.js'],
    ['record reading importing the facts', 'fhir/prefetch.ts', '../facts/age.js'],
    ['a service importing the pipeline', 'services/service.ts', '../pipeline/run-pipeline.js'],
    ['the store importing a service', 'store/card-store.ts', '../services/service.js'],
    ['the rules importing the record reader', 'rules/value-sets.ts', '../fhir/prefetch.js'],
    ['the request path importing a benchmark helper', 'hooks/app.ts', '../bench/args.js'],
    ['the request path importing a test helper', 'services/service.ts', '../test/support/test-server.js'],
    ['an entry point other than the server reaching the sandbox', 'bin/evaluate.ts', '../sandbox/patients/index.js'],
    ['the sandbox importing a benchmark', 'sandbox/start-sandbox.ts', '../bench/args.js'],
  ])('%s (%s imports %s)', async (_name, file, specifier) => {
    expect(await violations(file, specifier)).toHaveLength(1);
  });
});

describe('and accepts an import with the flow', () => {
  test.each([
    ['the HTTP layer importing the pipeline', 'hooks/app.ts', '../pipeline/run-pipeline.js'],
    ['the facts importing the value sets', 'facts/age.ts', '../rules/value-sets.js'],
    ['the server entry point composing the sandbox', 'bin/server.ts', '../sandbox/start-sandbox.js'],
    ['the sandbox using the pipeline', 'sandbox/start-sandbox.ts', '../pipeline/run-pipeline.js'],
  ])('%s (%s imports %s)', async (_name, file, specifier) => {
    expect(await violations(file, specifier)).toEqual([]);
  });
});
