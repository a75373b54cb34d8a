import { z } from 'zod';

/**
 * fhirAuthorization, as CDS Hooks 2.0 defines it.
 * https://cds-hooks.hl7.org/2.0/#passing-the-access-token-to-the-cds-service
 */
export const FhirAuthorizationSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'token_type must be "Bearer"'),
  expires_in: z.number().int().nonnegative(),
  scope: z.string().min(1),
  subject: z.string().min(1),
  patient: z.string().optional(),
});

/** A prefetch value: a FHIR resource (often a Bundle or an OperationOutcome), or null. */
export const PrefetchValueSchema = z.union([z.null(), z.looseObject({ resourceType: z.string().min(1).max(64) })]);

/** The hook-independent part of a CDS Hooks 2.0 request. https://cds-hooks.hl7.org/2.0/#http-request_1 */
export const HookRequestSchema = z
  .looseObject({
    hook: z.string().min(1).max(128),
    hookInstance: z.uuid(),
    fhirServer: z.url({ protocol: /^https?$/ }).optional(),
    fhirAuthorization: FhirAuthorizationSchema.nullable().optional(),
    context: z.looseObject({}),
    prefetch: z.record(z.string().max(128), PrefetchValueSchema).nullable().optional(),
  })
  .superRefine((req, ctx) => {
    // "If fhirAuthorization is provided, this field [fhirServer] is REQUIRED."
    if (req.fhirAuthorization && !req.fhirServer) {
      ctx.addIssue({
        code: 'custom',
        path: ['fhirServer'],
        message: 'fhirServer is required when fhirAuthorization is present',
      });
    }
  });

/** A validated CDS Hooks request. */
export type HookRequest = z.infer<typeof HookRequestSchema>;

/** patient-view context. https://cds-hooks.org/hooks/patient-view/ */
export const PatientViewContextSchema = z.looseObject({
  userId: z.string().min(1).max(256),
  patientId: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'patientId must be a FHIR id'),
  encounterId: z.string().min(1).max(64).optional(),
});

/** The context of a patient-view call. */
export type PatientViewContext = z.infer<typeof PatientViewContextSchema>;

/** Context schemas by hook name; a service's hook must be listed here. */
export const CONTEXT_SCHEMAS = {
  'patient-view': PatientViewContextSchema,
} as const;

/** A hook this service knows how to validate. */
export type SupportedHook = keyof typeof CONTEXT_SCHEMAS;
