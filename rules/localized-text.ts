import { z } from 'zod';
import { LOCALES, SOURCE_LOCALE, type Locale } from '../config/locale.js';

/**
 * A text of the rules data in one or more languages: a plain string is the source language's
 * (English, the registries' language); an object gives it per locale, `{ "en": …, "fr": … }`.
 */
export const LocalizedTextSchema = z.union([
  z.string().trim().min(1),
  z
    .partialRecord(z.enum(LOCALES), z.string().trim().min(1))
    .refine((t) => Object.keys(t).length > 0, 'give the text in at least one locale'),
]);

/** A validated localized text. */
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** The text in `locale`, or undefined when it is not written in that language. */
export function textIn(text: LocalizedText, locale: Locale): string | undefined {
  if (typeof text === 'string') return locale === SOURCE_LOCALE ? text : undefined;
  return text[locale];
}

/**
 * The text in `locale`. Start-up has checked that every text shown in the configured locale
 * exists in it (checkLocalized), so a miss here is a programming error.
 */
export function localized(text: LocalizedText, locale: Locale): string {
  const found = textIn(text, locale);
  if (found === undefined) throw new Error(`a text has no ${locale} version; start-up should have refused it`);
  return found;
}
