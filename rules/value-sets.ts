import { basename, join } from 'node:path';
import { displayPath, jsonFilesIn, readJsonFile } from './json-file.js';
import { RulesError } from './rules-error.js';
import { ValueSetSchema, type ValueSet } from './value-set-schema.js';

export type { ValueSet, ValueSetConcept } from './value-set-schema.js';

const CODING_CACHE_LIMIT = 20_000;

/** How a coding or text matched a value set. */
export interface ValueSetMatch {
  readonly valueSetId: string;
  readonly confidence: 'high' | 'low';
}

/** Normalises a code for comparison: ICD codes are compared without their dot, case-insensitively. */
function normaliseCode(system: string, code: string): string {
  const trimmed = code.trim();
  return system.includes('icd-10') || system.includes('whocc.no/atc')
    ? trimmed.replace('.', '').toUpperCase()
    : trimmed;
}

/** Lower-cases text and turns punctuation into spaces, so names match on word boundaries. */
export function normaliseText(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** All value sets, indexed for fast lookup of a coding or a medication name. */
export class ValueSetIndex {
  private readonly exact = new Map<string, string[]>();
  private readonly prefixes = new Map<string, { prefix: string; id: string }[]>();
  private readonly names: { needle: string; id: string }[] = [];
  /** Answers of matchCoding by system then code, kept because the same codes come back on every request. */
  private readonly codingCache = new Map<string, Map<string, readonly string[]>>();
  private cachedCodings = 0;

  constructor(readonly all: ReadonlyMap<string, ValueSet>) {
    for (const vs of all.values()) {
      for (const c of vs.concepts) {
        const code = normaliseCode(c.system, c.code);
        if (c.match === 'prefix') {
          const list = this.prefixes.get(c.system) ?? [];
          list.push({ prefix: code, id: vs.id });
          this.prefixes.set(c.system, list);
        } else {
          const key = `${c.system}|${code}`;
          const list = this.exact.get(key) ?? [];
          if (!list.includes(vs.id)) list.push(vs.id);
          this.exact.set(key, list);
        }
      }
      for (const name of vs.names ?? []) this.names.push({ needle: normaliseText(name), id: vs.id });
    }
  }

  /** The value set, or an error naming the missing id. */
  get(id: string): ValueSet {
    const vs = this.all.get(id);
    if (!vs) throw new Error(`unknown value set ${id}`);
    return vs;
  }

  /** Ids of the value sets of one kind. */
  idsOfKind(kind: ValueSet['kind']): string[] {
    return [...this.all.values()].filter((v) => v.kind === kind).map((v) => v.id);
  }

  /** Ids of the value sets containing this coding (exact or by prefix). Do not modify the array. */
  matchCoding(system: string | undefined, code: string | undefined): readonly string[] {
    if (!system || !code) return [];
    let bySystem = this.codingCache.get(system);
    const cached = bySystem?.get(code);
    if (cached) return cached;
    const norm = normaliseCode(system, code);
    const out = [...(this.exact.get(`${system}|${norm}`) ?? [])];
    for (const p of this.prefixes.get(system) ?? []) {
      if (norm.startsWith(p.prefix) && !out.includes(p.id)) out.push(p.id);
    }
    // Codes arrive from callers: bound the cache so junk codes cannot grow it without limit.
    if (this.cachedCodings >= CODING_CACHE_LIMIT) {
      this.codingCache.clear();
      this.cachedCodings = 0;
      bySystem = undefined;
    }
    if (!bySystem) {
      bySystem = new Map();
      this.codingCache.set(system, bySystem);
    }
    bySystem.set(code, out);
    this.cachedCodings++;
    return out;
  }

  /** Ids of medication value sets whose ingredient or brand name appears in the text. */
  matchName(text: string | undefined): string[] {
    if (!text) return [];
    const hay = normaliseText(text);
    const out: string[] = [];
    for (const n of this.names) if (hay.includes(n.needle) && !out.includes(n.id)) out.push(n.id);
    return out;
  }
}

/** Loads and validates every value set under `<rulesDir>/valuesets/`. */
export function loadValueSets(rulesDir: string): ValueSetIndex {
  const dir = join(rulesDir, 'valuesets');
  const files = jsonFilesIn(dir);
  if (files.length === 0) throw new RulesError(displayPath(dir), '', 'no value set files found');
  const all = new Map<string, ValueSet>();
  for (const file of files) {
    const vs = readJsonFile(file, ValueSetSchema);
    if (`${vs.id}.json` !== basename(file)) {
      throw new RulesError(displayPath(file), 'id', `id "${vs.id}" must match the file name`);
    }
    all.set(vs.id, vs);
  }
  return new ValueSetIndex(all);
}
