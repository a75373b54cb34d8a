import type { Locale } from '../../config/locale.js';
import { say, type Words } from './page-words.js';

/** Text made safe for HTML content and attribute values (every value put in a page goes through it). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** A small page of the worklist around `body` (already escaped HTML), in the page's language. */
function page(locale: Locale, words: Words, title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${escapeHtml(title)} · ${escapeHtml(say(words, 'page.title'))}</title>`,
    '<link rel="icon" href="/screening/assets/favicon.svg" type="image/svg+xml" />',
    '<link rel="stylesheet" href="/screening/assets/styles.css" /></head>',
    `<body><main class="sign-in"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  ].join('\n');
}

const paragraph = (text: string, className = '') =>
  `<p${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</p>`;

/** The sandbox's local sign-in: a display name, no password, said loudly to be for the sandbox only. */
export function localSignInPage(
  locale: Locale,
  words: Words,
  options: { problem?: string; lang?: boolean } = {},
): string {
  const { problem } = options;
  const lang = options.lang ? `?lang=${locale}` : '';
  return page(
    locale,
    words,
    say(words, 'signIn.localTitle'),
    [
      `<p class="sandbox-warning" role="note" id="sandbox-warning">${escapeHtml(say(words, 'signIn.sandboxOnly'))}</p>`,
      problem ? `<p class="error" role="alert" id="sign-in-problem">${escapeHtml(problem)}</p>` : '',
      `<form method="post" action="/screening/sign-in${lang}" id="local-sign-in">`,
      `<label for="name">${escapeHtml(say(words, 'signIn.nameLabel'))}</label>`,
      '<input id="name" name="name" type="text" required maxlength="64" autocomplete="name" autofocus />',
      `<button type="submit" class="primary">${escapeHtml(say(words, 'signIn.submit'))}</button>`,
      '</form>',
    ].join('\n'),
  );
}

/** Signed in at the identity provider, but without the worklist's role. */
export function forbiddenPage(locale: Locale, words: Words, role: string): string {
  return page(
    locale,
    words,
    say(words, 'signIn.forbiddenTitle'),
    paragraph(say(words, 'signIn.forbidden', { role }), 'error') +
      `<p><a href="/screening/sign-in">${escapeHtml(say(words, 'signIn.again'))}</a></p>`,
  );
}

/** A sign-in that could not complete (a stale or tampered callback, a provider error). */
export function signInFailedPage(locale: Locale, words: Words): string {
  return page(
    locale,
    words,
    say(words, 'signIn.failedTitle'),
    paragraph(say(words, 'signIn.failed'), 'error') +
      `<p><a href="/screening/sign-in">${escapeHtml(say(words, 'signIn.again'))}</a></p>`,
  );
}

/** Neither an identity provider nor the sandbox: the worklist stays closed. */
export function notConfiguredPage(locale: Locale, words: Words): string {
  return page(locale, words, say(words, 'signIn.notConfiguredTitle'), paragraph(say(words, 'signIn.notConfigured')));
}

/** After sign-out. */
export function signedOutPage(locale: Locale, words: Words): string {
  return page(
    locale,
    words,
    say(words, 'signIn.signedOutTitle'),
    `<p><a href="/screening">${escapeHtml(say(words, 'signIn.again'))}</a></p>`,
  );
}
