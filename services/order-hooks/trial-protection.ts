import type { Coding } from 'fhir/r4.js';
import type { RuleFacts } from '../../facts/rule-facts.js';
import type { TrialCatalogue, TrialOutcome } from '../../rules/trial-catalogue.js';
import type { CriterionOutcome } from '../../rules/trial-criterion.js';
import type { Fact } from '../../facts/fact.js';
import type { TrialReferralsFinding } from '../../facts/patient-facts.js';
import { randomUUID } from 'node:crypto';
import type { Card } from '../card-schema.js';
import { itemsText } from '../card-text.js';
import type { CardMessages } from '../message-keys.js';
import type { DraftMedication } from '../service.js';
import type { ProposedCard } from '../service.js';
import { escapeMarkdown } from '../markdown.js';
import { summaryDrugName } from './drug-name.js';
import { catalogueMarkdown } from '../trial-referral/checklist.js';
import { priorReferrals } from '../trial-referral/prior-referrals.js';
import { buildTrialCard } from '../trial-referral/trial-card.js';
import type { TrialTexts } from '../trial-referral/trial-texts.js';

/** What the trial-protection cards are built from, all loaded at start-up. */
export interface TrialProtectionDeps {
  readonly catalogue: TrialCatalogue;
  readonly texts: ReadonlyMap<string, TrialTexts>;
  readonly messages: CardMessages;
  readonly overrideReasons: readonly Coding[];
  readonly eligibilityAppUrl?: string;
}

/** The facts a protection card reads: the rules' view, and the earlier steps towards each trial. */
export interface ProtectionFacts {
  readonly rule: RuleFacts;
  readonly trialReferrals: Fact<TrialReferralsFinding>;
}

// A leaf of a medication value set: `medication.glp1-agonists`, `medication.amiodarone.startedDays`.
const MEDICATION_LEAF = /^medication\.([^.]+)/;

/** The medication value sets whose leaves are met in a criterion. */
function metMedicationSets(c: CriterionOutcome): Set<string> {
  const sets = new Set<string>();
  for (const leaf of c.leaves) {
    const set = MEDICATION_LEAF.exec(leaf.condition.fact)?.[1];
    if (set && leaf.status === 'met' && !c.negated.has(leaf.condition)) sets.add(set);
  }
  return sets;
}

/** One exclusion the drafts would meet, and the drafts that would meet it. */
interface Exclusion {
  readonly criterion: CriterionOutcome;
  readonly drafts: readonly DraftMedication[];
}

/**
 * Exclusions of a trial met with the drafts and not without them, each with the drafts of a
 * medication value set its met leaves name. An exclusion met for another reason (a replaced
 * order, a date crossing) names no draft and gets no card: the card must name the drug.
 */
function newlyMet(before: TrialOutcome, after: TrialOutcome, drafts: readonly DraftMedication[]): Exclusion[] {
  const was = new Map(before.criteria.map((c) => [c.criterion.id, c.status]));
  return after.criteria.flatMap((c) => {
    if (c.criterion.type !== 'exclusion' || c.status !== 'met' || was.get(c.criterion.id) === 'met') return [];
    const sets = metMedicationSets(c);
    const named = drafts.filter((d) => d.valueSets.some((id) => sets.has(id)));
    return named.length > 0 ? [{ criterion: c, drafts: named }] : [];
  });
}

/**
 * Cards that protect a trial candidacy at the order (docs/order-hooks.md, "Trial candidacy at
 * the order"): the trial card would fire for the record as it is, and the drafts would meet an
 * exclusion criterion. The card names the trial, the criterion and the drug, and offers to
 * refer first (the trial card's own referral) or to remove the draft, never recommended: the
 * prescriber may have good reasons for the drug.
 */
export function trialProtectionCards(
  deps: TrialProtectionDeps,
  before: ProtectionFacts,
  after: ProtectionFacts,
  drafts: readonly DraftMedication[],
  patientId: string,
  now: Date,
): ProposedCard[] {
  const relevant = drafts.filter((d) => d.valueSets.length > 0);
  if (relevant.length === 0) return [];
  const firing = deps.catalogue.matches(before.rule, now, priorReferrals(before.trialReferrals));
  if (firing.length === 0) return [];
  const afterById = new Map(
    deps.catalogue.evaluateAll(after.rule, now, priorReferrals(after.trialReferrals)).map((o) => [o.trial.id, o]),
  );
  const m = deps.messages;
  return firing.flatMap((outcome): ProposedCard[] => {
    const next = afterById.get(outcome.trial.id);
    const exclusions = next ? newlyMet(outcome, next, relevant) : [];
    if (exclusions.length === 0) return [];
    const texts = deps.texts.get(outcome.trial.id)!;
    const trialCard = buildTrialCard(outcome, before.rule, {
      patientId,
      now,
      overrideReasons: deps.overrideReasons,
      messages: m,
      texts,
      ...(deps.eligibilityAppUrl ? { eligibilityAppUrl: deps.eligibilityAppUrl } : {}),
    });
    const culprits = [...new Map(exclusions.flatMap((e) => e.drafts).map((d) => [d.reference ?? d.label, d])).values()];
    const names = [...new Set(culprits.map((d) => d.label))];
    // The drug names come from the EHR: plain in labels, escaped in the markdown detail.
    const drug = itemsText(m, names);
    const drugMarkdown = itemsText(
      m,
      names.map((n) => escapeMarkdown(n, 80)),
    );
    const criterion = itemsText(
      m,
      exclusions.map((e) => catalogueMarkdown(texts.shortLabel(e.criterion.criterion))),
    );
    const referral = trialCard.suggestions?.[0];
    const removable = culprits.filter((d): d is DraftMedication & { reference: string } => d.reference !== undefined);
    const suggestions: NonNullable<Card['suggestions']> = [
      ...(referral
        ? [
            {
              label: m.t('order.protectRefer', { id: outcome.trial.id, drug }),
              uuid: randomUUID(),
              actions: referral.actions,
            },
          ]
        : []),
      ...(removable.length > 0
        ? [
            {
              label: m.t('order.protectRemove', { drug }),
              uuid: randomUUID(),
              isRecommended: false,
              actions: removable.map((d) => ({
                type: 'delete' as const,
                description: m.t('order.protectRemoveAction', { drug: d.label }),
                resourceId: d.reference,
              })),
            },
          ]
        : []),
    ];
    const card: Card = {
      uuid: randomUUID(),
      summary: m.t('order.protectSummary', { drug: summaryDrugName(culprits[0]!.label), id: outcome.trial.id }),
      // A warning only when the site itself has said lately that it recruits (as on the trial card).
      indicator: outcome.recruitment.status === 'confirmed' ? 'warning' : 'info',
      detail: [
        m.t('order.protectDetail', {
          title: catalogueMarkdown(texts.shortTitle),
          id: outcome.trial.id,
          drug: drugMarkdown,
          criterion,
        }),
        m.t('order.protectChoice', { drug: drugMarkdown }),
      ].join('\n\n'),
      source: trialCard.source,
      suggestions,
      selectionBehavior: 'at-most-one',
      ...(trialCard.overrideReasons ? { overrideReasons: trialCard.overrideReasons } : {}),
      ...(trialCard.links ? { links: trialCard.links } : {}),
    };
    return [
      {
        key: `trial:${outcome.trial.id}`,
        kind: 'trial-referral',
        trialId: outcome.trial.id,
        matchedRules: exclusions.map((e) => e.criterion.criterion.id),
        card,
      },
    ];
  });
}
