import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { listFactNames } from '../facts/fact-names.js';
import { displayPath, jsonFilesIn } from '../rules/json-file.js';
import { RulesError } from '../rules/rules-error.js';
import { DRAFTS_FOLDER, loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { completionOf, dayOf, registryWarnings } from '../rules/trial-dates.js';
import {
  draftTrial,
  formatJson,
  readStudyRecord,
  registryChanges,
  StudyRecordError,
  withRegistry,
} from '../rules/trial-import.js';
import { recruitmentOf } from '../rules/trial-recruitment.js';
import { TrialSchema } from '../rules/trial-schema.js';
import { loadValueSets } from '../rules/value-sets.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';

const USAGE = [
  'usage: npm run trials -- check   validate rules/trials/*.json and list trials whose registry dates have passed',
  '       npm run trials -- facts   list the fact names criteria may use',
  '       npm run trials -- import <study.json> [--draft-dir <dir>]',
  '                                 read a ClinicalTrials.gov API v2 study record: update the registry fields of',
  '                                 its catalogue entry, or write a draft entry (default folder rules/trials/drafts/)',
  'The rules folder is RULES_DIR (default: rules/).',
].join('\n');

/** Validates the catalogue and reports stale registry records. Exit 0 when valid, even with warnings. */
function check(rulesDir: string, io: CliIo, now: Date, siteConfirmationDays: number): number {
  const dir = join(rulesDir, 'trials');
  const catalogue = loadTrialCatalogue(dir, listFactNames(loadValueSets(rulesDir)), { siteConfirmationDays });
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
    const recruitment = recruitmentOf(trial, now, siteConfirmationDays);
    if (recruitment.status === 'not-recruiting')
      io.out(`  note: not recruiting, so its card never fires (${recruitment.reason})`);
    else if (recruitment.status === 'unconfirmed')
      io.out(
        `  note: recruitment not confirmed, so its card says so and suggests contacting the study team (${recruitment.reason})`,
      );
    for (const w of registryWarnings(trial, now)) {
      io.out(`  warning: ${w}`);
      warnings++;
    }
  }
  const drafts = jsonFilesIn(join(dir, DRAFTS_FOLDER));
  if (drafts.length > 0) {
    io.out(`${drafts.length} draft(s) waiting to be coded in ${displayPath(join(dir, DRAFTS_FOLDER))} (not served)`);
  }
  io.out(warnings === 0 ? 'no warnings' : `${warnings} warning(s): the catalogue is valid; the records need checking`);
  return 0;
}

/** A study record file that cannot be read or is not a valid record: exit 1, the message names the file. */
class ImportInputError extends Error {}

/** The catalogue file of a trial id: in the trials folder (`<id>.json`, `<id>-<slug>.json`), else a draft. */
function entryFileOf(trialsDir: string, draftDir: string, id: string): string | undefined {
  const published = jsonFilesIn(trialsDir).find((f) => {
    const name = basename(f);
    return name === `${id}.json` || name.startsWith(`${id}-`);
  });
  if (published) return published;
  const draft = join(draftDir, `${id}.json`);
  return existsSync(draft) ? draft : undefined;
}

/**
 * Imports a ClinicalTrials.gov API v2 study record (docs/clinical-rules.md, "Recruitment
 * status"): updates the registry fields of the trial's catalogue entry and nothing else, or
 * writes a draft entry whose criteria are the registry text, manual until coded.
 */
function importRecord(
  file: string,
  draftDirOption: string | undefined,
  rulesDir: string,
  io: CliIo,
  now: Date,
  siteConfirmationDays: number,
): number {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ImportInputError(`${file}: cannot be read as JSON (${(err as Error).message})`);
  }
  let record;
  try {
    record = readStudyRecord(data, dayOf(now));
  } catch (err) {
    if (err instanceof StudyRecordError) throw new ImportInputError(`${file}: ${err.message}`);
    throw err;
  }
  const trialsDir = join(rulesDir, 'trials');
  const draftDir = draftDirOption ? resolve(draftDirOption) : join(trialsDir, DRAFTS_FOLDER);
  const existing = entryFileOf(trialsDir, draftDir, record.id);
  for (const note of record.notes) io.out(`note: ${note}`);
  if (existing) {
    const before = readFileSync(existing, 'utf8');
    const after = withRegistry(before, record.registry);
    const checked = TrialSchema.safeParse(JSON.parse(after));
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new RulesError(displayPath(existing), issue.path.join('.'), `after import: ${issue.message}`);
    }
    writeFileSync(existing, after);
    const previous = (JSON.parse(before) as { registry?: Record<string, unknown> }).registry ?? {};
    const changes = registryChanges(previous, record.registry);
    io.out(`${record.id}: registry fields of ${displayPath(existing)} updated from the record; everything else kept`);
    for (const c of changes) io.out(`  ${c}`);
    if (changes.length === 0) io.out('  no change');
    const recruitment = recruitmentOf(checked.data, now, siteConfirmationDays);
    io.out(`  recruitment now: ${recruitment.status} (${recruitment.reason})`);
    return 0;
  }
  const draft = TrialSchema.parse(draftTrial(record));
  mkdirSync(draftDir, { recursive: true });
  const target = join(draftDir, `${record.id}.json`);
  writeFileSync(target, `${formatJson(draft)}\n`);
  const inclusion = draft.criteria.filter((c) => c.type === 'inclusion').length;
  io.out(
    `${record.id}: not in the catalogue; draft written to ${displayPath(target)} with ${draft.criteria.length} criteria ` +
      `(${inclusion} inclusion, ${draft.criteria.length - inclusion} exclusion), every one manual ("registry text, not coded yet")`,
  );
  io.out(
    '  next: code the criteria (npm run trials -- facts), mark the key ones, set the site, remove "draft", move it to rules/trials/',
  );
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
 * The trial catalogue tool. Exit codes: 0 valid (warnings are not errors) or imported, 1 an
 * invalid catalogue file or study record (the message names the file and the field), 2 bad
 * arguments or configuration.
 */
export function main(argv: readonly string[], io: CliIo): number {
  let positionals: string[];
  let draftDir: string | undefined;
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { 'draft-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    positionals = parsed.positionals;
    draftDir = parsed.values['draft-dir'];
  } catch (err) {
    io.err(`trials: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = positionals;
  const valid =
    ((command === 'check' || command === 'facts') && rest.length === 0 && draftDir === undefined) ||
    (command === 'import' && rest.length === 1);
  if (!valid) {
    const what =
      command === 'import'
        ? 'import needs exactly one study record file'
        : draftDir !== undefined && (command === 'check' || command === 'facts')
          ? '--draft-dir only goes with import'
          : command
            ? `unknown command "${[command, ...rest].join(' ')}"`
            : 'missing command';
    io.err(`trials: ${what}\n${USAGE}`);
    return 2;
  }
  try {
    const { rulesDir, siteConfirmationDays } = loadConfig(io.env ?? process.env);
    const now = io.now?.() ?? new Date();
    if (command === 'import') return importRecord(rest[0]!, draftDir, rulesDir, io, now, siteConfirmationDays);
    return command === 'check' ? check(rulesDir, io, now, siteConfirmationDays) : facts(rulesDir, io);
  } catch (err) {
    if (err instanceof ImportInputError) {
      io.err(`trials: invalid study record: ${err.message}`);
      return 1;
    }
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
