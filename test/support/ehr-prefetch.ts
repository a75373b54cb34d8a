import { resolvePrefetchTemplate } from '../../fhir/prefetch-template.js';

/**
 * Fills a service's prefetch the way an EHR does: resolve each template for the patient and
 * run it against the EHR's FHIR server. Empty searches come back as empty Bundles, as real
 * EHRs (and the CDS Hooks Sandbox) send them.
 */
export async function prefetchFromFhir(
  fhirBase: string,
  templates: Readonly<Record<string, string>>,
  patientId: string,
): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(templates).map(async ([key, template]) => {
      const query = resolvePrefetchTemplate(template, { patientId, userId: 'Practitioner/example' });
      if (query === undefined) throw new Error(`template ${key} needs context the test does not give`);
      const res = await fetch(`${fhirBase}/${query}`, { headers: { accept: 'application/fhir+json' } });
      if (!res.ok) throw new Error(`prefetch ${key}: HTTP ${res.status}`);
      return [key, (await res.json()) as unknown] as const;
    }),
  );
  return Object.fromEntries(entries);
}
