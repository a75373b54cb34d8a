import { asList, asObject, asString } from './json-value.js';

/** The texts of a list of FHIR Annotations (`note` of a Condition, an order, a statement), blank ones left out. */
export function annotationTexts(notes: unknown): string[] {
  return (asList(notes) ?? []).flatMap((n) => {
    const text = asString(asObject(n)?.text);
    return text ? [text] : [];
  });
}
