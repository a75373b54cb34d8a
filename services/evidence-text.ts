import type { Evidence } from '../facts/fact.js';

/**
 * One piece of evidence as a plain-text citation for explanations and the command line (not
 * cards, which name evidence by what it is and when): `Lantus SoloStar (MedicationRequest/abc,
 * 2026-01-10)`. Explanations are for whoever audits a decision, so the resource id is the point.
 */
export function citeEvidence(e: Evidence): string {
  const what = e.display ? `${e.display} ` : '';
  const low = e.confidence === 'low' ? ', read from free text: check the record' : '';
  return `${what}(${e.resourceType}/${e.id}, ${e.date ? e.date.slice(0, 10) : 'date unknown'}${low})`;
}

/** Several pieces of evidence, joined for one line. */
export function citeAll(evidence: readonly Evidence[]): string {
  return evidence.length > 0 ? evidence.map(citeEvidence).join('; ') : 'no record cited';
}
