import { z } from 'zod';
import { LOCALES } from '../config/locale.js';
import { ConditionSchema } from './condition-schema.js';

/** Registry recruitment statuses, as ClinicalTrials.gov names them (kebab-cased). */
export const REGISTRY_STATUSES = [
  'recruiting',
  'not-yet-recruiting',
  'enrolling-by-invitation',
  'active-not-recruiting',
  'suspended',
  'terminated',
  'completed',
  'withdrawn',
  'unknown',
] as const;

/** The prefix every card summary starts with; the catalogue checks that summaries stay under 140 characters. */
export const SUMMARY_PREFIX = 'Possible trial match: ';

/** The card summary of a trial: `Possible trial match: <id>, <shortTitle>`. */
export function trialSummary(trial: { id: string; shortTitle: string }): string {
  return `${SUMMARY_PREFIX}${trial.id}, ${trial.shortTitle}`;
}

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'not a calendar date',
    },
  );

const Text = z.string().trim().min(1);

/** A study team to contact; phone and email only when the source gives them. */
export const ContactSchema = z.strictObject({
  name: Text,
  phone: Text.optional(),
  email: z.email().optional(),
});

/**
 * Where the trial's record comes from, and what it said when it was taken: the registry's word,
 * kept apart from the site's own confirmation (`site`). `npm run trials -- import` rewrites these
 * fields from a ClinicalTrials.gov record and nothing else.
 */
export const RegistrySchema = z.strictObject({
  status: z.enum(REGISTRY_STATUSES),
  startDate: IsoDate.optional(),
  /** The registry's "end date" (some registry copies name the completion date so). */
  endDate: IsoDate.optional(),
  /** When the last participant is examined for the primary outcome (ClinicalTrials.gov "primary completion"). */
  primaryCompletionDate: IsoDate.optional(),
  completionDate: IsoDate.optional(),
  /** When the registry record itself was last updated. */
  lastUpdated: IsoDate.optional(),
  /** When the record was taken from the registry into this catalogue. */
  retrievedOn: IsoDate,
  url: z.url({ protocol: /^https?$/ }),
  /** The registry's central contact, when it names one. */
  contact: ContactSchema.optional(),
});

/**
 * The site that refers patients to the trial, and its own word on recruitment, apart from the
 * registry's: `recruiting` is what the study team last told the site, on `confirmedOn`. A
 * confirmation older than SITE_CONFIRMATION_DAYS no longer counts (docs/clinical-rules.md,
 * "Recruitment status").
 */
export const SiteSchema = z
  .strictObject({
    name: Text,
    recruiting: z.boolean().optional(),
    confirmedOn: IsoDate.optional(),
    /** Whom the site's clinicians contact about the trial, when the site has a contact of its own. */
    contact: ContactSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.recruiting === undefined) !== (s.confirmedOn === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [s.recruiting === undefined ? 'recruiting' : 'confirmedOn'],
        message: 'recruiting and confirmedOn go together: what the study team said, and on which day',
      });
    }
  });

/**
 * One eligibility criterion: the registry's wording, and either a condition over the facts
 * (json-rules-engine syntax) or `manual` when structured data cannot answer it.
 * `whenNotMet: 'unknown'` makes a criterion "manual unless coded": a coded finding decides it
 * (met), but no finding only leaves it to confirm. `whenMet: 'unknown'` is the mirror: the data
 * can rule it out, never in.
 */
