import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../bin/trials.js';
import { DEFAULT_RULES_DIR } from '../../config/project-paths.js';

/** Runs `npm run trials -- <args>` in process against `rulesDir`, with the clock at `now`. */
export function runTrialsCli(args: string[], rulesDir: string, now: Date) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { LOG_LEVEL: 'silent', RULES_DIR: rulesDir },
    now: () => now,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A fresh copy of the shipped rules folder under `parent`, for a command that writes to it. */
export function shippedRulesCopy(parent: string): string {
  const rules = mkdtempSync(join(parent, 'rules-'));
  cpSync(DEFAULT_RULES_DIR, rules, { recursive: true });
  return rules;
}
