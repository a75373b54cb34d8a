/**
 * The app's words, from the service (GET messages.json: the `app.` keys of
 * rules/messages/<CARD_LOCALE>.json). Messages take `{name}` arguments only.
 */
let catalogue = { locale: 'en', messages: {} };

/** Loads the words once; the page's language follows them. */
export async function loadWords() {
  const res = await fetch(new URL('messages.json', import.meta.url));
  if (!res.ok) throw new Error(`messages.json: HTTP ${res.status}`);
  catalogue = await res.json();
  document.documentElement.lang = catalogue.locale;
  return catalogue.locale;
}

/** The message `app.<key>` with its `{name}` arguments filled in; the key itself when missing. */
export function t(key, args = {}) {
  const text = catalogue.messages[`app.${key}`];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

/** A YYYY-MM-DD day as the locale writes it (as the cards do: 2026-11-02 in English, 02/11/2026 in French). */
export function day(iso) {
  if (!iso) return '';
  if (catalogue.locale === 'en') return iso.slice(0, 10);
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(catalogue.locale, { timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}
