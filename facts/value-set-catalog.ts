import type { ValueSet, ValueSetIndex } from '../rules/value-sets.js';

/** Value set ids grouped by kind, computed once per ValueSetIndex. */
export interface ValueSetCatalog {
  readonly ofKind: Readonly<Record<ValueSet['kind'], readonly string[]>>;
  /** The same ids as sets, for membership tests. */
  readonly idsOfKind: Readonly<Record<ValueSet['kind'], ReadonlySet<string>>>;
  /** Kinds having at least one value set with `names`: only those are worth a text match. */
  readonly namedKinds: ReadonlySet<ValueSet['kind']>;
  /** Sets that take part in an `excludes` pair, on either side (the diabetes types). */
  readonly exclusive: ReadonlySet<string>;
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
    route: [],
    referral: [],
  };
  const namedKinds = new Set<ValueSet['kind']>();
  const exclusive = new Set<string>();
  for (const vs of valueSets.all.values()) {
    ofKind[vs.kind].push(vs.id);
    if (vs.names && vs.names.length > 0) namedKinds.add(vs.kind);
    for (const other of vs.excludes ?? []) {
      exclusive.add(vs.id);
      exclusive.add(other);
    }
  }
  for (const list of Object.values(ofKind)) list.sort();
  const idsOfKind = {
    condition: new Set(ofKind.condition),
    observation: new Set(ofKind.observation),
    medication: new Set(ofKind.medication),
    device: new Set(ofKind.device),
    procedure: new Set(ofKind.procedure),
    route: new Set(ofKind.route),
    referral: new Set(ofKind.referral),
  };
  const catalog = { ofKind, idsOfKind, namedKinds, exclusive };
  cache.set(valueSets, catalog);
  return catalog;
}
