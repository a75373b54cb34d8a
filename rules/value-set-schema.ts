import { z } from 'zod';

/** One code in a value set; `prefix` matches ICD or ATC codes that start with it. */
export const ValueSetConceptSchema = z.strictObject({
  system: z.url(),
  code: z.string().min(1),
  display: z.string().optional(),
  match: z.enum(['exact', 'prefix']).default('exact'),
  verification: z.enum(['V', 'C', 'U']),
});

/** A value set file under rules/valuesets/. */
export const ValueSetSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are kebab-case'),
  title: z.string().min(1),
  kind: z.enum(['condition', 'observation', 'medication', 'device', 'procedure']),
  sources: z.array(z.string().min(1)).min(1, 'cite at least one source'),
  notes: z.string().optional(),
  concepts: z.array(ValueSetConceptSchema).min(1),
  names: z.array(z.string().min(2)).optional(),
});

/** A validated value set. */
export type ValueSet = z.infer<typeof ValueSetSchema>;
/** One concept of a value set. */
export type ValueSetConcept = z.infer<typeof ValueSetConceptSchema>;
