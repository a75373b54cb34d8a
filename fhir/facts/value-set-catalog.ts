import type { ValueSet, ValueSetIndex } from '../../rules/value-sets.js';

/** Value set ids grouped by kind, computed once per ValueSetIndex. */
export interface ValueSetCatalog {
  readonly ofKind: Readonly<Record<ValueSet['kind'], readonly string[]>>;
  readonly medicationIds: ReadonlySet<string>;
  /** Kinds having at least one value set with `names`: only those are worth a text match. */
  readonly namedKinds: ReadonlySet<ValueSet['kind']>;
}

const cache = new WeakMap<ValueSetIndex, ValueSetCatalog>();

/** The catalogue of the index, cached so a request never rebuilds it. */
export function catalogOf(valueSets: ValueSetIndex): ValueSetCatalog {
  const hit = cache.get(valueSets);
  if (hit) return hit;
  const ofKind: Record<ValueSet['kind'], string[]> = {
    condition: [],
    observation: [],
    medication: [],
    device: [],
    procedure: [],
  };
  const namedKinds = new Set<ValueSet['kind']>();
  for (const vs of valueSets.all.values()) {
    ofKind[vs.kind].push(vs.id);
    if (vs.names && vs.names.length > 0) namedKinds.add(vs.kind);
  }
  for (const list of Object.values(ofKind)) list.sort();
  const catalog = { ofKind, medicationIds: new Set(ofKind.medication), namedKinds };
  cache.set(valueSets, catalog);
  return catalog;
}
