import { basename, join } from 'node:path';
import { CodeSystemsFileSchema, type CodeSystem } from './code-system-schema.js';
import { displayPath, jsonFilesIn, readJsonFile } from './json-file.js';
import { RulesError } from './rules-error.js';
import { ValueSetSchema, type ValueSet, type ValueSetKind } from './value-set-schema.js';

export type { ValueSet, ValueSetConcept, ValueSetKind } from './value-set-schema.js';
export type { CodeSystem } from './code-system-schema.js';

const CODING_CACHE_LIMIT = 20_000;

/** How one coding classifies: the value sets it is in, and whether its system can say "none of them". */
export interface CodingClass {
  /** Ids of the value sets containing the code (of every kind). */
  readonly ids: readonly string[];
  /** The canonical system URI, or the URI as written when the system is not known. */
  readonly system: string;
  /** Kinds for which the system is readable (see code-systems.json). */
  readonly readableFor: ReadonlySet<ValueSetKind>;
  /** Kinds for which a bare code in no value set is unclassified (see code-systems.json). */
  readonly readableWithWordsFor: ReadonlySet<ValueSetKind>;
}

const NO_KINDS: ReadonlySet<ValueSetKind> = new Set();

// Dots, spaces and the dagger/asterisk marks of ICD never change an ICD code's meaning.
const ICD_NOISE = /[\s.+*†]/g;

/** Lower-cases a URI and drops a trailing slash, the variations EHRs write one system with. */
function uriKey(uri: string): string {
  return uri.trim().replace(/\/+$/, '').toLowerCase();
}

