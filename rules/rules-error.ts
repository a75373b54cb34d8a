import type { z } from 'zod';

/** A rule, value set or trial file that cannot be used; the message names the file and the field. */
export class RulesError extends Error {
  override readonly name = 'RulesError';
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
  }
}

/** Formats a zod issue path the way people write it: `criteria[3].condition.all[0].fact`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

interface FlatIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/**
 * The most specific problem inside an issue. For a union (e.g. a condition that is a leaf
 * or an all/any/not node) zod reports every branch; the branch that got furthest into the
 * data, judged by the longest path, is the one the author meant.
 */
function mostSpecific(issue: z.core.$ZodIssue, base: PropertyKey[]): FlatIssue {
  const here = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: here, message: issue.message };
  let best: FlatIssue = { path: here, message: issue.message };
  for (const branch of issue.errors) {
    const candidates = branch.filter((i) => i.code !== 'unrecognized_keys' || branch.length === 1);
    for (const inner of candidates) {
      const found = mostSpecific(inner, here);
      if (found.path.length > best.path.length) best = found;
    }
  }
  return best;
}

/** The first zod issue of a failed parse, as a RulesError naming the file and field. */
export function rulesErrorFromZod(file: string, error: z.ZodError): RulesError {
  const first = error.issues[0];
  if (!first) return new RulesError(file, '', 'invalid');
  const issue = mostSpecific(first, []);
  return new RulesError(file, formatPath(issue.path), issue.message);
}
