import { z } from 'zod';
import { VALUE_SET_KINDS } from './value-set-schema.js';

/**
 * One code system the service knows: its canonical URI (the one value sets use), the other
 * URIs EHRs write for it, and the kinds of record it can classify on its own.
 */
export const CodeSystemSchema = z.strictObject({
  uri: z.url(),
  title: z.string().min(1),
  /** Other URIs (national editions, OIDs, spelling variants) that denote the same codes. */
  aliases: z.array(z.string().min(1)).default([]),
  /**
   * ICD-style codes: compared without dots, spaces or dagger/asterisk marks, and a code in a
   * value set also matches its sub-codes (E11 matches E11.9 and E1190).
   */
  hierarchical: z.boolean().default(false),
  /**
   * The kinds for which a coding in this system that is in no value set is known to be
   * something else. For other kinds, such a coding cannot be classified and leaves the facts
   * of that kind unknown (a local code could be a type 1 diabetes or a GLP-1 agonist).
   */
  readableFor: z.array(z.enum(VALUE_SET_KINDS)).default([]),
  /**
   * Kinds among `readableFor` whose value sets cannot list every code of the system (RxNorm has
   * a code per product and strength): a code in no value set is something else only when the
   * concept also has words to read (a display or text that names the drug); a bare code is
   * unclassified.
   */
  readableWithWordsFor: z.array(z.enum(VALUE_SET_KINDS)).default([]),
  sources: z.array(z.string().min(1)).min(1, 'cite at least one source'),
  notes: z.string().optional(),
});

/** rules/code-systems.json. */
export const CodeSystemsFileSchema = z.strictObject({
  description: z.string().optional(),
  systems: z.array(CodeSystemSchema).min(1),
});

/** A validated code system. */
export type CodeSystem = z.infer<typeof CodeSystemSchema>;
