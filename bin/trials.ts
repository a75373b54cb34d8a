import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { listFactNames } from '../facts/fact-names.js';
import { displayPath } from '../rules/json-file.js';
import { RulesError } from '../rules/rules-error.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { completionOf, registryWarnings } from '../rules/trial-dates.js';
import { loadValueSets } from '../rules/value-sets.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';

const USAGE = [
  'usage: npm run trials -- check   validate rules/trials/*.json and list trials whose registry dates have passed',
  '       npm run trials -- facts   list the fact names criteria may use',
  'The rules folder is RULES_DIR (default: rules/).',
].join('\n');

/** Validates the catalogue and reports stale registry records. Exit 0 when valid, even with warnings. */
function check(rulesDir: string, io: CliIo, now: Date): number {
  const dir = join(rulesDir, 'trials');
  const catalogue = loadTrialCatalogue(dir, listFactNames(loadValueSets(rulesDir)));
  io.out(`trial catalogue ${displayPath(dir)}: ${catalogue.trials.length} trial(s), all valid`);
  let warnings = 0;
  for (const { trial, file } of catalogue.trials) {
    const criteria = trial.criteria;
    const manual = criteria.filter((c) => c.manual).length;
    const keys = criteria.filter((c) => c.key).map((c) => c.id);
    io.out(
      `${trial.id}  ${trial.registry.status}  ${criteria.length} criteria (${manual} manual; key: ${keys.join(', ')})  ` +
        `completion ${completionOf(trial) ?? 'not given'}  retrieved ${trial.registry.retrievedOn}  ${file}`,
    );
    if (trial.registry.status !== 'recruiting') io.out(`  note: not recruiting, so its card never fires`);
    for (const w of registryWarnings(trial, now)) {
      io.out(`  warning: ${w}`);
      warnings++;
    }
  }
  io.out(warnings === 0 ? 'no warnings' : `${warnings} warning(s): the catalogue is valid; the records need checking`);
  return 0;
}

/** Lists every fact name with its type and meaning. */
function facts(rulesDir: string, io: CliIo): number {
  const names = listFactNames(loadValueSets(rulesDir));
  for (const [name, info] of [...names].sort(([a], [b]) => a.localeCompare(b))) {
    io.out(`${name.padEnd(48)} ${info.type.padEnd(8)} ${info.description}`);
  }
  return 0;
}

/**
 * The trial catalogue tool. Exit codes: 0 valid (warnings are not errors), 1 an invalid
 * file (the message names the file and the field), 2 bad arguments or configuration.
 */
export function main(argv: readonly string[], io: CliIo): number {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: [...argv], options: {}, allowPositionals: true, strict: true }));
  } catch (err) {
    io.err(`trials: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = positionals;
  if ((command !== 'check' && command !== 'facts') || rest.length > 0) {
    io.err(`trials: ${command ? `unknown command "${[command, ...rest].join(' ')}"` : 'missing command'}\n${USAGE}`);
    return 2;
  }
  try {
    const { rulesDir } = loadConfig(io.env ?? process.env);
    return command === 'check' ? check(rulesDir, io, io.now?.() ?? new Date()) : facts(rulesDir, io);
  } catch (err) {
    if (err instanceof RulesError) {
      io.err(`trials: invalid catalogue: ${err.message}`);
      return 1;
    }
    if (err instanceof ConfigError) {
      io.err(`trials: ${err.message}`);
      return 2;
    }
    io.err(`trials: unexpected error: ${(err as Error).message}`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = main(process.argv.slice(2), CONSOLE_IO);
