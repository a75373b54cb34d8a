import { afterAll, describe, expect, test } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { rulesVersion } from './rules-version.js';

const work = mkdtempSync(join(tmpdir(), 'rules-version-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let copies = 0;
/** A copy of rules/ changed by `edit`. */
function rulesCopy(edit: (dir: string) => void = () => undefined): string {
  const dir = join(work, `copy-${copies++}`);
  cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

const shipped = rulesVersion(DEFAULT_RULES_DIR);

describe('the rules version names the rules folder exactly', () => {
  test('is a sha256 digest prefix, the same for an identical copy', () => {
    expect(shipped).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(rulesVersion(rulesCopy())).toBe(shipped);
  });

  test.each<[string, (dir: string) => void]>([
    ['one byte of a rule file', (d) => writeFileSync(join(d, 'feedback-policy.json'), '{"changed":true}')],
    ['a trial added to the catalogue', (d) => writeFileSync(join(d, 'trials', 'NCT99999999.json'), '{}')],
    [
      'a message file in a new folder',
      (d) => (mkdirSync(join(d, 'extra')), writeFileSync(join(d, 'extra', 'a.json'), '1')),
    ],
  ])('changes with %s', (_what, edit) => {
    expect(rulesVersion(rulesCopy(edit))).not.toBe(shipped);
  });

  test.each<[string, (dir: string) => void]>([
    ['a source file beside the data', (d) => writeFileSync(join(d, 'notes.ts'), '// not data')],
    ['a README', (d) => writeFileSync(join(d, 'README.md'), 'notes')],
  ])('ignores %s', (_what, edit) => {
    expect(rulesVersion(rulesCopy(edit))).toBe(shipped);
  });

  test('does not depend on the order files were written in', () => {
    const a = join(work, 'order-a');
    const b = join(work, 'order-b');
    for (const [dir, names] of [
      [a, ['x.json', 'y.json']],
      [b, ['y.json', 'x.json']],
    ] as const) {
      mkdirSync(dir);
      for (const n of names) writeFileSync(join(dir, n), n);
    }
    expect(rulesVersion(a)).toBe(rulesVersion(b));
  });

  test('tells a moved file from the same bytes under its old name', () => {
    const a = join(work, 'name-a');
    const b = join(work, 'name-b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'ab.json'), 'c');
    writeFileSync(join(b, 'a.json'), 'bc');
    expect(rulesVersion(a)).not.toBe(rulesVersion(b));
  });
});
