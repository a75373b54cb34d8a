import type { CodeableConcept, Reference, ServiceRequest } from 'fhir/r4.js';

/** What a draft referral says. */
export interface ReferralDraft {
  readonly patientId: string;
  /** What is being requested, in words (ServiceRequest.code.text). */
  readonly what: string;
  readonly reasonCodes?: readonly CodeableConcept[];
  readonly reasonReferences?: readonly string[];
  readonly note: string;
  readonly identifier?: { readonly system: string; readonly value: string };
  readonly authoredOn: Date;
}

/** SNOMED CT 3457005 "Patient referral (procedure)", the category of every referral we draft. */
const REFERRAL_CATEGORY = { system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' };

/**
 * A draft referral ServiceRequest (status draft, intent proposal) for a suggestion's
 * create action; the clinician completes and signs it in the EHR.
 */
export function draftReferral(d: ReferralDraft): ServiceRequest {
  const reasons: Reference[] = (d.reasonReferences ?? []).map((reference) => ({ reference }));
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    category: [{ coding: [REFERRAL_CATEGORY] }],
    code: { text: d.what },
    subject: { reference: `Patient/${d.patientId}` },
    authoredOn: d.authoredOn.toISOString(),
    ...(d.identifier ? { identifier: [{ system: d.identifier.system, value: d.identifier.value }] } : {}),
    ...(d.reasonCodes?.length ? { reasonCode: [...d.reasonCodes] } : {}),
    ...(reasons.length ? { reasonReference: reasons } : {}),
    note: [{ text: d.note }],
  };
}
