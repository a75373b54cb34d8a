import { join } from 'node:path';
import { IntlMessageFormat, type Formatters } from 'intl-messageformat';
import { z } from 'zod';
import type { Locale } from '../config/locale.js';
import { displayPath, readJsonFile } from './json-file.js';
import { RulesError } from './rules-error.js';

/*
 * Message catalogues: every sentence the service writes for a clinician, per locale, as ICU
 * MessageFormat (plurals and number formats per language), in rules/messages/<locale>.json.
 * The code names the keys it uses (services/message-keys.ts); at start-up the catalogue of the
 * configured locale must hold exactly those keys, each parsing, with the same arguments as the
 * English one. Anything else stops start-up naming the file and the key.
 */

const CatalogueSchema = z.record(z.string(), z.string().min(1));

/** Arguments a message is formatted with. */
export type MessageArgs = Readonly<Record<string, string | number>>;

/** A checked catalogue, compiled: format a key, and numbers and dates the way the locale writes them. */
export interface Messages<K extends string = string> {
  readonly locale: Locale;
  t(key: K, args?: MessageArgs): string;
  /** A number with exactly `decimals` decimals: 8.2 → "8.2" in English, "8,2" in French. */
  number(value: number, decimals?: number): string;
  /** A day (YYYY-MM-DD or an ISO instant) as the locale writes dates: 2026-11-02, 02/11/2026. */
  date(isoDay: string): string;
  /** Items joined as a sentence: "a, b and c" / "a, b et c". */
  list(items: readonly string[]): string;
}

type AstNode = { type: number; value?: string; options?: Record<string, { value: AstNode[] }>; children?: AstNode[] };

/** The argument names a parsed message uses (plural, select and tag bodies included). */
function argumentsOf(nodes: readonly AstNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural, 8 tag (icu-messageformat-parser).
    if ([1, 2, 3, 4, 5, 6].includes(node.type) && node.value) into.add(node.value);
    for (const option of Object.values(node.options ?? {})) argumentsOf(option.value, into);
    if (node.children) argumentsOf(node.children, into);
  }
  return into;
}

/**
 * The Intl formatters of one catalogue, made once and shared by all its messages. By default each
 * IntlMessageFormat memoizes its own, keyed by a JSON serialization of the arguments on every
 * call: about a third of a card's formatting time in a profile of the prefetch path under load.
 * A catalogue has one locale, so the options alone are the key.
 */
function sharedFormatters(): Formatters {
  const keyOf = (options: object | undefined) => (options === undefined ? '' : JSON.stringify(options));
  const cached = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
    let hit = cache.get(key);
    if (hit === undefined) cache.set(key, (hit = make()));
    return hit;
  };
  const numbers = new Map<string, Intl.NumberFormat>();
  const dates = new Map<string, Intl.DateTimeFormat>();
  const plurals = new Map<string, Intl.PluralRules>();
  return {
    getNumberFormat: (locales, options) =>
      cached(numbers, keyOf(options), () => new Intl.NumberFormat(locales, options as Intl.NumberFormatOptions)),
    getDateTimeFormat: (locales, options) =>
      cached(dates, keyOf(options), () => new Intl.DateTimeFormat(locales, options)),
    getPluralRules: (locales, options) =>
      cached(plurals, options?.type ?? 'cardinal', () => new Intl.PluralRules(locales, options)),
  };
}

function compile(
  file: string,
  key: string,
  text: string,
  locale: Locale,
  formatters: Formatters = sharedFormatters(),
): IntlMessageFormat {
  try {
    return new IntlMessageFormat(text, locale, undefined, { formatters });
  } catch (err) {
    throw new RulesError(file, key, `not a valid ICU message (${(err as Error).message})`);
  }
}

type Formatter = (args: MessageArgs | undefined) => string;

/**
 * A message made only of text and plain `{name}` arguments, formatted by joining its pieces;
 * anything else (plural, select, number or date formats, tags) by intl-messageformat. Most card
 * messages are plain, and intl-messageformat's general path cost about 20 µs per card in a
 * profile of the prefetch path under load (docs/performance.md, "Issue 14, point 8"). The
 * result is the same: a plain argument is written with String(value), and a missing one throws.
 */
function formatterOf(key: string, format: IntlMessageFormat): Formatter {
  const ast = format.getAst() as unknown as AstNode[];
  // 0 literal, 1 argument (icu-messageformat-parser).
  if (!ast.every((n) => n.type === 0 || n.type === 1)) {
    return (args) => {
      const text = format.format(args);
      // A message with rich-text tags would give parts.
      return Array.isArray(text) ? text.join('') : String(text);
    };
  }
  const pieces = ast.map((n) => ({ argument: n.type === 1, value: n.value ?? '' }));
  return (args) => {
    let out = '';
    for (const piece of pieces) {
      if (!piece.argument) {
        out += piece.value;
        continue;
      }
      const value = args?.[piece.value];
      if (value === undefined) throw new Error(`message ${key}: no value for {${piece.value}}`);
      out += String(value);
    }
    return out;
  };
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Loads rules/messages/<locale>.json and checks it: exactly `keys`, each a valid message whose
 * arguments are those of the same key in the source catalogue (en), so a translation can
 * neither drop a value nor ask for one the code does not pass.
 */
export function loadMessages<K extends string>(rulesDir: string, locale: Locale, keys: readonly K[]): Messages<K> {
  const read = (l: Locale) => {
    const path = join(rulesDir, 'messages', `${l}.json`);
    return { file: displayPath(path), texts: readJsonFile(path, CatalogueSchema) };
  };
  const { file, texts } = read(locale);
  const source = locale === 'en' ? { file, texts } : read('en');
  const wanted = new Set<string>(keys);
  for (const key of keys) {
    if (texts[key] === undefined) throw new RulesError(file, key, 'missing message');
    if (source.texts[key] === undefined) throw new RulesError(source.file, key, 'missing message');
  }
  for (const key of Object.keys(texts)) {
    if (!wanted.has(key)) throw new RulesError(file, key, 'unknown message key (not used by the service)');
  }
  const compiled = new Map<string, Formatter>();
  const formatters = sharedFormatters();
  for (const key of keys) {
    const format = compile(file, key, texts[key]!, locale, formatters);
    const expected = argumentsOf(compile(source.file, key, source.texts[key]!, 'en').getAst());
    const found = argumentsOf(format.getAst());
    if (!sameSet(found, expected)) {
      throw new RulesError(
        file,
        key,
        `uses {${[...found].join(', ')}} but the English message uses {${[...expected].join(', ')}}`,
      );
    }
    compiled.set(key, formatterOf(key, format));
  }
  const numbers = new Map<number, Intl.NumberFormat>();
  const dayFormat =
    locale === 'en'
      ? undefined
      : new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  return {
    locale,
    t(key, args) {
      return compiled.get(key)!(args);
    },
    number(value, decimals = 0) {
      let format = numbers.get(decimals);
      if (!format) {
        format = new Intl.NumberFormat(locale, {
          minimumFractionDigits: decimals,
          maximumFractionDigits: decimals,
          useGrouping: false,
        });
        numbers.set(decimals, format);
      }
      return format.format(value);
    },
    date(isoDay) {
      const day = isoDay.slice(0, 10);
      // English cards keep ISO dates: unambiguous for readers on both sides of the Atlantic.
      if (!dayFormat || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
      return dayFormat.format(new Date(`${day}T00:00:00Z`));
    },
    list(items) {
      return lists.format(items);
    },
  };
}
