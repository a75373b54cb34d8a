import type { Config } from '../config/config.js';
import type { Composition } from '../hooks/compose.js';

/** The patient the banner's curl example asks about: the main positive fixture. */
const EXAMPLE_PATIENT = 'pump-positive-main';

/** What `npm start` prints once listening: where everything is, and a call to try. */
export function startupBanner(config: Config, port: number, composition: Composition): string {
  const base = config.port === 0 ? `http://${config.host}:${port}` : config.publicBaseUrl;
  const lines = [
    '',
    `diabetes-cds-hooks is listening on http://${config.host}:${port}`,
    `  CDS discovery:    ${base}/cds-services`,
    `  Services:         ${composition.rules.services.map((s) => s.definition.id).join(', ')}`,
  ];
  if (composition.sandbox) {
    lines.push(
      `  Sandbox FHIR:     ${base}/fhir  (${composition.sandbox.patientCount} synthetic patients)`,
      `  EHR page:         ${base}/`,
      '',
      'Try the FHIR path (no prefetch; the service reads the sandbox store itself):',
      '',
      `  curl -s -X POST ${base}/cds-services/pump-evaluation \\`,
      `    -H 'Content-Type: application/json' \\`,
      `    -d '{"hook":"patient-view","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",` +
        `"fhirServer":"${base}/fhir","context":{"userId":"Practitioner/example","patientId":"${EXAMPLE_PATIENT}"}}'`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
