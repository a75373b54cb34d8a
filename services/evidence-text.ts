import type { Evidence } from '../facts/fact.js';
import { dayOf, escapeMarkdown, safeId } from './markdown.js';

/** Whether the citation goes into card markdown (escaped) or plain text (CLI output). */
export type CitationStyle = 'markdown' | 'plain';

/** One piece of evidence as a short citation: `Lantus SoloStar (MedicationRequest/abc, 2026-01-10)`. */
export function citeEvidence(e: Evidence, style: CitationStyle = 'markdown'): string {
  const md = style === 'markdown';
  const what = e.display ? `${md ? escapeMarkdown(e.display) : e.display} ` : '';
  const low =
    e.confidence === 'low'
      ? md
        ? ', *read from free text: check the record*'
        : ', read from free text: check the record'
      : '';
  return `${what}(${e.resourceType}/${md ? safeId(e.id) : e.id}, ${dayOf(e.date)}${low})`;
}

/** Several pieces of evidence, joined for one line. */
export function citeAll(evidence: readonly Evidence[], style: CitationStyle = 'markdown'): string {
  return evidence.length > 0 ? evidence.map((e) => citeEvidence(e, style)).join('; ') : 'no record cited';
}
