import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { MESSAGE_KEYS } from '../services/message-keys.js';
import { loadMessages } from './messages.js';
import { RulesError } from './rules-error.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const EN = { 'a.count': '{count, plural, one {# drink} other {# drinks}}', 'a.date': 'on {date}' };

/** A rules folder whose messages/en.json and fr.json are the given catalogues. */
function catalogues(fr: Record<string, string>, en: Record<string, string> = EN): string {
  const dir = mkdtempSync(join(tmpdir(), 'messages-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'messages'));
  writeFileSync(join(dir, 'messages', 'en.json'), JSON.stringify(en));
  writeFileSync(join(dir, 'messages', 'fr.json'), JSON.stringify(fr));
  return dir;
}

const KEYS = ['a.count', 'a.date'] as const;

describe('message catalogues are checked at start-up, naming the file and the key', () => {
  test.each([
    ['a missing key', { 'a.count': '{count} verres' }, 'a.date', 'missing message'],
    ['a key no code uses', { ...EN, 'a.other': 'x' }, 'a.other', 'unknown message key'],
    ['a message that does not parse', { ...EN, 'a.date': 'le {date' }, 'a.date', 'not a valid ICU message'],
    ['a dropped argument', { ...EN, 'a.date': 'un jour' }, 'a.date', 'the English message uses {date}'],
    ['an argument the code never passes', { ...EN, 'a.date': 'le {day}' }, 'a.date', 'the English message uses {date}'],
  ])('%s stops loading', (_what, fr, field, message) => {
    const dir = catalogues(fr);
    let error: unknown;
    try {
      loadMessages(dir, 'fr', KEYS);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RulesError);
    expect((error as RulesError).field).toBe(field);
    expect((error as RulesError).message).toContain('fr.json');
    expect((error as RulesError).message).toContain(message);
  });

  test('a complete catalogue formats plurals, numbers and dates the way the locale writes them', () => {
    const dir = catalogues({ 'a.count': '{count, plural, one {# verre} other {# verres}}', 'a.date': 'le {date}' });
    const fr = loadMessages(dir, 'fr', KEYS);
    const en = loadMessages(dir, 'en', KEYS);
    expect([fr.t('a.count', { count: 1 }), fr.t('a.count', { count: 2 })]).toEqual(['1 verre', '2 verres']);
    expect([en.t('a.count', { count: 1 }), en.t('a.count', { count: 2 })]).toEqual(['1 drink', '2 drinks']);
    expect([fr.number(7.95, 2), en.number(7.95, 2), fr.number(8, 1)]).toEqual(['7,95', '7.95', '8,0']);
    expect([fr.date('2026-11-02'), en.date('2026-11-02T10:00:00Z')]).toEqual(['02/11/2026', '2026-11-02']);
    expect(fr.list(['a', 'b', 'c'])).toBe('a, b et c');
  });
});

describe("the project's own catalogues", () => {
  test.each(['en', 'fr'] as const)('%s holds every key the services use, and nothing else', (locale) => {
    expect(() => loadMessages(DEFAULT_RULES_DIR, locale, MESSAGE_KEYS)).not.toThrow();
  });
});

describe('plain messages are formatted without intl-messageformat, to the same text', () => {
  test.each(['en', 'fr'] as const)('%s: every message gives what intl-messageformat gives', (locale) => {
    const texts = JSON.parse(readFileSync(join(DEFAULT_RULES_DIR, 'messages', `${locale}.json`), 'utf8')) as Record<
      string,
      string
    >;
    const messages = loadMessages(DEFAULT_RULES_DIR, locale, MESSAGE_KEYS);
    let plain = 0;
    for (const key of MESSAGE_KEYS) {
      const reference = new IntlMessageFormat(texts[key]!, locale);
      // Every argument a number (plurals need one) except where a select needs a word.
      const names = JSON.stringify(reference.getAst()).match(/"value":"[A-Za-z]\w*"/g) ?? [];
      const args = Object.fromEntries(names.map((n) => [n.slice(9, -1), 2]));
      let expected: string;
      try {
        expected = String(reference.format(args));
      } catch {
        continue; // a select or a date that a number cannot feed: not a plain message
      }
      expect([key, messages.t(key, args)]).toEqual([key, expected]);
      // Element types 0 (literal) and 1 (plain argument) only: the messages the fast path formats.
      if (reference.getAst().every((n) => [0, 1].includes(n.type as number))) plain += 1;
    }
    expect(plain).toBeGreaterThan(MESSAGE_KEYS.length / 2);
  });

  test('a plain message without the value it names throws, as intl-messageformat does', () => {
    const dir = catalogues({ 'a.count': '{count, plural, one {# verre} other {# verres}}', 'a.date': 'le {date}' });
    const fr = loadMessages(dir, 'fr', KEYS);
    expect(() => fr.t('a.date', {})).toThrow(/date/);
    expect(fr.t('a.date', { date: "l'an 2026 {x}" })).toBe("le l'an 2026 {x}");
  });
});
