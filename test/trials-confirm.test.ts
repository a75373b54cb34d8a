import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { runTrialsCli, shippedRulesCopy } from './support/trials-cli.js';
import { listFactNames } from '../facts/fact-names.js';
import { loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { loadValueSets } from '../rules/value-sets.js';

/**
 * `npm run trials -- confirm <NCT id> --recruiting yes|no [--on] [--contact-*]`: a site
 * confirmation recorded in the trial's `site` block, nothing else of the file touched.
 */
const NOW = new Date('2026-12-03T10:00:00Z');
const TODAY = '2026-12-03';
const NANTES = 'NCT04270656';
const NANTES_FILE = 'NCT04270656-pump-vs-mdi-t2d-nafld.json';
const PARIS = 'NCT05153070';
const PARIS_FILE = 'NCT05153070-t1d-ciclosporin-il2.json';
const FILES: Record<string, string> = { [NANTES]: NANTES_FILE, [PARIS]: PARIS_FILE };
const knownFacts = listFactNames(loadValueSets(DEFAULT_RULES_DIR));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const run = (args: string[], rulesDir: string) => runTrialsCli(args, rulesDir, NOW);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trials-confirm-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the shipped rules folder. */
const rulesCopy = () => shippedRulesCopy(dir);
/** Every file of the trials folder (drafts included) by name, as text: what a refusal must leave as it was. */
function trialFiles(rules: string): Record<string, string> {
  const trials = join(rules, 'trials');
  return Object.fromEntries(
    readdirSync(trials, { recursive: true, encoding: 'utf8' })
      .filter((n) => n.endsWith('.json'))
      .map((n) => [n, readFileSync(join(trials, n), 'utf8')]),
  );
}
/** The file text with its top-level site block cut out: the bytes `confirm` must keep. */
const outsideSite = (text: string) => text.replace(/\n {2}"site": \{[\s\S]*?\n {2}\},?\n/, '\n<site>\n');
/** The lines `check` prints for one trial: its own line and the indented notes below it. */
function checkLinesOf(out: string, id: string): string {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${id}  `));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
  return lines.slice(start, end).join('\n');
}
async function prettierAccepts(file: string): Promise<boolean> {
  const options = (await prettier.resolveConfig(join(DEFAULT_RULES_DIR, 'trials', NANTES_FILE))) ?? {};
  return prettier.check(readFileSync(file, 'utf8'), { ...options, filepath: file });
}

describe('npm run trials -- confirm: recorded', () => {
  const CONTACT = ['--contact-name', 'Dr A. Coordinator', '--contact-phone', '02 40 08 33 33'];
  test.each<{
    name: string;
    id: string;
    args: string[];
    site: Json;
    out: (string | RegExp)[];
    check: string;
  }>([
    {
      name: 'yes with a contact, on a given day',
      id: NANTES,
      args: ['--recruiting', 'yes', '--on', '2026-11-30', ...CONTACT, '--contact-email', 'trial.team@example.org'],
      site: {
        name: 'Nantes University Hospital (CHU de Nantes), France',
        recruiting: true,
        confirmedOn: '2026-11-30',
        contact: { name: 'Dr A. Coordinator', phone: '02 40 08 33 33', email: 'trial.team@example.org' },
      },
      out: [
        'NCT04270656: site confirmation recorded in ',
        'recruiting yes on 2026-11-30 (contact: Dr A. Coordinator, 02 40 08 33 33, trial.team@example.org)',
        'site.recruiting: (none) → yes',
        'site.confirmedOn: (none) → 2026-11-30',
        'site.contact: (none) → Dr A. Coordinator, 02 40 08 33 33, trial.team@example.org',
        /recruitment now: confirmed \(the site's study team confirmed recruitment on 2026-11-30 \(3 days ago/,
      ],
      check:
        "note: recruitment confirmed by the site, so its card shows the site's word (the site's study team confirmed recruitment on 2026-11-30",
    },
    {
      name: 'no: the trial becomes not-recruiting, no card',
      id: NANTES,
      args: ['--recruiting', 'no', '--on', '2026-12-01'],
      site: {
        name: 'Nantes University Hospital (CHU de Nantes), France',
        recruiting: false,
        confirmedOn: '2026-12-01',
      },
      out: [
        'recruiting no on 2026-12-01; everything else kept',
        'site.recruiting: (none) → no',
        "recruitment now: not-recruiting (the site's study team said on 2026-12-01 that it does not recruit): its card never fires",
      ],
      check:
        "note: not recruiting, so its card never fires (the site's study team said on 2026-12-01 that it does not recruit)",
    },
    {
      name: "no --on: the clock's today",
      id: PARIS,
      args: ['--recruiting', 'yes'],
      site: {
        name: 'AP-HP, Paris, France (monocentric; the registry copy does not name the hospital)',
        recruiting: true,
        confirmedOn: TODAY,
      },
      out: [`recruiting yes on ${TODAY}; everything else kept`, `site.confirmedOn: (none) → ${TODAY}`, '(0 days ago'],
      check: `the site's study team confirmed recruitment on ${TODAY} (0 days ago`,
    },
    {
      name: 'a confirmation older than SITE_CONFIRMATION_DAYS is recorded, and does not count',
      id: PARIS,
      args: ['--recruiting', 'yes', '--on', '2026-01-02'],
      site: {
        name: 'AP-HP, Paris, France (monocentric; the registry copy does not name the hospital)',
        recruiting: true,
        confirmedOn: '2026-01-02',
      },
      out: [
        'recruitment now: unconfirmed (registry end date 2026-07-21 has passed; last site confirmation 2026-01-02, more than 180 days ago)',
      ],
      check: 'note: recruitment not confirmed, so its card says so',
    },
  ])('$name', async ({ id, args, site, out, check }) => {
    const rules = rulesCopy();
    const file = join(rules, 'trials', FILES[id]!);
    const others = trialFiles(rules);
    const before = readFileSync(file, 'utf8');

    const result = run(['confirm', id, ...args], rules);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    for (const part of out) {
      if (typeof part === 'string') expect(result.out).toContain(part);
      else expect(result.out).toMatch(part);
    }

    const after = readFileSync(file, 'utf8');
    expect(JSON.parse(after).site).toEqual(site);
    // Every byte outside the site block is kept, and the other files are not touched.
    expect(outsideSite(after)).toBe(outsideSite(before));
    expect(outsideSite(after)).toContain('\n<site>\n');
    const unchanged = trialFiles(rules);
    delete unchanged[FILES[id]!];
    delete others[FILES[id]!];
    expect(unchanged).toEqual(others);
    expect(await prettierAccepts(file)).toBe(true);
    expect(loadTrialCatalogue(join(rules, 'trials'), knownFacts).trials).toHaveLength(2);

    // `npm run trials -- check` afterwards reports the recruitment the confirmation gives.
    const checked = run(['check'], rules);
    expect(checked.code).toBe(0);
    expect(checkLinesOf(checked.out, id)).toContain(check);
  });

  test('the contact: phone alone updates it, a new name replaces it, the same values change nothing', () => {
    const rules = rulesCopy();
    const file = join(rules, 'trials', NANTES_FILE);
    const siteOf = () => (JSON.parse(readFileSync(file, 'utf8')) as { site: { contact?: unknown } }).site;
    const email = ['--contact-email', 'trial.team@example.org'];
    expect(run(['confirm', NANTES, '--recruiting', 'yes', ...CONTACT, ...email], rules).code).toBe(0);

    const phone = run(['confirm', NANTES, '--recruiting', 'yes', '--contact-phone', '02 40 08 44 44'], rules);
    expect(phone.code).toBe(0);
    expect(phone.out).toContain(
      'site.contact: Dr A. Coordinator, 02 40 08 33 33, trial.team@example.org → Dr A. Coordinator, 02 40 08 44 44, trial.team@example.org',
    );
    expect(siteOf().contact).toEqual({
      name: 'Dr A. Coordinator',
      phone: '02 40 08 44 44',
      email: 'trial.team@example.org',
    });

    // Another person: the previous contact's phone and email are not theirs.
    expect(run(['confirm', NANTES, '--recruiting', 'yes', '--contact-name', 'B. Nurse'], rules).code).toBe(0);
    expect(siteOf().contact).toEqual({ name: 'B. Nurse' });

    const text = readFileSync(file, 'utf8');
    const again = run(['confirm', NANTES, '--recruiting', 'yes', '--contact-name', 'B. Nurse'], rules);
    expect(again.code).toBe(0);
    expect(again.out).toContain('no change: the file already said so');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('an earlier day than the recorded one is recorded, and said', () => {
    const rules = rulesCopy();
    expect(run(['confirm', NANTES, '--recruiting', 'yes', '--on', '2026-12-02'], rules).code).toBe(0);
    const { code, out } = run(['confirm', NANTES, '--recruiting', 'yes', '--on', '2026-11-01'], rules);
    expect(code).toBe(0);
    expect(out).toContain('note: this replaces a later confirmation, of 2026-12-02');
  });
});

