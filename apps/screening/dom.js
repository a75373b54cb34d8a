/**
 * The page's only way to put things in the DOM: elements with text. Every value, and patient data
 * above all (names, evidence, the trail), goes in as `textContent`, never as HTML; the page's
 * Trusted Types policy (hooks/screening/page-security.ts) would make any HTML sink throw anyway.
 */
export const $ = (id) => document.getElementById(id);

/** An element with attributes (`text` sets its text) and children (nodes or strings, as text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'className') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== null) node.append(c);
  return node;
}

/** A `<select>`'s options: [value, label] pairs, the current value kept when it is still offered. */
export function setOptions(select, options) {
  const keep = select.value;
  select.replaceChildren(...options.map(([value, label]) => el('option', { value, text: label })));
  if (options.some(([value]) => value === keep)) select.value = keep;
}
