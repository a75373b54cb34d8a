const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes client text storable in PostgreSQL text and jsonb: U+0000 is removed (PostgreSQL
 * cannot hold it) and lone surrogates become U+FFFD (jsonb rejects them), so odd input is
 * stored instead of failing with a 5xx.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}
