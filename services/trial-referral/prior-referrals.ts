import type { Fact } from '../../facts/fact.js';
import type { TrialReferralsFinding } from '../../facts/patient-facts.js';
import type { PriorReferral, PriorReferralLookup } from '../../rules/trial-catalogue.js';

/**
 * Earlier steps towards each trial, from the facts (docs/clinical-rules.md, "No repeat of what
 * is already done"). When they could not be read, every trial gets "unknown": its card still
 * shows and says nothing of it, as a possible repeat is less harmful than a missed referral.
 */
export function priorReferrals(fact: Fact<TrialReferralsFinding>): PriorReferralLookup {
  if (!fact.known) return () => ({ steps: [], unknown: fact.reason });
  const { byTrial, doubt } = fact.value;
  return (id): PriorReferral => {
    const prior = byTrial.get(id);
    const unknown = [doubt, prior?.doubt].filter((d): d is string => d !== undefined).join('; ');
    return {
      steps: (prior?.steps ?? []).map((s) => ({
        kind: s.kind,
        label: `${s.evidence.resourceType}/${s.evidence.id} (${s.status})`,
        ...(s.days !== undefined ? { days: s.days } : {}),
      })),
      ...(unknown ? { unknown } : {}),
    };
  };
}
