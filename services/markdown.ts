/**
 * Escapes text that came from the EHR before it goes into a card's markdown `detail`, so
 * a display string cannot add links, images, emphasis or raw HTML to the card. EHR text is
 * never placed at the start of a line, so line-start markers (`-`, `#`, `1.`) need no escape.
 */
export function escapeMarkdown(text: string, maxLength = 200): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .slice(0, maxLength);
}

/** A resource id for a card: FHIR ids ([A-Za-z0-9-.]{1,64}) are safe as they are; anything else is escaped. */
export function safeId(id: string): string {
  return /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? id : escapeMarkdown(id);
}
