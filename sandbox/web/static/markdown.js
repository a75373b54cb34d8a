/**
 * Card `detail` is markdown written by a CDS service, which the EHR must not trust: it is
 * rendered with marked and then sanitised with DOMPurify, so no script, event handler,
 * javascript: URL, form or remote image from a card reaches the page. The page's CSP
 * (script-src 'self', no inline script) stands behind this as a second wall.
 */
import { Marked } from '/vendor/marked.esm.js';
import DOMPurify from '/vendor/purify.es.mjs';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Elements a card has no business showing; images are left out so nothing loads from another host. */
const FORBID_TAGS = [
  'style',
  'img',
  'picture',
  'video',
  'audio',
  'iframe',
  'form',
  'input',
  'button',
  'textarea',
  'select',
];

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Renders untrusted markdown into `container`, sanitised. */
export function renderMarkdown(markdown, container) {
  const html = marked.parse(String(markdown ?? ''));
  const fragment = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR: ['style'],
    RETURN_DOM_FRAGMENT: true,
  });
  container.replaceChildren(fragment);
}

/** An http(s) URL as a string, or undefined for anything else (javascript:, data:, relative junk). */
export function safeHref(url) {
  try {
    const parsed = new URL(String(url));
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
