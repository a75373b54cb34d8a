/**
 * The EHR page's words. They come from the service (GET /sandbox-ehr/setup: the `ehr.*`
 * messages of rules/messages/<CARD_LOCALE>.json), written in ICU MessageFormat as the cards'
 * are. This formats the part of ICU those messages use: `{name}` arguments, `plural` (with
 * `=N`, the locale's categories and `#`) and `select`, and ICU apostrophe quoting.
 * https://unicode-org.github.io/icu/userguide/format_parse/messages/
 */

/** Parses one message into parts: strings, {arg}, {plural}, {select} and # (inside a plural). */
export function parseMessage(src) {
  let i = 0;
  const fail = (why) => {
    throw new Error(`bad message at ${i}: ${why}: ${src}`);
  };
  const readUntil = (stops) => {
    const start = i;
    while (i < src.length && !stops.includes(src[i])) i++;
    if (i >= src.length) fail(`expected one of ${stops}`);
    return src.slice(start, i).trim();
  };
  const message = (inPlural) => {
    const parts = [];
    let text = '';
    const flush = () => {
      if (text) parts.push(text);
      text = '';
    };
    while (i < src.length && src[i] !== '}') {
      const c = src[i];
      if (c === '{') {
        flush();
        parts.push(argument());
      } else if (c === '#' && inPlural) {
        flush();
        parts.push({ type: 'pound' });
        i++;
      } else if (c === "'" && src[i + 1] === "'") {
        text += "'";
        i += 2;
      } else if (c === "'" && (src[i + 1] === '{' || src[i + 1] === '}' || (inPlural && src[i + 1] === '#'))) {
        const end = src.indexOf("'", i + 1);
        text += src.slice(i + 1, end === -1 ? src.length : end);
        i = end === -1 ? src.length : end + 1;
      } else {
        text += c;
        i++;
      }
    }
    flush();
    return parts;
  };
  const argument = () => {
    i++; // {
    const name = readUntil(',}');
    if (src[i] === '}') {
      i++;
      return { type: 'arg', name };
    }
    i++; // ,
    const kind = readUntil(',}');
    if (kind !== 'plural' && kind !== 'select') {
      // number, date...: shown as given (the page passes them formatted).
      let depth = 0;
      while (i < src.length && (src[i] !== '}' || depth > 0)) {
        if (src[i] === '{') depth++;
        if (src[i] === '}') depth--;
        i++;
      }
      i++;
      return { type: 'arg', name };
    }
    i++; // ,
    const options = {};
    for (;;) {
      while (/\s/.test(src[i] ?? '')) i++;
      if (i >= src.length) fail('unclosed argument');
      if (src[i] === '}') {
        i++;
        break;
      }
      let selector = readUntil('{');
      if (selector.startsWith('offset:')) selector = selector.replace(/^offset:\s*\S+\s*/, '');
      i++; // {
      options[selector] = message(kind === 'plural');
      if (src[i] !== '}') fail('unclosed option');
      i++;
    }
    if (!options.other) fail(`${kind} without "other"`);
    return { type: kind, name, options };
  };
  const parts = message(false);
  if (i < src.length) fail('unexpected }');
  return parts;
}

/**
 * A translator for one locale: `t(key, args)` formats the message; a key the table lacks is
 * reported on the console (a browser test fails on it) and shown as the key itself.
 */
export function createTranslator(locale, messages) {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const parsed = new Map();
  const format = (parts, args, count) =>
    parts
      .map((part) => {
        if (typeof part === 'string') return part;
        if (part.type === 'pound') return count === undefined ? '#' : numbers.format(count);
        const value = args[part.name];
        if (part.type === 'arg') return value === undefined || value === null ? '' : String(value);
        if (part.type === 'select') return format(part.options[String(value)] ?? part.options.other, args, count);
        const n = Number(value);
        const chosen = part.options[`=${n}`] ?? part.options[plurals.select(n)] ?? part.options.other;
        return format(chosen, args, n);
      })
      .join('');
  const t = (key, args = {}) => {
    let parts = parsed.get(key);
    if (!parts) {
      const text = messages?.[key];
      if (typeof text !== 'string') {
        console.error(`EHR page: no message "${key}" for locale ${locale}`);
        return key;
      }
      parts = parseMessage(text);
      parsed.set(key, parts);
    }
    return format(parts, args);
  };
  return t;
}

/** A day (YYYY-MM-DD or an ISO instant) as the locale writes dates, like the cards: 2026-11-02 in English, 02/11/2026 in French. */
export function dayFormatter(locale) {
  if (locale === 'en') return (iso) => String(iso).slice(0, 10);
  const format = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return (iso) => {
    const day = String(iso).slice(0, 10);
    return /^\d{4}-\d{2}-\d{2}$/.test(day) ? format.format(new Date(`${day}T00:00:00Z`)) : day;
  };
}

/**
 * Puts the page's static words in place: an element with `data-i18n="key"` gets the message as
 * its text, `data-i18n-aria-label="key"` as its aria-label; the document gets its language and title.
 */
export function applyPageWords(doc, locale, t) {
  doc.documentElement.lang = locale;
  doc.title = t('ehr.page.title');
  for (const node of doc.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of doc.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
}

/** The page's words once setup has loaded them; until then a key stands for itself. */
let current = { locale: 'en', t: (key) => key, day: dayFormatter('en') };

/** Makes `t`, `formatDay` and `formatNumber` speak `locale` with these messages (from setup). */
export function useMessages(locale, messages) {
  current = { locale, t: createTranslator(locale, messages), day: dayFormatter(locale) };
}

/** The page's locale (en until setup has loaded). */
export function pageLocale() {
  return current.locale;
}

/** Formats one of the page's messages. */
export function t(key, args) {
  return current.t(key, args);
}

/** A day as the page's locale writes dates. */
export function formatDay(iso) {
  return current.day(iso);
}

/** A number with exactly `decimals` decimals, as the page's locale writes it (8.9, 8,9). */
export function formatNumber(value, decimals = 0) {
  return new Intl.NumberFormat(current.locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  }).format(value);
}
