import { parseFhirPath, type AtomContext, type FhirPathAtom, type TypedValue } from '@medplum/core';

/**
 * A search parameter's FHIRPath expression that parses itself once. medplum's matcher
 * calls `evalFhirPathTyped(searchParam.expression, …)`, which re-parses a string on
 * every call (most of the cost of an in-memory search) but evaluates any non-string as
 * an already parsed expression. This is still a String for every other reader, and
 * evaluates like the FhirPathAtom it parses to, on first use.
 */
export class ParsedExpression extends String {
  private atom: FhirPathAtom | undefined;

  /** Evaluates the parsed expression (the FhirPathAtom interface). */
  eval(context: AtomContext, input: TypedValue[]): TypedValue[] {
    this.atom ??= parseFhirPath(this.valueOf());
    return this.atom.eval(context, input);
  }
}

/** Wraps an expression string so that medplum evaluates it without re-parsing. */
export function preParsed(expression: string): string {
  return new ParsedExpression(expression) as unknown as string;
}
