import { REGISTRY_STATUSES, SUMMARY_PREFIX, type RegistryStatus, type Trial } from './trial-schema.js';

/**
 * Reads a study record in the ClinicalTrials.gov API v2 JSON format, as a user downloads it from
 * a study page or from `https://clinicaltrials.gov/api/v2/studies/<NCT id>`
 * (https://clinicaltrials.gov/data-api/about-api/study-data-structure): the registry fields of a
 * catalogue entry, and a draft entry whose criteria are the registry's eligibility text, each
 * line manual until someone codes it.
 */

/** A record that cannot be imported; `field` is the path in the record, as the API names it. */
export class StudyRecordError extends Error {
  override readonly name = 'StudyRecordError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The registry fields an import writes (trial-schema.ts RegistrySchema), each from the record. */
export interface ImportedRegistry {
  readonly status: RegistryStatus;
  readonly startDate?: string;
  readonly primaryCompletionDate?: string;
  readonly completionDate?: string;
  readonly lastUpdated?: string;
  readonly retrievedOn: string;
  readonly url: string;
  readonly contact?: { readonly name: string; readonly phone?: string; readonly email?: string };
}

/** What the record says, read and checked. */
export interface StudyRecord {
  readonly id: string;
  readonly registry: ImportedRegistry;
  readonly briefTitle: string;
  readonly officialTitle?: string;
  readonly acronym?: string;
  readonly sponsor?: string;
  readonly eligibilityCriteria?: string;
  /** Where the study runs, one line each ("facility, city, country"). */
  readonly locations: readonly string[];
  /** What the reader had to decide, for the user (a partial date read as a day, a contact left out). */
  readonly notes: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object at `path`, or undefined when absent; throws when present but not an object. */
function objectAt(root: Json, path: string): Json | undefined {
  let node: unknown = root;
  const walked: string[] = [];
  for (const part of path.split('.')) {
    walked.push(part);
    if (!isObject(node)) throw new StudyRecordError(walked.slice(0, -1).join('.'), 'expected an object');
    node = node[part];
    if (node === undefined) return undefined;
  }
  if (!isObject(node)) throw new StudyRecordError(path, 'expected an object');
  return node;
}

/** An optional string field; throws when present but not a non-empty string. */
function stringAt(obj: Json | undefined, path: string, name: string): string | undefined {
  const v = obj?.[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new StudyRecordError(`${path}.${name}`, 'expected a text');
  return v.trim();
}

/**
 * The overall statuses of API v2 (`Status` enum), as the catalogue names them. The expanded-access
 * statuses (AVAILABLE, NO_LONGER_AVAILABLE, TEMPORARILY_NOT_AVAILABLE, APPROVED_FOR_MARKETING)
 * and WITHHELD are not a study's recruitment: such a record cannot be imported.
 */
export const OVERALL_STATUSES: Readonly<Record<string, RegistryStatus>> = Object.fromEntries(
  REGISTRY_STATUSES.map((s) => [s.toUpperCase().replace(/-/g, '_'), s]),
);

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A `PartialDate` of the record (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) as a day. A partial start is
 * read as its first day; a partial end (completion) as its last, as the study runs until then.
 */
function dayOfPartial(value: string, path: string, end: boolean, notes: string[]): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) throw new StudyRecordError(path, `expected a date YYYY-MM-DD, YYYY-MM or YYYY, got "${value.slice(0, 40)}"`);
  const year = Number(m[1]);
  const month = m[2] === undefined ? (end ? 12 : 1) : Number(m[2]);
  if (month < 1 || month > 12) throw new StudyRecordError(path, `not a calendar date: "${value}"`);
  if (m[3] !== undefined) {
    const day = Number(m[3]);
    if (day < 1 || day > daysInMonth(year, month)) throw new StudyRecordError(path, `not a calendar date: "${value}"`);
    return value;
  }
  const day = end ? daysInMonth(year, month) : 1;
  const out = `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  notes.push(`${path} is "${value}", read as ${out} (the ${end ? 'last' : 'first'} day it allows)`);
  return out;
}

/** The date of a `…DateStruct` ({date, type}), as a day; undefined when the record has none. */
function structDate(status: Json, name: string, end: boolean, notes: string[]): string | undefined {
  const path = `protocolSection.statusModule.${name}`;
  const struct = status[name];
  if (struct === undefined || struct === null) return undefined;
  if (!isObject(struct)) throw new StudyRecordError(path, 'expected an object {date, type}');
  const date = stringAt(struct, path, 'date');
  return date === undefined ? undefined : dayOfPartial(date, `${path}.date`, end, notes);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The first central contact with a name, phone with its extension; an email that is not one is left out. */
function centralContact(root: Json, notes: string[]): ImportedRegistry['contact'] {
  const path = 'protocolSection.contactsLocationsModule.centralContacts';
  const module = objectAt(root, 'protocolSection.contactsLocationsModule');
  const list = module?.centralContacts;
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new StudyRecordError(path, 'expected a list');
  for (const [i, c] of list.entries()) {
    if (!isObject(c)) throw new StudyRecordError(`${path}[${i}]`, 'expected an object');
    const name = stringAt(c, `${path}[${i}]`, 'name');
    if (!name) continue;
    const phone = stringAt(c, `${path}[${i}]`, 'phone');
    const ext = stringAt(c, `${path}[${i}]`, 'phoneExt');
    let email = stringAt(c, `${path}[${i}]`, 'email');
    if (email && !EMAIL.test(email)) {
      notes.push(`${path}[${i}].email "${email}" is not an email address: left out`);
      email = undefined;
    }
    return {
      name,
      ...(phone ? { phone: ext ? `${phone} ext. ${ext}` : phone } : {}),
      ...(email ? { email } : {}),
    };
  }
  return undefined;
}

function locationsOf(root: Json): string[] {
  const list = objectAt(root, 'protocolSection.contactsLocationsModule')?.locations;
  if (!Array.isArray(list)) return [];
  return list
    .filter(isObject)
    .map((l) =>
      [l.facility, l.city, l.country].filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(', '),
    )
    .filter((l) => l !== '');
}

/**
 * The one study of a downloaded file: a study object (`{protocolSection, …}`), or a search
 * download holding exactly one (`{studies: [study]}` or `[study]`).
 */
function theStudy(data: unknown): Json {
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.studies) ? data.studies : undefined;
  if (list) {
    const where = Array.isArray(data) ? '(top level)' : 'studies';
    if (list.length !== 1) {
      throw new StudyRecordError(where, `holds ${list.length} studies; download and import one study at a time`);
    }
    if (!isObject(list[0])) throw new StudyRecordError(`${where}[0]`, 'expected a study object');
    return list[0];
  }
  if (!isObject(data)) throw new StudyRecordError('(top level)', 'expected a ClinicalTrials.gov API v2 study object');
  return data;
}

/** Reads and checks a study record; `today` is the retrieval day (YYYY-MM-DD). */
export function readStudyRecord(data: unknown, today: string): StudyRecord {
  const study = theStudy(data);
  if (study.protocolSection === undefined) {
    throw new StudyRecordError(
      'protocolSection',
      'missing: this is not a ClinicalTrials.gov API v2 study record (a classic-API or XML download is not supported)',
    );
  }
  const notes: string[] = [];
  const identification = objectAt(study, 'protocolSection.identificationModule');
  const idPath = 'protocolSection.identificationModule';
  const id = stringAt(identification, idPath, 'nctId');
  if (!id) throw new StudyRecordError(`${idPath}.nctId`, 'missing');
  if (!/^NCT\d{8}$/.test(id))
    throw new StudyRecordError(`${idPath}.nctId`, `"${id.slice(0, 40)}" is not an NCT number`);
  const briefTitle = stringAt(identification, idPath, 'briefTitle');
  if (!briefTitle) throw new StudyRecordError(`${idPath}.briefTitle`, 'missing');

  const statusModule = objectAt(study, 'protocolSection.statusModule');
  if (!statusModule) throw new StudyRecordError('protocolSection.statusModule', 'missing');
  const overall = stringAt(statusModule, 'protocolSection.statusModule', 'overallStatus');
  if (!overall) throw new StudyRecordError('protocolSection.statusModule.overallStatus', 'missing');
  const status = OVERALL_STATUSES[overall];
  if (!status) {
    throw new StudyRecordError(
      'protocolSection.statusModule.overallStatus',
      `"${overall.slice(0, 40)}" is not a recruitment status (expected one of ${Object.keys(OVERALL_STATUSES).join(', ')})`,
    );
  }
  const startDate = structDate(statusModule, 'startDateStruct', false, notes);
  const primaryCompletionDate = structDate(statusModule, 'primaryCompletionDateStruct', true, notes);
  const completionDate = structDate(statusModule, 'completionDateStruct', true, notes);
  const lastUpdated = structDate(statusModule, 'lastUpdatePostDateStruct', false, notes);
  const contact = centralContact(study, notes);

  const eligibility = objectAt(study, 'protocolSection.eligibilityModule');
  const eligibilityCriteria = stringAt(eligibility, 'protocolSection.eligibilityModule', 'eligibilityCriteria');
  const officialTitle = stringAt(identification, idPath, 'officialTitle');
  const acronym = stringAt(identification, idPath, 'acronym');
  const sponsor = stringAt(
    objectAt(study, 'protocolSection.sponsorCollaboratorsModule.leadSponsor'),
    'protocolSection.sponsorCollaboratorsModule.leadSponsor',
    'name',
  );

  return {
    id,
    registry: {
      status,
      ...(startDate ? { startDate } : {}),
      ...(primaryCompletionDate ? { primaryCompletionDate } : {}),
      ...(completionDate ? { completionDate } : {}),
      ...(lastUpdated ? { lastUpdated } : {}),
      retrievedOn: today,
      url: `https://clinicaltrials.gov/study/${id}`,
      ...(contact ? { contact } : {}),
    },
    briefTitle,
    ...(officialTitle ? { officialTitle } : {}),
    ...(acronym ? { acronym } : {}),
    ...(sponsor ? { sponsor } : {}),
    ...(eligibilityCriteria ? { eligibilityCriteria } : {}),
    locations: locationsOf(study),
    notes,
  };
}

