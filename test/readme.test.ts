import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_SCHEMA } from '../config/config.js';
import { PROJECT_ROOT } from '../config/project-paths.js';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const configRows = readme.split('\n').filter((l) => l.startsWith('| `'));

describe('the README', () => {
  test.each(Object.keys(ENV_SCHEMA.shape))('documents the %s setting in its configuration table', (key) => {
    expect(configRows.some((row) => row.startsWith(`| \`${key}\``))).toBe(true);
  });

  test('gives exactly one install-and-start command and one test command', () => {
    expect(readme).toContain('```sh\nnpm ci && npm start\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
  });

  test('links only to docs that exist', () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(() => readFileSync(join(PROJECT_ROOT, link))).not.toThrow();
  });
});
