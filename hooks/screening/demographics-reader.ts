import type { Patient } from 'fhir/r4.js';
import type { Config } from '../../config/config.js';
import { FhirFetchError, type PatientDataSource } from '../../fhir/data-source.js';
import { createBackendTokenProvider, type BackendTokenProvider } from '../../screening/auth/backend-token.js';
import { readJwksFile } from '../../screening/auth/jwks-file.js';
import { demographicsOf, type PatientDemographics } from './patient-demographics.js';

/** A coordinator waits for this page: a little more than a hook call's FHIR deadline. */
const MIN_TIMEOUT_MS = 5000;

/** The demographics, or why they could not be read (said on the page; the candidate is still shown). */
export type DemographicsAnswer =
  | { readonly available: true; readonly patient: PatientDemographics }
  | { readonly available: false; readonly reason: 'not-configured' | 'not-found' | 'refused' | 'unreachable' };

/**
 * Reads a candidate's Patient resource from the FHIR server screening runs read
 * (SCREENING_FHIR_URL, the sandbox's /fhir in sandbox mode), with the service's FHIR client (the
 * hooks' fallback: deadline, no redirects, errors that never hold a token) and, when the runs
 * authenticate with SMART Backend Services, with the same client's token.
 */
export class DemographicsReader {
  private tokens: Promise<BackendTokenProvider> | undefined;

  constructor(
    private readonly config: Pick<Config, 'screening' | 'fhir'>,
    private readonly dataSource: PatientDataSource,
  ) {}

  private token(): Promise<string> | undefined {
    const client = this.config.screening.backendClient;
    const fhirBaseUrl = this.config.screening.fhirUrl;
    if (!client || !fhirBaseUrl) return undefined;
    this.tokens ??= readJwksFile(client.jwksFile).then(
      (jwks) => createBackendTokenProvider({ fhirBaseUrl, clientId: client.clientId, jwks }),
      (err: unknown) => {
        this.tokens = undefined; // a key file fixed later is read again
        throw err;
      },
    );
    return this.tokens.then((t) => t.token());
  }

  private async readOnce(id: string): Promise<Patient | undefined> {
    const baseUrl = this.config.screening.fhirUrl!;
    const accessToken = await this.token();
    const result = await this.dataSource.fetchQueries(
      {
        baseUrl,
        ...(accessToken ? { accessToken } : {}),
        deadline: AbortSignal.timeout(Math.max(MIN_TIMEOUT_MS, this.config.fhir.timeoutMs)),
      },
      new Map([['patient', `Patient/${encodeURIComponent(id)}`]]),
    );
    return result.get('patient')?.resources.find((r): r is Patient => r.resourceType === 'Patient');
  }

  async read(patientRef: string): Promise<DemographicsAnswer> {
    if (!this.config.screening.fhirUrl) return { available: false, reason: 'not-configured' };
    const id = patientRef.replace(/^Patient\//, '');
    for (let attempt = 0; ; attempt++) {
      try {
        const patient = await this.readOnce(id);
        return patient
          ? { available: true, patient: demographicsOf(patient) }
          : { available: false, reason: 'not-found' };
      } catch (err) {
        if (err instanceof FhirFetchError && err.status === 404) return { available: false, reason: 'not-found' };
        if (err instanceof FhirFetchError && err.kind === 'unauthorized') {
          // A backend token the server no longer takes: ask for a new one, once.
          if (attempt === 0 && this.tokens) {
            (await this.tokens).invalidate();
            continue;
          }
          return { available: false, reason: 'refused' };
        }
        if (err instanceof FhirFetchError) return { available: false, reason: 'unreachable' };
        if (err instanceof Error && err.name === 'BackendAuthError') return { available: false, reason: 'refused' };
        throw err;
      }
    }
  }
}
