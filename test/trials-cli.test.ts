import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../bin/trials.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';

function run(args: string[], env: Record<string, string> = {}, now = new Date('2026-11-22T10:00:00Z')) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { LOG_LEVEL: 'silent', ...env },
    now: () => now,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run trials -- check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trials-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the shipped catalogue is valid: exit 0, each trial listed, passed completion dates warned about', () => {
    const { code, out, err } = run(['check']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('trial catalogue rules/trials: 2 trial(s), all valid');
    expect(out).toMatch(
      /^NCT04270656 {2}recruiting {2}32 criteria \(\d+ manual; key: t2d, mdi-glargine-degludec, hba1c, steatosis\) {2}completion 2023-04-05/m,
    );
    expect(out).toContain(
      'note: recruitment not confirmed, so its card says so and suggests contacting the study team (registry end date 2023-04-05 has passed; no site confirmation)',
    );
    expect(out).toContain('warning: registry completion 2023-04-05 has passed (record dated 2021-03-29)');
    expect(out).toContain('warning: registry completion 2026-07-21 has passed (record dated 2026-11-22)');
    expect(out).not.toContain('over a year');
    expect(out).toContain('2 warning(s)');
  });

  test('a record retrieved more than a year ago is listed', () => {
    const { code, out } = run(['check'], {}, new Date('2027-12-01T00:00:00Z'));
    expect(code).toBe(0);
    expect(out).toContain('warning: record retrieved on 2026-11-22, 374 days ago (over a year)');
  });

  test('no warnings before the dates pass', () => {
    const { code, out } = run(['check'], {}, new Date('2023-01-01T00:00:00Z'));
    expect(code).toBe(0);
    expect(out).toContain('no warnings');
  });

  test('an invalid file: exit 1 and a message naming the file and the field', () => {
    const rules = join(dir, 'invalid');
    cpSync(DEFAULT_RULES_DIR, rules, { recursive: true });
    const file = join(rules, 'trials', 'NCT04270656-pump-vs-mdi-t2d-nafld.json');
    const trial = JSON.parse(readFileSync(file, 'utf8')) as { registry: Record<string, unknown> };
    trial.registry.status = 'open';
    writeFileSync(file, JSON.stringify(trial));
    const { code, out, err } = run(['check'], { RULES_DIR: rules });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^trials: invalid catalogue: .*NCT04270656-pump-vs-mdi-t2d-nafld\.json: registry\.status: /);
  });

  test('facts lists the fact names criteria may use', () => {
    const { code, out } = run(['facts']);
    expect(code).toBe(0);
    expect(out).toMatch(/^condition\.t2d\s+boolean\s+Active condition: Type 2 diabetes/m);
    expect(out).toMatch(/^hba1c\.percent\s+number\s+/m);
  });

  test.each([[[]], [['verify']], [['check', 'extra']], [['check', '--all']]])(
    'bad arguments %j: usage and exit 2',
    (args) => {
      const { code, err } = run(args);
      expect(code).toBe(2);
      expect(err).toContain('usage: npm run trials -- check');
    },
  );
});
