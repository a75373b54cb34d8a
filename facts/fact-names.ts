import type { FactInfo } from '../rules/condition-schema.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { FACT_FAMILIES, FACT_TABLE, type FactFamily } from './fact-table.js';
import type { FactId } from './patient-facts.js';
import { catalogOf } from './value-set-catalog.js';

/** What the registry says of one name: its type, meaning and age rules, and where it comes from. */
export interface FactNameInfo extends FactInfo {
  readonly description: string;
  /** The fact of the table it reads, or its value-set family and id. */
  readonly source: { readonly fact: FactId } | { readonly family: FactFamily; readonly valueSet: string };
}

/** Which fact each fixed name reads. */
export const FACT_OF_NAME: ReadonlyMap<string, FactId> = new Map(
  (Object.keys(FACT_TABLE) as FactId[]).flatMap((id) =>
    Object.keys(FACT_TABLE[id].names).map((name) => [name, id] as const),
  ),
);

const FAMILY_NAME = /^(condition|procedure|medication)\.([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.([A-Za-z]+))?$/;

/** The family, value set and suffix a name like `condition.t2d.onsetDays` reads, if it is one. */
export function familyName(name: string): { family: FactFamily; valueSet: string; suffix: string } | undefined {
  const m = FAMILY_NAME.exec(name);
  if (!m?.[1] || !m[2]) return undefined;
  const family = m[1] as FactFamily;
  const suffix = m[3] ?? '';
  if (!FACT_FAMILIES[family].names.some((n) => n.suffix === suffix)) return undefined;
  return { family, valueSet: m[2], suffix };
}

const cache = new WeakMap<ValueSetIndex, ReadonlyMap<string, FactNameInfo>>();

/** Every name rules may use, with its type: the registry rule files and trials are checked against. */
export function listFactNames(valueSets: ValueSetIndex): Map<string, FactNameInfo> {
  const hit = cache.get(valueSets);
  if (hit) return new Map(hit);
  const out = new Map<string, FactNameInfo>();
  for (const id of Object.keys(FACT_TABLE) as FactId[]) {
    const views: Readonly<Record<string, FactInfo & { readonly description: string }>> = FACT_TABLE[id].names;
    for (const [name, view] of Object.entries(views)) {
      out.set(name, {
        type: view.type,
        description: view.description,
        ...(view.dated ? { dated: true } : {}),
        source: { fact: id },
      });
    }
  }
  const { ofKind } = catalogOf(valueSets);
  for (const family of Object.keys(FACT_FAMILIES) as FactFamily[]) {
    const { kind, names } = FACT_FAMILIES[family];
    for (const valueSet of ofKind[kind]) {
      const title = valueSets.all.get(valueSet)?.title ?? valueSet;
      for (const n of names) {
        out.set(n.suffix ? `${family}.${valueSet}.${n.suffix}` : `${family}.${valueSet}`, {
          type: n.type,
          description: n.description(title),
          source: { family, valueSet },
        });
      }
    }
  }
  cache.set(valueSets, out);
  return new Map(out);
}
