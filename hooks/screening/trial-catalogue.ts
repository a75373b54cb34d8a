import type { CdsService } from '../../services/service.js';

/** A trial as the worklist names it, with its criteria's labels, in CARD_LOCALE. */
export interface WorklistTrial {
  readonly id: string;
  readonly title: string;
  /** Criterion id → its label in the catalogue (the eligibility checklist's wording). */
  readonly criteria: Readonly<Record<string, { readonly label: string; readonly type: string }>>;
}

/**
 * The trials of the catalogue, from the service that screens them (trial-referral: `trialIds`),
 * named and labelled through its published eligibility checklist (a FHIR Questionnaire whose
 * items are the criteria, linkId the criterion id), so the worklist says what the cards and the
 * eligibility app say. Built once: the catalogue does not change while the service runs.
 */
export function worklistTrials(services: readonly CdsService[]): WorklistTrial[] {
  const trials: WorklistTrial[] = [];
  for (const service of services) {
    if (!service.screen || service.definition.hook !== 'patient-view') continue;
    for (const id of service.trialIds ?? []) {
      const q = service.questionnaire?.(id, `urn:screening-worklist:${id}`);
      trials.push({
        id,
        title: q?.code?.[0]?.display ?? id,
        criteria: Object.fromEntries(
          (q?.item ?? []).map((i) => [i.linkId, { label: i.text ?? i.linkId, type: i.prefix ?? '' }]),
        ),
      });
    }
  }
  return trials;
}
