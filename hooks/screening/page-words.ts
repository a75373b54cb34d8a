import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'express';
import { LOCALES, type Locale } from '../../config/locale.js';
import { PROJECT_ROOT } from '../../config/project-paths.js';

/** The worklist's words, one file per locale, read by the page (GET /screening/words.json) and the sign-in pages. */
export const WORDS_DIR = join(PROJECT_ROOT, 'apps', 'screening', 'words');

export type Words = Readonly<Record<string, string>>;

/** Every locale's words, checked to hold the same keys as English (a missing word fails start-up, not a coordinator). */
export function loadWords(): ReadonlyMap<Locale, Words> {
  const all = new Map<Locale, Words>();
  for (const locale of LOCALES) {
    const path = join(WORDS_DIR, `${locale}.json`);
    all.set(locale, JSON.parse(readFileSync(path, 'utf8')) as Words);
  }
  const english = Object.keys(all.get('en') ?? {});
  for (const [locale, words] of all) {
    const missing = english.filter((k) => typeof words[k] !== 'string');
    if (missing.length > 0) throw new Error(`apps/screening/words/${locale}.json lacks ${missing.join(', ')}`);
  }
  return all;
}

const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/**
 * The page's language: CARD_LOCALE, as the cards, so the criterion labels of the catalogue and
 * the page speak one language; `?lang=en|fr` lets a coordinator switch.
 */
export function pageLocale(req: Pick<Request, 'query'>, cardLocale: Locale): Locale {
  const asked = req.query['lang'];
  return isLocale(asked) ? asked : cardLocale;
}

/** A word with its `{name}` arguments; the key itself when missing (visible, never blank). */
export function say(words: Words, key: string, args: Readonly<Record<string, string>> = {}): string {
  const text = words[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
}
