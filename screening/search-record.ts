import { FhirFetchError, type PatientDataSource } from '../fhir/data-source.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { loadPatientRecord } from '../fhir/record-loader.js';
import { BulkExportError } from './bulk/bulk-export-error.js';
import type { TokenSource } from './bulk/token-source.js';

/** The patient's Consents, read beside the record to find a research opt-out. */
export const CONSENT_TEMPLATE = 'Consent?patient={{context.patientId}}';

/**
 * One patient's record read through FHIR search, with the templates of the hooks' prefetch
 * (and the Consents): the path a patient-view call takes when the EHR sends no prefetch. A
 * refused token is renewed once; refused again, the run stops (`unauthorized`).
 */
export async function recordBySearch(
  patientId: string,
  options: {
    readonly baseUrl: string;
    readonly templates: Readonly<Record<string, string>>;
    readonly tokens: TokenSource;
    readonly dataSource: PatientDataSource;
  },
): Promise<PatientRecord> {
  for (let attempt = 0; ; attempt++) {
    const accessToken = await options.tokens.token();
    try {
      const { record } = await loadPatientRecord({
        patientId,
        templates: { ...options.templates, consents: CONSENT_TEMPLATE },
        context: { patientId },
        access: () => ({ baseUrl: options.baseUrl, ...(accessToken ? { accessToken } : {}) }),
        source: options.dataSource,
      });
      return record;
    } catch (err) {
      if (!(err instanceof FhirFetchError) || err.kind !== 'unauthorized') throw err;
      if (attempt > 0 || !accessToken)
        throw new BulkExportError('unauthorized', `the FHIR server refused the token (${err.message})`);
      options.tokens.invalidate();
    }
  }
}
