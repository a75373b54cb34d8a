import { z } from 'zod';

/**
 * The complete-status manifest of a bulk export.
 * https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status
 */
export const BulkManifestSchema = z.object({
  transactionTime: z.string(),
  request: z.string(),
  requiresAccessToken: z.boolean(),
  output: z.array(z.object({ type: z.string(), url: z.string().url(), count: z.number().int().optional() })),
  error: z.array(z.object({ type: z.string(), url: z.string().url() })).default([]),
});

export type BulkManifest = z.infer<typeof BulkManifestSchema>;
