import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES } from '../../config/locale.js';
import { DEFAULT_RULES_DIR, PROJECT_ROOT } from '../../config/project-paths.js';
import { loadMessages } from '../../rules/messages.js';
import { MESSAGE_KEYS } from '../../services/message-keys.js';
import { loadPageMessages, PAGE_MESSAGE_PREFIX } from './page-messages.js';
const STATIC_DIR = join(PROJECT_ROOT, 'sandbox', 'web', 'static');

/** The page's own formatter: browser code, untyped, that touches no DOM when imported. */
interface PageI18n {
  readonly createTranslator: (
    locale: string,
    messages: Record<string, string>,
  ) => (key: string, args?: object) => string;
  readonly parseMessage: (text: string) => unknown;
}
const { createTranslator, parseMessage } = (await import(pathToFileURL(join(STATIC_DIR, 'i18n.js')).href)) as PageI18n;
/** Keys the page builds at run time rather than writing out. */
const BUILT_KEYS = ['ehr.patient.sex.male', 'ehr.patient.sex.female', 'ehr.patient.sex.other'];

/** Every `ehr.*` key the page's files name: in its scripts, and in data-i18n attributes of the HTML. */
function keysThePageUses(): Set<string> {
  const used = new Set(BUILT_KEYS);
  for (const file of readdirSync(STATIC_DIR).filter((f) => /\.(js|html)$/.test(f))) {
    const text = readFileSync(join(STATIC_DIR, file), 'utf8');
    for (const m of text.matchAll(/['"](ehr\.[A-Za-z0-9.]+[A-Za-z0-9])['"]/g)) used.add(m[1]!);
  }
  // The patient list's words are formatted server-side (sandbox/web/patient-list.ts).
  const list = readFileSync(join(PROJECT_ROOT, 'sandbox', 'web', 'patient-list.ts'), 'utf8');
  for (const m of list.matchAll(/'(ehr\.[A-Za-z0-9.]+)'/g)) used.add(m[1]!);
  return used;
}

/** Arguments for every argument a message names: numbers for plurals, words otherwise. */
function sampleArgs(text: string, n: number): Record<string, string | number> {
  const args: Record<string, string | number> = {};
  for (const m of text.matchAll(/\{\s*([A-Za-z]+)\s*(,\s*(plural|select))?/g)) {
    args[m[1]!] = m[3] === 'plural' ? n : `«${m[1]!}»`;
  }
  return args;
}

describe('the EHR page words (ehr.* in rules/messages/)', () => {
  const used = keysThePageUses();

  test.each(LOCALES)('%s: every key the page uses exists, and every ehr.* key is used', (locale) => {
    const page = loadPageMessages(DEFAULT_RULES_DIR, locale);
    expect(Object.keys(page.texts).sort()).toEqual([...used].sort());
    expect(Object.keys(page.texts).every((k) => k.startsWith(PAGE_MESSAGE_PREFIX))).toBe(true);
  });

  test.each(LOCALES)('%s: the catalogue with the ehr.* keys passes the start-up check', (locale) => {
    expect(() => loadMessages(DEFAULT_RULES_DIR, locale, MESSAGE_KEYS)).not.toThrow();
  });

  test.each(LOCALES)('%s: the page formats every message as intl-messageformat does', (locale) => {
    const { texts } = loadPageMessages(DEFAULT_RULES_DIR, locale);
    const t = createTranslator(locale, texts);
    for (const [key, text] of Object.entries(texts)) {
      for (const n of [0, 1, 2, 12]) {
        const args = sampleArgs(text, n);
        const expected = new IntlMessageFormat(text, locale).format(args);
        expect([key, t(key, args)]).toEqual([key, expected]);
      }
    }
  });

  test('French and English differ wherever the page shows a sentence', () => {
    const en = loadPageMessages(DEFAULT_RULES_DIR, 'en').texts;
    const fr = loadPageMessages(DEFAULT_RULES_DIR, 'fr').texts;
    const same = Object.keys(en).filter((k) => en[k] === fr[k] && /[a-z]{3,} [a-z]{3,}/.test(en[k]!));
    expect(same).toEqual([]);
  });

  test('ICU quoting, plural =N and # and select are read as ICU reads them', () => {
    const t = createTranslator('fr', {
      a: "l'essai '{'tel quel'}' ''ok''",
      b: '{n, plural, =0 {aucune} one {# carte} other {# cartes}}',
      c: '{g, select, male {il} female {elle} other {iel}} a {n, plural, one {# an} other {# ans}}',
    });
    expect(t('a')).toBe("l'essai {tel quel} 'ok'");
    expect([0, 1, 2, 1500].map((n) => t('b', { n }))).toEqual(['aucune', '1 carte', '2 cartes', '1\u202f500 cartes']);
    expect(t('c', { g: 'female', n: 1 })).toBe('elle a 1 an');
    expect(t('c', { g: 'x', n: 3 })).toBe('iel a 3 ans');
    expect(() => parseMessage('{n, plural, one {x}}')).toThrow(/other/);
  });
});
