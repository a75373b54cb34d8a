/**
 * Splits a FHIRPath union at its top-level `|` operators, leaving those inside
 * parentheses, brackets or string literals alone.
 */
export function splitTopLevelUnion(expression: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '|' && depth === 0) {
      terms.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  terms.push(expression.slice(start).trim());
  return terms.filter((t) => t.length > 0);
}

/**
 * Keeps only the terms of a multi-base search parameter's expression that apply to one
 * resource type. FHIR R4 shares parameters such as `patient`, `code` and `date` between
 * some 20 types with one big union; evaluating the whole union for every resource is what
 * makes in-memory search slow. Returns the expression unchanged when no term names the type.
 */
export function expressionForBase(expression: string, base: string): string {
  const terms = splitTopLevelUnion(expression);
  if (terms.length < 2) return expression;
  const own = terms.filter((t) => t.startsWith(`${base}.`) || t.startsWith(`(${base}.`));
  return own.length > 0 ? own.join(' | ') : expression;
}
