import { z } from 'zod';

/** The json-rules-engine operators rule files may use. */
export const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
] as const;

/** A comparison operator. */
export type Operator = (typeof OPERATORS)[number];

const Scalar = z.union([z.number(), z.string(), z.boolean()]);

/**
 * Parameters of a leaf, in json-rules-engine's `params` slot: `maxAgeDays` makes a dated fact
 * (an HbA1c, an eGFR) count only when it was taken within that many days; an older value leaves
 * the leaf unknown, never decided.
 */
export const LeafParamsSchema = z.strictObject({
  maxAgeDays: z.number().int().positive(),
});

/** A leaf: compare one fact with a value. `name` is the label people read. */
export const LeafConditionSchema = z.strictObject({
  fact: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.union([Scalar, z.array(Scalar).min(1)]),
  name: z.string().min(1).optional(),
  params: LeafParamsSchema.optional(),
});

/** A leaf condition. */
export type LeafCondition = z.infer<typeof LeafConditionSchema>;

/** A json-rules-engine condition: a leaf, or all / any / not of conditions. */
export type Condition =
  | LeafCondition
  | { all: Condition[]; name?: string | undefined }
  | { any: Condition[]; name?: string | undefined }
  | { not: Condition; name?: string | undefined };

/** zod schema for a json-rules-engine condition tree (the subset this project uses). */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    LeafConditionSchema,
    z.strictObject({ all: z.array(ConditionSchema).min(1), name: z.string().optional() }),
    z.strictObject({ any: z.array(ConditionSchema).min(1), name: z.string().optional() }),
    z.strictObject({ not: ConditionSchema, name: z.string().optional() }),
  ]),
);

/** The type of value a fact holds, as the fact registry declares it. */
export type FactType = 'number' | 'boolean' | 'string';

/** What the registry says of a fact name that conditions are checked against. */
export interface FactInfo {
  readonly type: FactType;
  /** The fact is dated, so a leaf may limit its age with params.maxAgeDays. */
  readonly dated?: boolean;
}

/**
 * The condition with a default age limit (fact name → days) set on every leaf that reads a
 * fact having one and sets no limit of its own. Leaves are copied, never changed in place.
 */
export function withDefaultAgeLimits(condition: Condition, limits: ReadonlyMap<string, number>): Condition {
  if ('all' in condition) return { ...condition, all: condition.all.map((c) => withDefaultAgeLimits(c, limits)) };
  if ('any' in condition) return { ...condition, any: condition.any.map((c) => withDefaultAgeLimits(c, limits)) };
  if ('not' in condition) return { ...condition, not: withDefaultAgeLimits(condition.not, limits) };
  const limit = limits.get(condition.fact);
  if (limit === undefined || condition.params?.maxAgeDays !== undefined) return condition;
  return { ...condition, params: { ...condition.params, maxAgeDays: limit } };
}

/**
 * Checks a condition against the fact registry: every fact exists and every operator suits
 * its type. Returns the first problem as [path, message], or undefined.
 */
export function checkCondition(
  condition: Condition,
  facts: ReadonlyMap<string, FactInfo>,
  path = '',
): [string, string] | undefined {
  if ('all' in condition || 'any' in condition) {
    const list = 'all' in condition ? condition.all : condition.any;
    const key = 'all' in condition ? 'all' : 'any';
    for (const [i, c] of list.entries()) {
      const problem = checkCondition(c, facts, `${path}.${key}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if ('not' in condition) return checkCondition(condition.not, facts, `${path}.not`);
  const fact = facts.get(condition.fact);
  if (!fact) return [`${path}.fact`, `unknown fact "${condition.fact}"`];
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  const isList = condition.operator === 'in' || condition.operator === 'notIn';
  if (isList !== Array.isArray(condition.value)) {
    return [`${path}.value`, isList ? `${condition.operator} needs a list` : 'a list needs in or notIn'];
  }
  if (values.some((v) => typeof v !== fact.type)) {
    return [`${path}.value`, `fact "${condition.fact}" holds a ${fact.type}`];
  }
  if (fact.type !== 'number' && /^(less|greater)/.test(condition.operator)) {
    return [`${path}.operator`, `${condition.operator} needs a number fact`];
  }
  if (condition.params?.maxAgeDays !== undefined && !fact.dated) {
    return [`${path}.params.maxAgeDays`, `fact "${condition.fact}" is not dated, so it has no age to limit`];
  }
  return undefined;
}

/** Every fact name a condition reads. */
export function factsOf(condition: Condition, into = new Set<string>()): Set<string> {
  if ('all' in condition) condition.all.forEach((c) => factsOf(c, into));
  else if ('any' in condition) condition.any.forEach((c) => factsOf(c, into));
  else if ('not' in condition) factsOf(condition.not, into);
  else into.add(condition.fact);
  return into;
}
