import type { FhirResource } from 'fhir/r4.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import type { FhirAccess, PatientDataSource } from '../fhir/data-source.js';
import type { TemplateContext } from '../fhir/prefetch-template.js';

/**
 * Where a patient's record comes from:
 * - `request`: a CDS Hooks call's prefetch, topped up from its FHIR server (the HTTP hooks; the
 *   evaluate CLI, with no prefetch, reads everything from the server);
 * - `resources`: resources in hand, a whole record (a Bundle file);
 * - `record`: a record already put together (population screening reads it from a bulk export
 *   through the services' record view, screening/record-view.ts).
 */
export type RecordSource =
  | {
      readonly kind: 'request';
      readonly prefetch?: Readonly<Record<string, unknown>>;
      readonly context: TemplateContext;
      /** How to reach the FHIR server, asked for only when a read is needed. */
      readonly access?: () => FhirAccess;
      readonly dataSource?: PatientDataSource;
    }
  | {
      readonly kind: 'resources';
      readonly resources: readonly FhirResource[];
      /** Why the resources are only part of the record (a Bundle file's next page), if they are. */
      readonly incomplete?: string;
    }
  | { readonly kind: 'record'; readonly record: PatientRecord };
