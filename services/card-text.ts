import type { Evidence } from '../facts/fact.js';
import type { RuleValue } from '../rules/condition-evaluator.js';
import { escapeMarkdown } from './markdown.js';
import type { CardMessages } from './message-keys.js';

/*
 * Values as a clinician reads them on a card, in the card's language: with the precision the
 * laboratory recorded, counts with their plurals, evidence named by what it is and when (never
 * by resource id).
 */

/** The decimals a number was written with: 7.95 → 2, 8 → 0 (JSON keeps no trailing zero). */
export function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e')) return Math.min(6, Math.max(0, -Math.floor(Math.log10(Math.abs(value))) + 1));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
}

/** A recorded number with its own precision, and at least `min` decimals (HbA1c 8 → "8.0"). */
export function recordedNumber(m: CardMessages, value: number, min = 0): string {
  return m.number(value, Math.max(min, decimalsOf(value)));
}

/** Items in a run, as the locale separates them: "a; b; c" in English, "a ; b ; c" in French. */
export function itemsText(m: CardMessages, items: readonly string[]): string {
  if (items.length === 0) return '';
  return items.reduce((run, item) => m.t('common.items', { first: run, rest: item }));
}

/** Injections a day: "3 injections a day", "2–3 injections a day", "at least 2 injections a day". */
export function countText(m: CardMessages, value: RuleValue | undefined): string {
  if (typeof value === 'number') return m.t('common.countExact', { count: value });
  if (value === undefined || typeof value !== 'object') return m.t('common.countUnknown');
  if (value.low !== undefined && value.high !== undefined) {
    return value.low === value.high
      ? m.t('common.countExact', { count: value.low })
      : m.t('common.countRange', { low: value.low, high: value.high });
  }
  return m.t('common.countAtLeast', { low: value.low ?? 0 });
}

/** A name without its bracketed asides, nested ones included: "Lantus (glargine (basal))" → "Lantus". */
function withoutBrackets(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out;) {
    previous = out;
    out = out.replace(/\([^()]*\)/g, ' ');
  }
  return out.replace(/[()]/g, ' ');
}

/**
 * What the EHR calls the products behind some evidence, once each: "Lantus SoloStar". A
 * bracketed part of a display (often the ingredient, which the card already names) is dropped
 * so names never nest brackets. Escaped for markdown; at most 60 characters each.
 */
export function productNames(evidence: readonly Evidence[]): string[] {
  const names = new Map<string, string>();
  for (const e of evidence) {
    const name = withoutBrackets(e.display ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (name && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), escapeMarkdown(name, 60));
  }
  return [...names.values()];
}

/** The newest date among some evidence, as a YYYY-MM-DD day. */
export function newestDay(evidence: readonly Evidence[]): string | undefined {
  let newest: string | undefined;
  for (const e of evidence) if (e.date && (!newest || e.date > newest)) newest = e.date;
  return newest?.slice(0, 10);
}

/** The oldest date among some evidence, as a YYYY-MM-DD day. */
export function oldestDay(evidence: readonly Evidence[]): string | undefined {
  let oldest: string | undefined;
  for (const e of evidence) if (e.date && (!oldest || e.date < oldest)) oldest = e.date;
  return oldest?.slice(0, 10);
}

/** " (read from free text: check the record)" when any of the evidence was read from free text. */
export function lowConfidence(m: CardMessages, evidence: readonly Evidence[]): string {
  return evidence.some((e) => e.confidence === 'low') ? ` (*${m.t('common.fromText')}*)` : '';
}
