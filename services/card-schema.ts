import { z } from 'zod';

/** A FHIR Coding as used by overrideReasons. */
export const CodingSchema = z.strictObject({
  system: z.string().min(1),
  code: z.string().min(1),
  display: z.string().min(1),
});

/** One action of a suggestion. https://cds-hooks.hl7.org/2.0/#action */
export const ActionSchema = z.strictObject({
  type: z.enum(['create', 'update', 'delete']),
  description: z.string().min(1),
  resource: z.looseObject({ resourceType: z.string() }).optional(),
  resourceId: z.string().optional(),
});

/** A suggestion: a labelled set of actions the clinician can accept. */
export const SuggestionSchema = z.strictObject({
  label: z.string().min(1),
  uuid: z.uuid(),
  isRecommended: z.boolean().optional(),
  actions: z.array(ActionSchema).min(1),
});

/** A link shown on a card. */
export const LinkSchema = z.strictObject({
  label: z.string().min(1),
  url: z.url(),
  type: z.enum(['absolute', 'smart']),
  appContext: z.string().optional(),
});

/** A CDS Hooks 2.0 card. https://cds-hooks.hl7.org/2.0/#card-attributes */
export const CardSchema = z
  .strictObject({
    uuid: z.uuid(),
    summary: z.string().min(1).max(139),
    detail: z.string().optional(),
    indicator: z.enum(['info', 'warning', 'critical']),
    source: z.strictObject({
      label: z.string().min(1),
      url: z.url().optional(),
      icon: z.url().optional(),
      topic: z.strictObject({ system: z.string(), code: z.string(), display: z.string() }).optional(),
    }),
    suggestions: z.array(SuggestionSchema).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(CodingSchema).optional(),
    links: z.array(LinkSchema).optional(),
  })
  .refine((c) => !c.suggestions?.length || c.selectionBehavior !== undefined, {
    message: 'selectionBehavior is required when a card has suggestions',
    path: ['selectionBehavior'],
  });

/** A card as sent to the EHR. */
export type Card = z.infer<typeof CardSchema>;

/** The body of a service response. */
export const CardsResponseSchema = z.strictObject({
  cards: z.array(CardSchema),
  systemActions: z.array(ActionSchema).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
});

/** The body of a service response. */
export type CardsResponse = z.infer<typeof CardsResponseSchema>;
