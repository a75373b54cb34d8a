import { known, unknown, type Fact } from './fact.js';
import type { Finding } from './imaging.js';
import { candidateEvidence, type Candidate } from './latest.js';
import type { ConditionFinding } from './patient-facts.js';

/**
 * Alcoholic liver disease on the problem list, with the liver studies beside it: a study that
 * shows steatosis and names alcohol as its cause ("stéatose d'origine éthylique") counts as one;
 * one that names alcohol only beside it ("dans un contexte d'éthylisme chronique connu", "in
 * keeping with hepatic steatosis in this patient with known alcohol use", a clinical information
 * line "consommation d'alcool 6 verres/jour") leaves it to confirm. NCT04270656 asks for a
 * non-alcoholic steatosis: a review (2026-12-07) found such studies read as plain steatosis and
 * the trial card shown with "no alcoholic liver disease" met. A problem list that already shows
 * the disease, or cannot tell, is kept as it is.
 */
export function alcoholicBesideStudies(
  onFile: Fact<ConditionFinding>,
  studies: readonly Candidate<Finding>[],
): Fact<ConditionFinding> {
  if (onFile.known && onFile.value.present) return onFile;
  const named = studies.filter((c) => c.reading.ok && c.reading.value.steatosis && c.reading.value.alcohol);
  // A study that names alcohol as the cause shows the disease even when the problem list cannot
  // be read (an unreadable record beside it must not take that away).
  const cause = named.find((c) => c.reading.ok && c.reading.value.alcohol === 'cause');
  if (cause) {
    const ev = candidateEvidence(cause, 'liver study: steatosis of alcoholic cause (from the text)');
    return known({ present: true }, [{ ...ev, confidence: 'low' }]);
  }
  const mention = named[0];
  if (!onFile.known || !mention) return onFile;
  return unknown(
    `liver study ${mention.label} names alcohol beside the steatosis: whether it is alcoholic is to confirm`,
    [candidateEvidence(mention, 'liver study: steatosis, alcohol named (from the text)')],
  );
}
