import type { Request } from 'express';
import { parseSearchRequest, type SearchRequest } from '@medplum/core';
import { isKnownResourceType } from './fhir-routes.js';
import { refuse } from './http-refusal.js';
import { prepareSearch, toQueryString } from './search-query.js';
import { UnsupportedSearchError } from './unsupported-search-error.js';

/*
 * The Bulk Data kick-off request, checked: its headers and query parameters.
 * https://hl7.org/fhir/uv/bulkdata/STU2/export.html#headers
 * https://hl7.org/fhir/uv/bulkdata/STU2/export.html#query-parameters
 */

/** What a kick-off asks for. */
export interface ExportParameters {
  /** `_type`: only these types; undefined for every type the caller may read. */
  readonly types?: ReadonlySet<string>;
  /** `_since`: only resources last updated at or after it. */
  readonly since?: Date;
  /** `_typeFilter`: by type, the searches of which a resource of that type must match one. */
  readonly typeFilters: ReadonlyMap<string, readonly SearchRequest[]>;
  /** What was left out under lenient handling, each reported in the manifest's `error` file. */
  readonly ignored: readonly string[];
}

/** `_outputFormat` values: the spec makes servers accept all three for NDJSON, the only format here. */
const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
/** Accept values that let the kick-off answer (and refuse) in `application/fhir+json`. */
const ACCEPTED = new Set(['application/fhir+json', 'application/*', '*/*']);
/** A FHIR instant: seconds and a time zone are required. https://hl7.org/fhir/R4/datatypes.html#instant */
const FHIR_INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;
/** Search result parameters, which a `_typeFilter` query "SHALL NOT" use. */
const RESULT_PARAMS = new Set([
  '_include',
  '_revinclude',
  '_sort',
  '_count',
  '_offset',
  '_total',
  '_summary',
  '_elements',
  '_contained',
  '_containedType',
  '_format',
  '_pretty',
]);

/** The preferences of the `Prefer` headers (RFC 7240 §2): name → value, '' for a bare token. */
function preferences(header: string | undefined): Map<string, string> {
  const prefs = new Map<string, string>();
  for (const item of (header ?? '').split(',')) {
    const [pref = ''] = item.split(';');
    const eq = pref.indexOf('=');
    const name = (eq < 0 ? pref : pref.slice(0, eq)).trim().toLowerCase();
    if (name)
      prefs.set(
        name,
        eq < 0
          ? ''
          : pref
              .slice(eq + 1)
              .trim()
              .replace(/^"|"$/g, ''),
      );
  }
  return prefs;
}

function acceptsFhirJson(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true; // the spec lets a server assume application/fhir+json
  return header.split(',').some((range) => ACCEPTED.has((range.split(';')[0] ?? '').trim().toLowerCase()));
}

/**
 * The kick-off headers: `Prefer: respond-async` is required (this server has no synchronous
 * export) and `Accept`, when sent, must allow `application/fhir+json`. Returns whether the
 * client asked for `Prefer: handling=strict`. Throws a 400 refusal.
 */
export function checkKickOffHeaders(req: Request): { strict: boolean } {
  const prefs = preferences(req.get('prefer'));
  if (!prefs.has('respond-async')) {
    throw refuse(400, 'invalid', 'a bulk export runs asynchronously: send the header Prefer: respond-async');
  }
  if (!acceptsFhirJson(req.get('accept'))) {
    throw refuse(400, 'not-supported', 'Accept: the kick-off answers in application/fhir+json only');
  }
  return { strict: prefs.get('handling') === 'strict' };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw refuse(400, 'invalid', 'the query string is not valid percent-encoding');
  }
}

/**
 * The query's parameters with their values still encoded: a `_typeFilter` value is a list of
 * encoded queries joined by literal commas, so it must be split before it is decoded.
 */
function rawPairs(url: string): [string, string][] {
  const i = url.indexOf('?');
  if (i < 0) return [];
  return url
    .slice(i + 1)
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), part.slice(eq + 1)];
    });
}

/** A decoded value in which `+` meant itself: `application/fhir+ndjson`, a `+02:00` offset sent unencoded. */
function plusKept(raw: string): string {
  return decode(raw).trim().replace(/ /g, '+');
}