describe('npm run trials -- confirm: refused, nothing written', () => {
  test.each<{ name: string; args: string[]; code: 1 | 2; err: (string | RegExp)[] }>([
    {
      name: 'a day after today',
      args: [NANTES, '--recruiting', 'yes', '--on', '2026-12-04'],
      code: 2,
      err: ['--on 2026-12-04 is after today (2026-12-03)', 'usage: npm run trials -- check'],
    },
    {
      name: 'a day that is not one',
      args: [NANTES, '--recruiting', 'yes', '--on', '2026-02-30'],
      code: 2,
      err: ['--on 2026-02-30 is not a date YYYY-MM-DD', 'npm run trials -- confirm <NCT id>'],
    },
    {
      name: 'a date in another format',
      args: [NANTES, '--recruiting', 'yes', '--on', '03/12/2026'],
      code: 2,
      err: ['is not a date YYYY-MM-DD'],
    },
    {
      name: 'an id the catalogue does not hold',
      args: ['NCT09999999', '--recruiting', 'yes'],
      code: 1,
      err: [/^trials: cannot record the confirmation: NCT09999999 is not in the trial catalogue .*trials /],
    },
    {
      name: 'no --recruiting',
      args: [NANTES, '--on', '2026-12-01'],
      code: 2,
      err: ['confirm needs --recruiting yes|no', 'npm run trials -- confirm <NCT id> --recruiting yes|no'],
    },
    { name: '--recruiting neither yes nor no', args: [NANTES, '--recruiting', 'true'], code: 2, err: ['yes or no'] },
    { name: '--recruiting without a value', args: [NANTES, '--recruiting'], code: 2, err: ['usage:'] },
    { name: 'no trial id', args: ['--recruiting', 'yes'], code: 2, err: ['confirm needs exactly one trial id'] },
    {
      name: 'two trial ids',
      args: [NANTES, PARIS, '--recruiting', 'yes'],
      code: 2,
      err: ['confirm needs exactly one trial id'],
    },
    {
      name: 'an id that is not an NCT number',
      args: ['nct04270656', '--recruiting', 'yes'],
      code: 2,
      err: ['is not a ClinicalTrials.gov id'],
    },
    {
      name: 'an empty contact field',
      args: [NANTES, '--recruiting', 'yes', '--contact-name', ' '],
      code: 2,
      err: ['--contact-name is empty'],
    },
    {
      name: 'an unknown option',
      args: [NANTES, '--recruiting', 'yes', '--contact-fax', '1'],
      code: 2,
      err: ["Unknown option '--contact-fax'"],
    },
    {
      name: 'an email that is not one (checked by the trial schema)',
      args: [NANTES, '--recruiting', 'yes', '--contact-name', 'X', '--contact-email', 'nobody'],
      code: 1,
      err: [/NCT04270656-pump-vs-mdi-t2d-nafld\.json: site\.contact\.email: .*; nothing written/],
    },
    {
      name: 'a phone, but the site has no contact to give it to',
      args: [NANTES, '--recruiting', 'yes', '--contact-phone', '02 40 08 33 33'],
      code: 1,
      err: ['site.contact: the site has no contact yet: give --contact-name'],
    },
  ])('$name: exit $code', ({ args, code, err }) => {
    const rules = rulesCopy();
    const before = trialFiles(rules);
    const result = run(['confirm', ...args], rules);
    expect(result.code).toBe(code);
    expect(result.out).toBe('');
    for (const part of err) {
      if (typeof part === 'string') expect(result.err).toContain(part);
      else expect(result.err).toMatch(part);
    }
    if (code === 1) expect(result.err).not.toContain('usage:');
    expect(trialFiles(rules)).toEqual(before);
  });

  test('the unknown id message names the id and the catalogue folder', () => {
    const rules = rulesCopy();
    const { err } = run(['confirm', 'NCT09999999', '--recruiting', 'no'], rules);
    expect(err).toContain(`NCT09999999 is not in the trial catalogue ${join(rules, 'trials')}`);
  });

  test('a trial that is only a draft: exit 1, the draft named, nothing written', () => {
    const rules = rulesCopy();
    const drafts = join(rules, 'trials', 'drafts');
    mkdirSync(drafts);
    const draft = JSON.parse(readFileSync(join(rules, 'trials', NANTES_FILE), 'utf8'));
    draft.id = 'NCT09990001';
    draft.draft = true;
    writeFileSync(join(drafts, 'NCT09990001.json'), `${JSON.stringify(draft, null, 2)}\n`);
    const before = trialFiles(rules);
    const { code, out, err } = run(['confirm', 'NCT09990001', '--recruiting', 'yes'], rules);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`NCT09990001 is only a draft (${join(drafts, 'NCT09990001.json')})`);
    expect(err).toContain('never serves');
    expect(trialFiles(rules)).toEqual(before);
  });

  test.each([[['check', '--recruiting', 'yes']], [['import', 'x.json', '--on', '2026-12-01']]])(
    'a confirm option with another command %j: usage and exit 2',
    (args) => {
      const { code, err } = run(args, DEFAULT_RULES_DIR);
      expect(code).toBe(2);
      expect(err).toContain('only goes with confirm');
    },
  );
});
