import { contactLine } from './trial-recruitment.js';
import { ContactSchema, type Trial } from './trial-schema.js';

/**
 * A site confirmation as a study coordinator records it (`npm run trials -- confirm`): what the
 * study team told the site, on which day, and whom to contact. It changes the `site` block of a
 * catalogue entry only; the registry's word stays apart (docs/clinical-rules.md, "Recruitment
 * status").
 */
export interface SiteConfirmation {
  readonly recruiting: boolean;
  /** `YYYY-MM-DD`, checked by the caller (a calendar day, not after today). */
  readonly confirmedOn: string;
  /** The contact fields given; absent ones are kept from the site's contact when it is the same person. */
  readonly contact?: { readonly name?: string; readonly phone?: string; readonly email?: string };
}

/** A confirmation that cannot be applied to this site (the message says what to give instead). */
export class SiteConfirmationError extends Error {
  override readonly name = 'SiteConfirmationError';
}

type Contact = NonNullable<Trial['site']['contact']>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The site's contact after the confirmation. A new name is a new person: their phone and email
 * are the ones given, never the previous contact's. Phone or email alone (or with the same name)
 * update the current contact, as a coordinator correcting a number should not have to retype the
 * rest. Nothing given leaves the contact as it was.
 */
function contactAfter(current: unknown, given: SiteConfirmation['contact']): unknown {
  const fields = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) as Partial<Contact>;
  if (Object.keys(fields).length === 0) return current;
  const currentName = isObject(current) ? current.name : undefined;
  if (fields.name !== undefined && fields.name !== currentName) return fields;
  if (!isObject(current)) {
    throw new SiteConfirmationError(
      'the site has no contact yet: give --contact-name with --contact-phone / --contact-email',
    );
  }
  return { ...current, ...fields };
}

/**
 * The `site` block with the confirmation applied, keys in the schema's order (name, recruiting,
 * confirmedOn, contact) so that every confirmed file reads alike; keys the schema does not know
 * are kept for TrialSchema to reject, naming them, rather than dropped silently.
 */
export function confirmedSite(site: unknown, confirmation: SiteConfirmation): Json {
  const before = isObject(site) ? site : {};
  const contact = contactAfter(before.contact, confirmation.contact);
  const others = Object.fromEntries(
    Object.entries(before).filter(([k]) => !['name', 'recruiting', 'confirmedOn', 'contact'].includes(k)),
  );
  return {
    name: before.name,
    recruiting: confirmation.recruiting,
    confirmedOn: confirmation.confirmedOn,
    ...(contact === undefined ? {} : { contact }),
    ...others,
  };
}

function show(key: string, v: unknown): string {
  if (v === undefined) return '(none)';
  if (key === 'recruiting' && typeof v === 'boolean') return v ? 'yes' : 'no';
  // Before validation a contact may be anything; a well-formed one reads as on the card.
  if (key === 'contact') {
    const contact = ContactSchema.safeParse(v);
    return contact.success ? contactLine(contact.data) : JSON.stringify(v);
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** What changed in the site block, one line each (`site.recruiting: (none) → yes`), for the user. */
export function siteChanges(before: unknown, after: Json): string[] {
  const old = isObject(before) ? before : {};
  const out: string[] = [];
  for (const k of new Set([...Object.keys(old), ...Object.keys(after)])) {
    if (JSON.stringify(old[k]) !== JSON.stringify(after[k]))
      out.push(`site.${k}: ${show(k, old[k])} → ${show(k, after[k])}`);
  }
  return out;
}
