/** The context values a prefetch template may refer to. */
export type TemplateContext = Readonly<Record<string, string | undefined>>;

const TOKEN = /\{\{\s*context\.([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Fills `{{context.x}}` tokens in a prefetch template, URL-encoding each value.
 * Returns undefined when the template names a context field the hook did not supply.
 * https://cds-hooks.hl7.org/2.0/#prefetch-tokens
 */
export function resolvePrefetchTemplate(template: string, context: TemplateContext): string | undefined {
  let missing = false;
  const out = template.replace(TOKEN, (_all, name: string) => {
    const value = context[name];
    if (value === undefined || value === '') {
      missing = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return missing ? undefined : out;
}

/** The resource type a prefetch query reads: `Patient/{{...}}` → Patient, `Condition?...` → Condition. */
export function queryResourceType(query: string): string {
  const m = /^([A-Z][A-Za-z]+)/.exec(query);
  if (!m?.[1]) throw new Error(`prefetch query does not start with a resource type: ${query}`);
  return m[1];
}
