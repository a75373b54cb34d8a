import { asList, asObject, asString } from './json-value.js';

// A report's attached text is read only when small: a whole discharge letter is not a result.
const MAX_ATTACHED_BASE64 = 20_000;

/**
 * The plain text of a report's attached documents (`DiagnosticReport.presentedForm`): base64
 * `data` whose content type is text/*, decoded as UTF-8. A PDF or an image is not read, nor a
 * document given only by URL (the service fetches nothing more than the report). Some EHRs send a
 * report's whole text there and leave `conclusion` empty.
 */
export function attachedTexts(r: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const item of asList(r.presentedForm) ?? []) {
    const a = asObject(item);
    const data = asString(a?.data);
    if (data && data.length <= MAX_ATTACHED_BASE64 && asString(a?.contentType)?.startsWith('text/'))
      out.push(Buffer.from(data, 'base64').toString('utf8'));
  }
  return out;
}

/** The titles of a report's attached documents ("Compte rendu d'HbA1c"). */
export function attachedTitles(r: Record<string, unknown>): string[] {
  return (asList(r.presentedForm) ?? []).map((item) => asString(asObject(item)?.title)).filter((t) => t !== undefined);
}
