import { join } from 'node:path';
import { z } from 'zod';
import { LOCALES, SOURCE_LOCALE, type Locale } from '../config/locale.js';
import { readJsonFile } from './json-file.js';
import { RulesError } from './rules-error.js';

/** The card kinds an override reason can be offered on. */
export const CARD_KINDS = ['pump-evaluation', 'trial-referral'] as const;

/** A card kind, as in services/service.ts ProposedCard.kind. */
export type CardKind = (typeof CARD_KINDS)[number];

const days = z.number().int().min(0).max(3650);

const OverrideReasonSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'codes are kebab-case'),
  display: z.string().min(1).max(120),
  /** The display in other languages than English, for cards in CARD_LOCALE. */
  translations: z.partialRecord(z.enum(LOCALES), z.string().min(1).max(120)).optional(),
  suppressDays: days,
  appliesTo: z
    .array(z.enum(CARD_KINDS))
    .min(1)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'kinds must not repeat'),
});

/** rules/feedback-policy.json: the override reasons cards offer and how long feedback suppresses a card. */
export const FeedbackPolicySchema = z
  .strictObject({
    /** The Coding system of our override reasons (CDS Hooks 2.0 Card.overrideReasons). */
    overrideReasonSystem: z.string().min(1).max(256),
    /** Days an accepted card is not shown again for the same patient. */
    acceptedSuppressDays: days,
    /** Days for an override whose reason is absent or not one of ours. */
    defaultSuppressDays: days,
    overrideReasons: z.array(OverrideReasonSchema).min(1),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.overrideReasons.forEach((r, i) => {
      if (seen.has(r.code))
        ctx.addIssue({ code: 'custom', path: ['overrideReasons', i, 'code'], message: `duplicate code ${r.code}` });
      seen.add(r.code);
    });
  });

/** A validated feedback policy. */
export type FeedbackPolicy = z.infer<typeof FeedbackPolicySchema>;

/** A CDS Hooks Coding offered in Card.overrideReasons. https://cds-hooks.hl7.org/2.0/#overridereason */
export interface OverrideReasonCoding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

/** The file name of the policy inside the rules folder. */
export const FEEDBACK_POLICY_FILE = 'feedback-policy.json';

/** Loads and validates `<rulesDir>/feedback-policy.json`; a RulesError names the file and field. */
export function loadFeedbackPolicy(rulesDir: string): FeedbackPolicy {
  return readJsonFile(join(rulesDir, FEEDBACK_POLICY_FILE), FeedbackPolicySchema);
}

/**
 * The override reasons a card of this kind offers, as Codings for Card.overrideReasons, their
 * display in `locale`. A reason with no display in that locale stops start-up naming it.
 */
export function overrideReasonsFor(
  policy: FeedbackPolicy,
  kind: CardKind,
  locale: Locale = SOURCE_LOCALE,
): OverrideReasonCoding[] {
  return policy.overrideReasons.flatMap((r, i) => {
    if (!r.appliesTo.includes(kind)) return [];
    const display = locale === SOURCE_LOCALE ? r.display : r.translations?.[locale];
    if (display === undefined) {
      throw new RulesError(
        FEEDBACK_POLICY_FILE,
        `overrideReasons[${i}].translations.${locale}`,
        `missing ${locale} display`,
      );
    }
    return [{ system: policy.overrideReasonSystem, code: r.code, display }];
  });
}

/** How long one feedback item holds the card back, and the reason recorded for it. */
export interface SuppressionRule {
  readonly days: number;
  /** `accepted`, the override reason code, or `unspecified` when none was given. */
  readonly reason: string;
}

/**
 * The suppression a feedback item implies. A reason code counts as ours when its system is
 * ours or absent; any other override falls back to `defaultSuppressDays`.
 */
export function suppressionFor(
  policy: FeedbackPolicy,
  outcome: 'accepted' | 'overridden',
  reason?: { readonly code: string; readonly system?: string },
): SuppressionRule {
  if (outcome === 'accepted') return { days: policy.acceptedSuppressDays, reason: 'accepted' };
  if (!reason) return { days: policy.defaultSuppressDays, reason: 'unspecified' };
  const ours = reason.system === undefined || reason.system === policy.overrideReasonSystem;
  const known = ours ? policy.overrideReasons.find((r) => r.code === reason.code) : undefined;
  return { days: known?.suppressDays ?? policy.defaultSuppressDays, reason: reason.code };
}