export const CriterionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are kebab-case'),
    type: z.enum(['inclusion', 'exclusion']),
    /**
     * Where the criterion comes from (default `registry`): a line of the registry (`text` is its wording, verbatim), or
     * the site, which adds what the study design implies but the registry does not list (a trial
     * randomising pump against MDI cannot take a patient already on a pump); `text` then says why.
     */
    source: z.enum(['registry', 'site']).optional(),
    /** The registry's wording, verbatim; for a site criterion, the reason for it. */
    text: Text,
    /** A plain restatement for the card, when the registry line is compound or unclear. */
    label: Text.optional(),
    /** A few words for the card's "why" line, where the label is too long to read at a glance. */
    shortLabel: Text.optional(),
    key: z.literal(true).optional(),
    condition: ConditionSchema.optional(),
    /**
     * Whom the criterion concerns (women of childbearing age, say): when the patient is known not
     * to meet it, the criterion is not applicable, a fourth outcome that never counts as met and
     * never blocks. Unknown leaves the criterion to be evaluated as written.
     */
    appliesWhen: ConditionSchema.optional(),
    manual: z.strictObject({ reason: Text }).optional(),
    whenNotMet: z.literal('unknown').optional(),
    whenMet: z.literal('unknown').optional(),
    /** What the clinician must confirm when whenNotMet / whenMet turns the data's answer into unknown. */
    unknownReason: Text.optional(),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!c.condition === !c.manual) issue('condition', 'a criterion needs either condition or manual (not both)');
    const softened = c.whenNotMet !== undefined || c.whenMet !== undefined;
    if (softened && !c.condition) issue('whenNotMet', 'whenNotMet / whenMet need a condition');
    if (softened && !c.unknownReason)
      issue('unknownReason', 'whenNotMet / whenMet need an unknownReason for the clinician');
    if (!softened && c.unknownReason) issue('unknownReason', 'unknownReason is only used with whenNotMet / whenMet');
    if (c.whenNotMet && c.whenMet) issue('whenMet', 'whenNotMet and whenMet together leave nothing to decide');
    if (c.key && c.type !== 'inclusion') issue('key', 'only inclusion criteria can be key');
    if (c.key && (c.manual || c.whenMet))
      issue('key', 'a key criterion must be decidable from data: it can never be met otherwise');
  });

/**
 * A trial's words in one language: its titles, and for each criterion (by id) the label the
 * card and the app show and, for a criterion the clinician confirms by hand, what to confirm.
 */
export const TrialTranslationSchema = z.strictObject({
  title: Text,
  shortTitle: Text,
  criteria: z.record(
    z.string(),
    z.strictObject({ label: Text, shortLabel: Text.optional(), confirm: Text.optional() }),
  ),
});

/** A trial catalogue entry: one file under rules/trials/. */
export const TrialSchema = z
  .strictObject({
    id: z.string().regex(/^NCT\d{8}$/, 'expected a ClinicalTrials.gov id such as NCT04270656'),
    title: Text,
    /** A few words for the card summary. */
    shortTitle: Text,
    sponsor: Text,
    site: SiteSchema,
    registry: RegistrySchema,
    /**
     * An entry imported from the registry whose criteria are not coded yet. The loader never
     * serves a draft: drafts wait in trials/drafts/, and one left in trials/ stops start-up.
     */
    draft: z.literal(true).optional(),
    /** Catalogue maintenance notes: discrepancies between registry copies, encoding decisions. */
    notes: z.array(Text).default([]),
    criteria: z.array(CriterionSchema).min(1),
    /**
     * The trial's words in other languages than the registry's English: written by the site,
     * checked at start-up for the configured CARD_LOCALE (services/trial-referral/trial-texts.ts).
     */
    translations: z.partialRecord(z.enum(LOCALES), TrialTranslationSchema).optional(),
  })
  .superRefine((t, ctx) => {
    const summary = trialSummary(t);
    if (summary.length >= 140) {
      ctx.addIssue({
        code: 'custom',
        path: ['shortTitle'],
        message: `the card summary would be ${summary.length} characters; it must stay under 140`,
      });
    }
    const seen = new Set<string>();
    for (const [i, c] of t.criteria.entries()) {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `duplicate criterion id "${c.id}"` });
      seen.add(c.id);
    }
    if (!t.draft && !t.criteria.some((c) => c.key)) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'mark at least one criterion as key: true' });
    }
  });

/** A validated trial. */
export type Trial = z.infer<typeof TrialSchema>;
/** A validated criterion. */
export type TrialCriterion = Trial['criteria'][number];
/** A registry status. */
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];
