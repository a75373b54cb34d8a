import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { listFactNames } from '../facts/fact-names.js';
import { displayPath, jsonFilesIn } from '../rules/json-file.js';
import { RulesError, rulesErrorFromZod } from '../rules/rules-error.js';
import { DRAFTS_FOLDER, loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { completionOf, dayOf, registryWarnings } from '../rules/trial-dates.js';
import {
  draftTrial,
  formatJson,
  readStudyRecord,
  registryChanges,
  StudyRecordError,
  withRegistry,
  withTopLevelValue,
} from '../rules/trial-import.js';
import { contactLine, recruitmentOf } from '../rules/trial-recruitment.js';
import { TrialSchema } from '../rules/trial-schema.js';
import { confirmedSite, SiteConfirmationError, siteChanges } from '../rules/trial-site.js';
import { loadValueSets } from '../rules/value-sets.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';

const USAGE = [
  'usage: npm run trials -- check   validate rules/trials/*.json and list trials whose registry dates have passed',
  '       npm run trials -- facts   list the fact names criteria may use',
  '       npm run trials -- import <study.json> [--draft-dir <dir>]',
  '                                 read a ClinicalTrials.gov API v2 study record: update the registry fields of',
  '                                 its catalogue entry, or write a draft entry (default folder rules/trials/drafts/)',
  '       npm run trials -- confirm <NCT id> --recruiting yes|no [--on YYYY-MM-DD]',
  '                                 [--contact-name <text>] [--contact-phone <text>] [--contact-email <text>]',
  "                                 record the site's confirmation (what the study team said, on which day, default",
  '                                 today) in the site block of a trial of rules/trials/; everything else kept',
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
    // Said so that `check` shows a confirmation recorded with `confirm` taking effect.
    else if (recruitment.status === 'confirmed')
      io.out(`  note: recruitment confirmed by the site, so its card shows the site's word (${recruitment.reason})`);
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

/** The served catalogue file of a trial id in the trials folder: `<id>.json` or `<id>-<slug>.json`. */
function publishedFileOf(trialsDir: string, id: string): string | undefined {
  return jsonFilesIn(trialsDir).find((f) => {
    const name = basename(f);
    return name === `${id}.json` || name.startsWith(`${id}-`);
  });
}

/** The catalogue file of a trial id: in the trials folder (`<id>.json`, `<id>-<slug>.json`), else a draft. */
function entryFileOf(trialsDir: string, draftDir: string, id: string): string | undefined {
  const published = publishedFileOf(trialsDir, id);
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

/** A site confirmation that cannot be recorded (unknown trial, a draft, an invalid result): exit 1, nothing written. */
class ConfirmError extends Error {}

/** What `confirm` records, its arguments checked. */
interface ConfirmArgs {
  readonly id: string;
  readonly recruiting: boolean;
  readonly confirmedOn: string;
  readonly contact: { readonly name?: string; readonly phone?: string; readonly email?: string };
}

/**
 * Records what a trial's study team told the site (docs/clinical-rules.md, "Recruitment
 * status"): rewrites the `site` block of the trial's catalogue file and nothing else, so that a
 * coordinator no longer edits JSON by hand, and says what recruitment the card now shows.
 */
function confirm(args: ConfirmArgs, rulesDir: string, io: CliIo, now: Date, siteConfirmationDays: number): number {
  const trialsDir = join(rulesDir, 'trials');
  const file = publishedFileOf(trialsDir, args.id);
  if (!file) {
    const draft = join(trialsDir, DRAFTS_FOLDER, `${args.id}.json`);
    // A draft is never served, so a confirmation there would change no card and `check` would
    // not show it: the coordinator records it once the trial is coded and moved.
    if (existsSync(draft)) {
      throw new ConfirmError(
        `${args.id} is only a draft (${displayPath(draft)}), which the service never serves: code its criteria, ` +
          `move it to ${displayPath(trialsDir)}/, then record the confirmation`,
      );
    }
    throw new ConfirmError(
      `${args.id} is not in the trial catalogue ${displayPath(trialsDir)} (no ${args.id}.json or ${args.id}-*.json there)`,
    );
  }
  const before = readFileSync(file, 'utf8');
  let previous: Record<string, unknown>;
  try {
    previous = JSON.parse(before) as Record<string, unknown>;
  } catch (err) {
    throw new RulesError(displayPath(file), '', `cannot read JSON (${(err as Error).message})`);
  }
  if (typeof previous !== 'object' || previous === null || Array.isArray(previous))
    throw new RulesError(displayPath(file), '', 'expected a trial object');
  let site;
  try {
    site = confirmedSite(previous.site, args);
  } catch (err) {
    if (err instanceof SiteConfirmationError)
      throw new ConfirmError(`${displayPath(file)}: site.contact: ${err.message}`);
    throw err;
  }
  if (previous.site === undefined)
    throw new RulesError(displayPath(file), 'site', 'missing: the file has no site block');
  const after = withTopLevelValue(before, 'site', site);
  const checked = TrialSchema.safeParse(JSON.parse(after));
  if (!checked.success) {
    throw new ConfirmError(`${rulesErrorFromZod(displayPath(file), checked.error).message}; nothing written`);
  }
  if (after !== before) writeFileSync(file, after);
  const trial = checked.data;
  const contact = trial.site.contact ? ` (contact: ${contactLine(trial.site.contact)})` : '';
  io.out(
    `${args.id}: site confirmation recorded in ${displayPath(file)}: recruiting ${args.recruiting ? 'yes' : 'no'} ` +
      `on ${args.confirmedOn}${contact}; everything else kept`,
  );
  const changes = siteChanges(previous.site, site);
  for (const c of changes) io.out(`  ${c}`);
  if (changes.length === 0) io.out('  no change: the file already said so');
  const earlier = (previous.site as { confirmedOn?: unknown } | undefined)?.confirmedOn;
  // Allowed (the later word may have been recorded by mistake), but said, as it loses a newer word.
  if (typeof earlier === 'string' && earlier > args.confirmedOn)
    io.out(`  note: this replaces a later confirmation, of ${earlier}`);
  const recruitment = recruitmentOf(trial, now, siteConfirmationDays);
  io.out(
    `  recruitment now: ${recruitment.status} (${recruitment.reason})` +
      (recruitment.status === 'not-recruiting' ? ': its card never fires' : ''),
  );
  return 0;
}

/** Whether `s` is a calendar day `YYYY-MM-DD` (2026-02-30 is not). */
function isCalendarDay(s: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(s) &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    dayOf(new Date(`${s}T00:00:00Z`)) === s
  );
}

/** Lists every fact name with its type and meaning. */
function facts(rulesDir: string, io: CliIo): number {
  const names = listFactNames(loadValueSets(rulesDir));
  for (const [name, info] of [...names].sort(([a], [b]) => a.localeCompare(b))) {
    io.out(`${name.padEnd(48)} ${info.type.padEnd(8)} ${info.description}`);
  }
  return 0;
}

/** The options of `confirm`; any of them with another command is a usage error. */
const CONFIRM_OPTIONS = ['recruiting', 'on', 'contact-name', 'contact-phone', 'contact-email'] as const;

/**
 * The arguments of `confirm`, checked before the catalogue is read: a usage error (exit 2)
 * whatever the catalogue holds. A day after today is refused, as a confirmation from the future
 * is a typing error that recruitmentOf would ignore anyway.
 */
function confirmArgs(
  rest: readonly string[],
  values: Partial<Record<(typeof CONFIRM_OPTIONS)[number], string>>,
  now: Date,
): ConfirmArgs | string {
  if (rest.length !== 1) return 'confirm needs exactly one trial id';
  const id = rest[0]!;
  if (!/^NCT\d{8}$/.test(id)) return `"${id}" is not a ClinicalTrials.gov id such as NCT04270656`;
  const { recruiting } = values;
  if (recruiting === undefined) return 'confirm needs --recruiting yes|no';
  if (recruiting !== 'yes' && recruiting !== 'no') return `--recruiting is yes or no, not "${recruiting}"`;
  const today = dayOf(now);
  const on = values.on ?? today;
  if (!isCalendarDay(on)) return `--on ${on} is not a date YYYY-MM-DD`;
  if (on > today) return `--on ${on} is after today (${today}): record a confirmation once it is given`;
  const contact: { name?: string; phone?: string; email?: string } = {};
  for (const [option, field] of [
    ['contact-name', 'name'],
    ['contact-phone', 'phone'],
    ['contact-email', 'email'],
  ] as const) {
    const v = values[option]?.trim();
    if (v === '') return `--${option} is empty`;
    if (v !== undefined) contact[field] = v;
  }
  return { id, recruiting: recruiting === 'yes', confirmedOn: on, contact };
}

/**
 * The trial catalogue tool. Exit codes: 0 valid (warnings are not errors), imported or confirmed,
 * 1 an invalid catalogue file or study record (the message names the file and the field), or a
 * confirmation for a trial not in the catalogue, 2 bad arguments or configuration.
 */
export function main(argv: readonly string[], io: CliIo): number {
  let positionals: string[];
  let values: { 'draft-dir'?: string } & Partial<Record<(typeof CONFIRM_OPTIONS)[number], string>>;
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: {
        'draft-dir': { type: 'string' },
        ...Object.fromEntries(CONFIRM_OPTIONS.map((o) => [o, { type: 'string' as const }])),
      },
      allowPositionals: true,
      strict: true,
    });
    positionals = parsed.positionals;
    values = parsed.values;
  } catch (err) {
    io.err(`trials: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const draftDir = values['draft-dir'];
  const now = io.now?.() ?? new Date();
  const [command, ...rest] = positionals;
  const confirmOption = CONFIRM_OPTIONS.find((o) => values[o] !== undefined);
  let confirmation: ConfirmArgs | undefined;
  let what: string | undefined;
  if (command === 'confirm') {
    const checked = draftDir !== undefined ? '--draft-dir only goes with import' : confirmArgs(rest, values, now);
    if (typeof checked === 'string') what = checked;
    else confirmation = checked;
  } else if (confirmOption !== undefined && (command === 'check' || command === 'facts' || command === 'import')) {
    what = `--${confirmOption} only goes with confirm`;
  } else if (command === 'import') {
    if (rest.length !== 1) what = 'import needs exactly one study record file';
  } else if (command === 'check' || command === 'facts') {
    if (draftDir !== undefined) what = '--draft-dir only goes with import';
    else if (rest.length > 0) what = `unknown command "${[command, ...rest].join(' ')}"`;
  } else {
    what = command ? `unknown command "${[command, ...rest].join(' ')}"` : 'missing command';
  }
  if (what !== undefined) {
    io.err(`trials: ${what}\n${USAGE}`);
    return 2;
  }
  try {
    const { rulesDir, siteConfirmationDays } = loadConfig(io.env ?? process.env);
    if (confirmation) return confirm(confirmation, rulesDir, io, now, siteConfirmationDays);
    if (command === 'import') return importRecord(rest[0]!, draftDir, rulesDir, io, now, siteConfirmationDays);
    return command === 'check' ? check(rulesDir, io, now, siteConfirmationDays) : facts(rulesDir, io);
  } catch (err) {
    if (err instanceof ImportInputError) {
      io.err(`trials: invalid study record: ${err.message}`);
      return 1;
    }
    if (err instanceof ConfirmError) {
      io.err(`trials: cannot record the confirmation: ${err.message}`);
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