/** One line of the registry's eligibility text, with the section it sits in. */
export interface EligibilityLine {
  readonly type: 'inclusion' | 'exclusion';
  readonly text: string;
}

const BULLET = /^\s*(?:[*\-•·‣◦]|\d{1,3}[.)]|[a-z][.)])\s+/i;

/**
 * The eligibility text as lines: the "Inclusion Criteria:" and "Exclusion Criteria:" headings
 * set the type of the lines below them (inclusion before any heading); bullet marks and blank
 * lines go; nested bullets become lines of their own.
 */
export function eligibilityLines(text: string): EligibilityLine[] {
  const out: EligibilityLine[] = [];
  let type: EligibilityLine['type'] = 'inclusion';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw
      .replace(BULLET, '')
      .replace(/\\([*\-<>=_[\]()#+.!~])/g, '$1')
      .trim();
    if (line === '') continue;
    const heading = /^(?:key\s+)?(inclusion|exclusion)\s+criteria\s*:?$/i.exec(line);
    if (heading) {
      type = heading[1]!.toLowerCase() as EligibilityLine['type'];
      continue;
    }
    out.push({ type, text: line });
  }
  return out;
}

/** The reason every imported criterion carries until someone codes it. */
export const NOT_CODED_REASON = 'registry text, not coded yet';

/** Room left for the short title in a card summary under 140 characters. */
function shortTitleOf(record: StudyRecord): string {
  const room = 139 - `${SUMMARY_PREFIX}${record.id}, `.length;
  const title = record.acronym ? `${record.acronym}: ${record.briefTitle}` : record.briefTitle;
  return title.length <= room ? title : `${title.slice(0, room - 1).trimEnd()}…`;
}

/**
 * A draft catalogue entry from a record: the registry fields, titles and sponsor, and every line
 * of the eligibility text as a manual criterion. It waits in trials/drafts/ until its criteria
 * are coded and its key criteria marked.
 */
export function draftTrial(record: StudyRecord): Trial {
  if (!record.eligibilityCriteria) {
    throw new StudyRecordError(
      'protocolSection.eligibilityModule.eligibilityCriteria',
      'missing: a draft needs the registry eligibility text',
    );
  }
  const lines = eligibilityLines(record.eligibilityCriteria);
  if (lines.length === 0) {
    throw new StudyRecordError('protocolSection.eligibilityModule.eligibilityCriteria', 'holds no criterion line');
  }
  const counts = { inclusion: 0, exclusion: 0 };
  const site =
    record.locations.length === 1
      ? record.locations[0]!
      : `To set: the site that refers patients (the registry lists ${record.locations.length} location(s))`;
  return {
    id: record.id,
    title: record.officialTitle ?? record.briefTitle,
    shortTitle: shortTitleOf(record),
    sponsor: record.sponsor ?? 'To set: the registry record names no lead sponsor',
    site: { name: site },
    registry: { ...record.registry },
    draft: true,
    notes: [
      `Imported from the ClinicalTrials.gov API v2 record ${record.registry.url} on ${record.registry.retrievedOn} by npm run trials -- import.`,
      'Draft: every criterion is the registry text, manual until coded. Code each one (a condition over the facts: npm run trials -- facts), mark the key criteria, set the site, remove "draft", and move the file to rules/trials/.',
      ...(record.locations.length > 1 ? [`Registry locations: ${record.locations.join('; ')}`] : []),
      ...record.notes,
    ],
    criteria: lines.map((l) => ({
      id: `${l.type}-${++counts[l.type]}`,
      type: l.type,
      text: l.text,
      manual: { reason: NOT_CODED_REASON },
    })),
  };
}

/**
 * JSON as Prettier writes it (objects one key a line, arrays of scalars on one line when they fit
 * in 120 characters), so that a written file passes `prettier --check`.
 */
export function formatJson(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const scalars = value.every((v) => typeof v !== 'object' || v === null);
    if (scalars) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (indent + flat.length <= 120) return flat;
    }
    return `[\n${value.map((v) => `${inner}${formatJson(v, indent + 2)}`).join(',\n')}\n${pad}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, indent + 2)}`).join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(value);
}