/** One `_typeFilter` query as a search of the store, or why it cannot be one. */
function parseTypeFilter(query: string, types: ReadonlySet<string> | undefined): [string, SearchRequest] | string {
  const shown = `_typeFilter "${query.slice(0, 120)}"`;
  const q = query.indexOf('?');
  const type = (q < 0 ? query : query.slice(0, q)).trim();
  if (!isKnownResourceType(type)) return `${shown}: "${type.slice(0, 64)}" is not a FHIR R4 resource type`;
  if (types && !types.has(type)) return `${shown}: ${type} is not among the exported types (_type)`;
  const pairs = q < 0 ? [] : [...new URLSearchParams(query.slice(q + 1))];
  const result = pairs.find(([name]) => RESULT_PARAMS.has(name.split(':')[0] ?? ''));
  if (result) return `${shown}: a _typeFilter query cannot use ${result[0]}`;
  try {
    // The sandbox's own search checks: unknown or unsupported parameters are refused, not ignored.
    const prepared = prepareSearch(type, pairs).filter(([name]) => name !== '_count');
    return [type, parseSearchRequest(`${type}?${toQueryString(prepared)}`)];
  } catch (err) {
    if (err instanceof UnsupportedSearchError) return `${shown}: ${err.message}`;
    throw err;
  }
}

/**
 * The kick-off's query parameters. `_outputFormat`, `_type` and `_since` with values the
 * server cannot honour are refused (400, naming the value). What it does not support (other
 * parameters: `_elements`, `includeAssociatedData`...; `_typeFilter` queries it cannot run) is
 * refused under `Prefer: handling=strict`, and otherwise ignored and reported in the
 * manifest, as the spec lets a lenient server do.
 */
export function parseExportParameters(url: string, strict: boolean): ExportParameters {
  const ignored: string[] = [];
  const unsupported = (problem: string): void => {
    if (strict) throw refuse(400, 'not-supported', `${problem} (Prefer: handling=strict)`);
    ignored.push(`${problem}: ignored`);
  };
  const seen = new Set<string>();
  let types: Set<string> | undefined;
  let since: Date | undefined;
  const filterQueries: string[] = [];
  for (const [name, raw] of rawPairs(url)) {
    if ((name === '_outputFormat' || name === '_since') && seen.has(name)) {
      throw refuse(400, 'invalid', `${name} may be given only once`);
    }
    seen.add(name);
    if (name === '_outputFormat') {
      const format = plusKept(raw);
      if (!OUTPUT_FORMATS.has(format.toLowerCase())) {
        throw refuse(400, 'not-supported', `_outputFormat "${format.slice(0, 64)}": only application/fhir+ndjson`);
      }
    } else if (name === '_since') {
      const value = plusKept(raw);
      if (!FHIR_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
        throw refuse(400, 'invalid', `_since "${value.slice(0, 64)}" is not a FHIR instant (2024-01-31T12:00:00Z)`);
      }
      since = new Date(value);
    } else if (name === '_type') {
      // May repeat: repeated values count as one comma-separated list.
      for (const type of decode(raw)
        .split(',')
        .map((t) => t.trim())) {
        if (!type) continue;
        if (!isKnownResourceType(type)) {
          throw refuse(400, 'not-supported', `_type: "${type.slice(0, 64)}" is not a FHIR R4 resource type`);
        }
        (types ??= new Set()).add(type);
      }
    } else if (name === '_typeFilter') {
      filterQueries.push(
        ...raw
          .split(',')
          .map(decode)
          .filter((q) => q.trim() !== ''),
      );
    } else {
      unsupported(`the parameter ${name.slice(0, 64)} is not supported by the sandbox`);
    }
  }
  const typeFilters = new Map<string, SearchRequest[]>();
  for (const query of filterQueries) {
    const parsed = parseTypeFilter(query, types);
    if (typeof parsed === 'string') {
      unsupported(parsed);
      continue;
    }
    const [type, search] = parsed;
    typeFilters.set(type, [...(typeFilters.get(type) ?? []), search]);
  }
  return { ...(types ? { types } : {}), ...(since ? { since } : {}), typeFilters, ignored };
}
