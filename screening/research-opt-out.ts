import type { Consent, ConsentProvision } from 'fhir/r4.js';
import { referencedPatientId } from '../fhir/prefetch.js';

const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
// The purpose of use "research" (HL7 v3 ActReason HRESCH, and its kinds CLINTRCH, CLINTRCHNPC...).
const RESEARCH_PURPOSES = new Set(['HRESCH', 'CLINTRCH', 'CLINTRCHNPC', 'CLINTRCHPC', 'PATRCH', 'BIORCH']);
// Research named in words (a consent form's title): "research", "recherche".
const RESEARCH_WORDS = /\b(research|recherche)\b/i;

/** Whether a provision, or one nested in it, denies the research purpose of use. */
function deniesResearchPurpose(p: ConsentProvision | undefined, now: Date): boolean {
  if (!p) return false;
  const current =
    p.period?.end === undefined || Number.isNaN(Date.parse(p.period.end)) || Date.parse(p.period.end) >= now.getTime();
  if (
    current &&
    p.type === 'deny' &&
    (p.purpose ?? []).some((c) => c.code !== undefined && RESEARCH_PURPOSES.has(c.code))
  )
    return true;
  return (p.provision ?? []).some((nested) => deniesResearchPurpose(nested, now));
}

/**
 * Whether a Consent records that the patient refuses research use of their record: active,
 * scoped to research (http://hl7.org/fhir/R4/valueset-consent-scope.html, code `research`; some
 * EHRs say it in `category` instead), its base provision a `deny`, and not ended. A screening run
 * skips such a patient whatever the trial: the refusal is the patient's, not the trial's.
 * https://hl7.org/fhir/R4/consent.html#research
 */
export function refusesResearch(consent: Consent, now: Date): boolean {
  if (consent.status !== 'active') return false;
  // Whatever the scope, a provision (or a nested one) that denies the research purpose of use.
  if (deniesResearchPurpose(consent.provision, now)) return true;
  const codings = [...(consent.scope?.coding ?? []), ...(consent.category ?? []).flatMap((c) => c.coding ?? [])];
  const texts = [consent.scope?.text, ...(consent.category ?? []).map((c) => c.text), ...codings.map((c) => c.display)];
  const research =
    codings.some(
      (c) =>
        c.code === 'research' && (c.system === undefined || c.system === CONSENT_SCOPE || /consent/i.test(c.system)),
    ) || texts.some((t) => t !== undefined && RESEARCH_WORDS.test(t));
  if (!research || consent.provision?.type !== 'deny') return false;
  const end = consent.provision.period?.end;
  return end === undefined || Number.isNaN(Date.parse(end)) || Date.parse(end) >= now.getTime();
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A line of the opt-out list that names no patient. */
export class OptOutListError extends Error {
  override readonly name = 'OptOutListError';
}

/**
 * The site's opt-out list: one patient per line, as a bare id, `Patient/<id>`, an absolute or
 * versioned reference, or the first column of a CSV export; `#` starts a comment, blank lines are
 * skipped. A line that names no patient is refused with its number: a refusal silently dropped
 * would put that patient back on the worklist.
 */
export function parseOptOutList(text: string): Set<string> {
  const ids = new Set<string>();
  for (const [i, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const first = (line.split(/[,;\t]/)[0] ?? '').trim();
    const id = referencedPatientId(first) ?? (FHIR_ID.test(first) ? first : undefined);
    if (id === undefined) throw new OptOutListError(`line ${i + 1} names no patient (an id or Patient/<id>)`);
    ids.add(id);
  }
  return ids;
}
