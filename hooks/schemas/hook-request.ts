import { z } from 'zod';
import { referencedPatientId } from '../../fhir/prefetch.js';

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

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The fields every patient hook's context has: who, for whom, where. */
const PATIENT_CONTEXT = {
  userId: z.string().min(1).max(256),
  patientId: z.string().regex(FHIR_ID, 'patientId must be a FHIR id'),
  encounterId: z.string().min(1).max(64).optional(),
};

/** patient-view context. https://cds-hooks.org/hooks/patient-view/ */
export const PatientViewContextSchema = z.looseObject(PATIENT_CONTEXT);

/** The context of a patient-view call. */
export type PatientViewContext = z.infer<typeof PatientViewContextSchema>;

/**
 * draftOrders: a Bundle of the orders being written. The hook definitions require only that
 * each entry hold a resource; ids are needed to name a selection or a draft to remove, and
 * status, intent and the other order fields are not checked (the community Sandbox sends no
 * intent). https://cds-hooks.org/hooks/order-select/
 */
const DraftOrdersSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(
      z.looseObject({
        resource: z.looseObject({
          resourceType: z.string().min(1).max(64),
          id: z.string().regex(FHIR_ID, 'id must be a FHIR id').optional(),
        }),
      }),
    )
    .max(100)
    .default([]),
});

/** A reference `Type/id` as selections carry them. */
const SELECTION = z.string().regex(/^[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}$/, 'a selection is "Type/id"');

type DraftOrders = z.infer<typeof DraftOrdersSchema>;

/**
 * The checks the hook definitions imply beyond shapes: every draft order is about the patient of
 * the call (a draft naming another patient would mix two records), and every selection names a
 * draft order of the call.
 */
function checkDrafts(
  ctx: z.RefinementCtx,
  patientId: string,
  drafts: DraftOrders,
  selections: readonly string[] | undefined,
): void {
  const refs = new Set<string>();
  drafts.entry.forEach((e, i) => {
    const r = e.resource;
    if (r.id !== undefined) refs.add(`${r.resourceType}/${r.id}`);
    for (const field of ['subject', 'patient'] as const) {
      const value: unknown = r[field];
      if (value === undefined) continue;
      // Present, the subject must be a Reference that names the patient: a string, a number or a
      // reference by identifier alone could be anyone.
      const ref =
        typeof value === 'object' && value !== null ? (value as { reference?: unknown }).reference : undefined;
      if (typeof ref !== 'string') {
        ctx.addIssue({
          code: 'custom',
          path: ['draftOrders', 'entry', i, 'resource', field],
          message: `a draft order's ${field} must be a Reference to Patient/${patientId}`,
        });
        continue;
      }
      // Read as a prefetch reference is: a versioned one (Patient/<id>/_history/3) names the same patient.
      if (referencedPatientId(ref) !== patientId) {
        ctx.addIssue({
          code: 'custom',
          path: ['draftOrders', 'entry', i, 'resource', field, 'reference'],
          message: `a draft order must be for Patient/${patientId}`,
        });
      }
    }
  });
  selections?.forEach((s, i) => {
    if (!refs.has(s)) {
      ctx.addIssue({ code: 'custom', path: ['selections', i], message: `${s} is not one of the draftOrders` });
    }
  });
}

/** order-select context. https://cds-hooks.org/hooks/order-select/ */
export const OrderSelectContextSchema = z
  .looseObject({ ...PATIENT_CONTEXT, selections: z.array(SELECTION).min(1).max(100), draftOrders: DraftOrdersSchema })
  .superRefine((c, ctx) => checkDrafts(ctx, c.patientId, c.draftOrders, c.selections));

/** order-sign context. https://cds-hooks.org/hooks/order-sign/ */
export const OrderSignContextSchema = z
  .looseObject({ ...PATIENT_CONTEXT, draftOrders: DraftOrdersSchema })
  .superRefine((c, ctx) => checkDrafts(ctx, c.patientId, c.draftOrders, undefined));

/** The context of an order-select call. */
export type OrderSelectContext = z.infer<typeof OrderSelectContextSchema>;

/** The context of an order-sign call. */
export type OrderSignContext = z.infer<typeof OrderSignContextSchema>;

/** The context of any hook this service answers. */
export type HookContext = PatientViewContext | OrderSelectContext | OrderSignContext;

/** Context schemas by hook name; a service's hook must be listed here. */
export const CONTEXT_SCHEMAS = {
  'patient-view': PatientViewContextSchema,
  'order-select': OrderSelectContextSchema,
  'order-sign': OrderSignContextSchema,
} as const;

/** A hook this service knows how to validate. */
export type SupportedHook = keyof typeof CONTEXT_SCHEMAS;
