import type { Consent } from 'fhir/r4.js';

const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';

/**
 * Whether a Consent records that the patient refuses research use of their record: active,
 * scoped to research (http://hl7.org/fhir/R4/valueset-consent-scope.html, code `research`; some
 * EHRs say it in `category` instead), its base provision a `deny`, and not ended. A screening run
 * skips such a patient whatever the trial: the refusal is the patient's, not the trial's.
 * https://hl7.org/fhir/R4/consent.html#research
 */
export function refusesResearch(consent: Consent, now: Date): boolean {
  if (consent.status !== 'active') return false;
  const codings = [...(consent.scope?.coding ?? []), ...(consent.category ?? []).flatMap((c) => c.coding ?? [])];
  const research = codings.some(
    (c) => c.code === 'research' && (c.system === undefined || c.system === CONSENT_SCOPE || /consent/i.test(c.system)),
  );
  if (!research || consent.provision?.type !== 'deny') return false;
  const end = consent.provision.period?.end;
  return end === undefined || Number.isNaN(Date.parse(end)) || Date.parse(end) >= now.getTime();
}

/**
 * The site's opt-out list: one patient per line (`Patient/<id>` or the bare id); blank lines and
 * lines starting with `#` are comments.
 */
export function parseOptOutList(text: string): Set<string> {
  const ids = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    ids.add(line.replace(/^Patient\//, ''));
  }
  return ids;
}
