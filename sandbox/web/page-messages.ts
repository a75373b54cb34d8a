import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { z } from 'zod';
import type { Locale } from '../../config/locale.js';
import { readJsonFile } from '../../rules/json-file.js';

/** The keys of the EHR page's words in rules/messages/<locale>.json. */
export const PAGE_MESSAGE_PREFIX = 'ehr.';

/** The EHR page's words in one locale: sent to the page as they are, and formatted here for the patient list. */
export interface PageMessages {
  readonly locale: Locale;
  /** `ehr.*` key → ICU message, as the catalogue holds it (the page formats them itself). */
  readonly texts: Readonly<Record<string, string>>;
  /** Formats one of them (the patient list's words are written server-side). */
  readonly t: (key: string, args?: Readonly<Record<string, string | number>>) => string;
}

/**
 * The `ehr.*` messages of rules/messages/<locale>.json. Start-up has already checked the
 * catalogue (rules/messages.ts, with the keys of services/message-keys.ts), so every key is
 * there in both languages with the same arguments.
 */
export function loadPageMessages(rulesDir: string, locale: Locale): PageMessages {
  const all = readJsonFile(join(rulesDir, 'messages', `${locale}.json`), z.record(z.string(), z.string()));
  const texts = Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(PAGE_MESSAGE_PREFIX)));
  const compiled = new Map<string, IntlMessageFormat>();
  return {
    locale,
    texts,
    t: (key, args) => {
      let format = compiled.get(key);
      if (!format) {
        const text = texts[key];
        if (text === undefined) throw new Error(`no message ${key} in rules/messages/${locale}.json`);
        format = new IntlMessageFormat(text, locale);
        compiled.set(key, format);
      }
      const out = format.format(args);
      return Array.isArray(out) ? out.join('') : String(out);
    },
  };
}