// Combining marks, after NFD decomposition, are the accents of é, è, ï...
const COMBINING = /[\u0300-\u036f]/g;
const NON_WORD = /[^a-z0-9]+/g;
// An English possessive ("Wilson's disease", "Crohn's"): names are listed without it ("wilson
// disease"), and with it the text read "wilson s disease", which no name matched (a review of
// problem lists, 2026-12-06). French elisions put the apostrophe after the letter ("l'AgHBs").
const POSSESSIVE = /(?<=\p{L})['’]s(?![\p{L}\p{N}])/gu;

// The ligatures NFD leaves whole: French writes "œsophagiennes", "cœur", and names are listed
// "oesophagiennes" (a review of 2026-12-07 found "Varices œsophagiennes" read as naming nothing).
const LIGATURES = /[œŒæÆ]/g;
const UNLIGATED: Readonly<Record<string, string>> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE' };

/** Lower case with accents removed, punctuation kept ("Arrêtée 0,1 UI/kg" → "arretee 0,1 ui/kg"). */
export function foldAccents(text: string): string {
  return text
    .replace(LIGATURES, (l) => UNLIGATED[l] ?? l)
    .normalize('NFD')
    .replace(COMBINING, '')
    .toLowerCase();
}

/** Folded forms of short texts already seen (see normaliseText). */
const MAX_CACHED_TEXT = 160;
const normalised = new Map<string, string>();

/**
 * Lower-cases text, folds accents (détémir → detemir, stéatose → steatose) and turns
 * punctuation into spaces, so names match on word boundaries whatever the spelling.
 */
export function normaliseText(text: string): string {
  let folded = normalised.get(text);
  if (folded === undefined) {
    folded = ` ${foldAccents(text.replace(POSSESSIVE, '')).replace(NON_WORD, ' ').trim()} `;
    // Drug and condition names repeat from patient to patient: keep the folded forms of short
    // texts, bounded like the coding cache (3 % of a call's CPU in a profile of the prefetch path).
    // Free text (report conclusions, notes) is too long and too varied to be worth keeping.
    if (text.length <= MAX_CACHED_TEXT) {
      if (normalised.size >= CODING_CACHE_LIMIT) normalised.clear();
      normalised.set(text, folded);
    }
  }
  return folded;
}

interface NameNeedle {
  readonly needle: string;
  /** Every value set listing the name (Xultophy is a basal insulin and a GLP-1 agonist); none for a notName. */
  readonly ids: string[];
}

/** All value sets, indexed for fast lookup of a coding or a name. */
export class ValueSetIndex {
  private readonly exact = new Map<string, string[]>();
  private readonly prefixes = new Map<string, { prefix: string; id: string }[]>();
  private readonly names: NameNeedle[] = [];
  /** Routes product codes imply by themselves, by `system|code` or by system and prefix. */
  private readonly routes = new Map<string, 'systemic' | 'local'>();
  private readonly routePrefixes = new Map<string, { prefix: string; route: 'systemic' | 'local' }[]>();
  private readonly systems = new Map<string, CodeSystem>();
  /** Codes that put a lifelong finding in remission, by `system|code`, and the words that do, by set. */
  private readonly remissionCodes = new Map<string, string>();
  private readonly remissionWords = new Map<string, RegExp>();
  /** Answers of classify by system then code, kept because the same codes come back on every request. */
  private readonly codingCache = new Map<string, Map<string, CodingClass>>();
  private cachedCodings = 0;

  constructor(
    readonly all: ReadonlyMap<string, ValueSet>,
    readonly codeSystems: readonly CodeSystem[] = [],
  ) {
    for (const cs of codeSystems) {
      for (const uri of [cs.uri, ...cs.aliases]) this.systems.set(uriKey(uri), cs);
    }
    for (const vs of all.values()) {
      for (const c of vs.remission?.concepts ?? []) {
        const system = this.canonical(c.system);
        this.remissionCodes.set(`${system}|${this.normaliseCode(system, c.code)}`, vs.id);
      }
      const words = (vs.remission?.words ?? []).map((w) => normaliseText(w).trim());
      if (words.length > 0) this.remissionWords.set(vs.id, new RegExp(` (?:${words.join('|')}) `));
      for (const c of vs.concepts) {
        const system = this.canonical(c.system);
        const code = this.normaliseCode(system, c.code);
        if (c.route) {
          if (c.match === 'prefix' || this.systemOf(system)?.hierarchical) {
            const list = this.routePrefixes.get(system) ?? [];
            list.push({ prefix: code, route: c.route });
            this.routePrefixes.set(system, list);
          } else this.routes.set(`${system}|${code}`, c.route);
        }
        // In a hierarchical system (ICD, ATC) a listed code stands for its sub-codes too.
        if (c.match === 'prefix' || this.systemOf(system)?.hierarchical) {
          const list = this.prefixes.get(system) ?? [];
          list.push({ prefix: code, id: vs.id });
          this.prefixes.set(system, list);
        } else {
          const key = `${system}|${code}`;
          const list = this.exact.get(key) ?? [];
          if (!list.includes(vs.id)) list.push(vs.id);
          this.exact.set(key, list);
        }
      }
      for (const name of vs.names ?? []) {
        const needle = normaliseText(name);
        const same = this.names.find((n) => n.needle === needle);
        if (!same) this.names.push({ needle, ids: [vs.id] });
        else if (!same.ids.includes(vs.id)) same.ids.push(vs.id);
      }
      // A set's notNames take their words from the names inside them and name nothing
      // themselves; one that another set lists as a name stays that set's name.
      for (const name of vs.notNames ?? []) {
        const needle = normaliseText(name);
        if (!this.names.some((n) => n.needle === needle)) this.names.push({ needle, ids: [] });
      }
    }
    // Longest names first, so that "non insulino-dependant" is seen before "insulino-dependant".
    this.names.sort((a, b) => b.needle.length - a.needle.length);
  }

  /** The known code system a URI denotes, whatever alias it is written with. */
  systemOf(uri: string | undefined): CodeSystem | undefined {
    return uri === undefined ? undefined : this.systems.get(uriKey(uri));
  }

  /** The canonical URI of a system: the one value sets use. Unknown systems are returned as written. */
  canonical(uri: string): string {
    return this.systemOf(uri)?.uri ?? uri;
  }

  private normaliseCode(system: string, code: string): string {
    const trimmed = code.trim();
    return this.systemOf(system)?.hierarchical ? trimmed.replace(ICD_NOISE, '').toUpperCase() : trimmed;
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

  /**
   * How a coding classifies: the value sets it is in (exact, by prefix, or as a sub-code in a
   * hierarchical system) and the kinds its system is readable for. Do not modify the result.
   */
  classify(system: string | undefined, code: string | undefined): CodingClass {
    if (!system || !code)
      return { ids: [], system: system ?? '', readableFor: NO_KINDS, readableWithWordsFor: NO_KINDS };
    let bySystem = this.codingCache.get(system);
    const cached = bySystem?.get(code);
    if (cached) return cached;
    const canonical = this.canonical(system);
    const norm = this.normaliseCode(canonical, code);
    const ids = [...(this.exact.get(`${canonical}|${norm}`) ?? [])];
    for (const p of this.prefixes.get(canonical) ?? []) {
      if (norm.startsWith(p.prefix) && !ids.includes(p.id)) ids.push(p.id);
    }
    const cs = this.systemOf(canonical);
    const out: CodingClass = {
      ids,
      system: canonical,
      readableFor: cs ? new Set(cs.readableFor) : NO_KINDS,
      readableWithWordsFor: cs ? new Set(cs.readableWithWordsFor) : NO_KINDS,
    };
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

  /**
   * Whether a record in a lifelong set names it in remission: by a code the set lists as such
   * (ICD-10-CM E11.A), or by words (`folded`, as normaliseText gives them: "in remission").
   */
  inRemission(id: string, codings: readonly { system?: string; code?: string }[], folded: string): boolean {
    if (this.remissionWords.get(id)?.test(folded)) return true;
    return codings.some((c) => {
      if (!c.system || !c.code) return false;
      const system = this.canonical(c.system);
      return this.remissionCodes.get(`${system}|${this.normaliseCode(system, c.code)}`) === id;
    });
  }

  /** The route a product code implies by itself (ATC H02 is systemic), if a value set says so. */
  impliedRoute(system: string | undefined, code: string | undefined): 'systemic' | 'local' | undefined {
    if (!system || !code) return undefined;
    const canonical = this.canonical(system);
    const norm = this.normaliseCode(canonical, code);
    const exact = this.routes.get(`${canonical}|${norm}`);
    if (exact) return exact;
    return this.routePrefixes.get(canonical)?.find((p) => norm.startsWith(p.prefix))?.route;
  }

  /** Ids of the value sets containing this coding (exact or by prefix). Do not modify the array. */
  matchCoding(system: string | undefined, code: string | undefined): readonly string[] {
    return this.classify(system, code).ids;
  }

  /**
   * Ids of value sets whose names appear as whole words in the text, accents and case folded.
   * A name inside a longer matched name at the same place does not count: "non insulino-
   * dépendant" is not also "insulino-dépendant". Names that only overlap both count: in "bilan
   * pré-pompe à insuline", the referral "bilan pré-pompe" and the device "pompe à insuline".
   */
  matchName(text: string | undefined): string[] {
    if (!text) return [];
    const hay = normaliseText(text);
    const out: string[] = [];
    // Where longer names matched (names come longest first), as [start, end) of their needles.
    const spans: number[] = [];
    const inside = (start: number, end: number): boolean => {
      for (let i = 0; i < spans.length; i += 2) if (spans[i]! <= start && end <= spans[i + 1]!) return true;
      return false;
    };
    for (const n of this.names) {
      let found = false;
      for (let at = hay.indexOf(n.needle); at >= 0; at = hay.indexOf(n.needle, at + 1)) {
        const end = at + n.needle.length;
        if (inside(at, end)) continue;
        found = true;
        spans.push(at, end);
      }
      if (found) for (const id of n.ids) if (!out.includes(id)) out.push(id);
    }
    return out;
  }
}

/** Loads rules/code-systems.json; a rules folder without one knows no aliases and reads no system. */
export function loadCodeSystems(rulesDir: string): CodeSystem[] {
  const file = join(rulesDir, 'code-systems.json');
  const files = jsonFilesIn(rulesDir).filter((f) => f === file);
  if (files.length === 0) return [];
  const parsed = readJsonFile(file, CodeSystemsFileSchema);
  const seen = new Map<string, string>();
  for (const [i, cs] of parsed.systems.entries()) {
    for (const uri of [cs.uri, ...cs.aliases]) {
      const key = uriKey(uri);
      const other = seen.get(key);
      if (other) throw new RulesError(displayPath(file), `systems[${i}]`, `${uri} is already a URI of ${other}`);
      seen.set(key, cs.uri);
    }
  }
  return parsed.systems;
}

/** Loads and validates every value set under `<rulesDir>/valuesets/`, with the code systems. */
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
  return new ValueSetIndex(all, loadCodeSystems(rulesDir));
}