/** Skips a JSON string starting at `i` (its opening quote); returns the index after it. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

/** The [start, end) of the value of a top-level key in a JSON object's text. */
function topLevelValueSpan(text: string, key: string): [number, number] | undefined {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = skipString(text, i);
      if (depth === 1 && JSON.parse(text.slice(i, end)) === key && /^\s*:/.test(text.slice(end))) {
        let start = text.indexOf(':', end) + 1;
        while (/\s/.test(text[start]!)) start++;
        let d = 0;
        let j = start;
        for (; j < text.length; j++) {
          const c = text[j]!;
          if (c === '"') {
            j = skipString(text, j) - 1;
            if (d === 0) return [start, j + 1];
          } else if (c === '{' || c === '[') d++;
          else if (c === '}' || c === ']') {
            d--;
            if (d === 0) return [start, j + 1];
            if (d < 0) return [start, j];
          } else if (d === 0 && (c === ',' || c === '\n')) return [start, j];
        }
        return [start, j];
      }
      i = end;
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    i++;
  }
  return undefined;
}

/**
 * The catalogue file's text with its `registry` replaced by the record's registry fields, every
 * other byte left as it was (the site's criteria, translations, notes and layout). Registry fields
 * the record no longer gives go (a stale `endDate` would otherwise outlive an extended study).
 */
export function withRegistry(fileText: string, registry: ImportedRegistry): string {
  return withTopLevelValue(fileText, 'registry', registry);
}

/**
 * The text of a JSON object (a catalogue file, indented by 2) with the value of one top-level key
 * replaced by `value` as Prettier writes it, every other byte left as it was: a tool that owns one
 * block (`registry` for import, `site` for confirm) must not reflow what people wrote by hand.
 */
export function withTopLevelValue(fileText: string, key: string, value: unknown): string {
  const span = topLevelValueSpan(fileText, key);
  if (!span) throw new Error(`the catalogue file has no top-level "${key}"`);
  return `${fileText.slice(0, span[0])}${formatJson(value, 2)}${fileText.slice(span[1])}`;
}

/** What changed in the registry fields, one line each, for the user. */
export function registryChanges(before: Record<string, unknown>, after: ImportedRegistry): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
  const out: string[] = [];
  for (const k of keys) {
    const a = before[k];
    const b = (after as unknown as Record<string, unknown>)[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${k}: ${show(a)} → ${show(b)}`);
  }
  return out;
}
