/** The languages every word put before a clinician exists in (cards, the SMART app, the EHR page). */
export const LOCALES = ['en', 'fr'] as const;

/** One of LOCALES. */
export type Locale = (typeof LOCALES)[number];

/** The locale data falls back to when a text exists in one language only: the registry's. */
export const SOURCE_LOCALE: Locale = 'en';
