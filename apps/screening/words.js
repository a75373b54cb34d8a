/**
 * The page's words (GET /screening/words.json: apps/screening/words/<locale>.json, in CARD_LOCALE
 * unless `?lang=` asks for another). Words take `{name}` arguments only.
 */
let catalogue = { locale: 'en', words: {} };

export async function loadWords() {
  const lang = new URLSearchParams(window.location.search).get('lang');
  const res = await fetch(`/screening/words.json${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`);
  if (!res.ok) throw new Error(`words.json: HTTP ${res.status}`);
  catalogue = await res.json();
  document.documentElement.lang = catalogue.locale;
  return catalogue.locale;
}

export const locale = () => catalogue.locale;

/** The word `key` with its `{name}` arguments; the key itself when missing. */
export function t(key, args = {}) {
  const text = catalogue.words[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

/** Fills every element marked `data-t` with its word. */
export function translatePage() {
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.getAttribute('data-t'));
  for (const node of document.querySelectorAll('[data-t-label]'))
    node.setAttribute('aria-label', t(node.getAttribute('data-t-label')));
  document.title = t('page.title');
}

/** A day (YYYY-MM-DD or an instant) as the cards write it: ISO in English, 02/11/2026 in French. */
export function day(iso) {
  if (!iso) return '';
  const d = String(iso).slice(0, 10);
  if (catalogue.locale === 'en') return d;
  const [y, m, dd] = d.split('-').map(Number);
  if (!y || !m || !dd) return String(iso);
  return new Intl.DateTimeFormat(catalogue.locale, { timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, dd)));
}

/** An instant as a date and time in the user's time zone. */
export function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(catalogue.locale, { dateStyle: 'short', timeStyle: 'short' }).format(date);
}
