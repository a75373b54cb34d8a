import { Client } from 'fhir-kit-client';
import type { FhirResource, Medication } from 'fhir/r4.js';
import type { Logger } from '../config/logger.js';
import { FhirFetchError, type FetchedQuery, type FhirAccess, type PatientDataSource } from './data-source.js';
import { readResourceAnswer, readSearchAnswer, type CheckedAnswer } from './fhir-client/answer-reader.js';
import { linkOnServer, normaliseBaseUrl } from './fhir-client/base-url.js';
import { toFhirFetchError } from './fhir-client/fetch-failure.js';
import { queryResourceType } from './prefetch-template.js';

/** How the FHIR fallback behaves; the values come from FHIR_TIMEOUT_MS and FHIR_MAX_PAGES. */
export interface FhirClientSourceOptions {
  /** Deadline for one whole round of reads, paging and bodies included. */
  readonly timeoutMs: number;
  /** Most pages read per query through `next` links. */
  readonly maxPages: number;
  readonly logger: Logger;
  /** Most Medication ids per `Medication?_id=` query; more ids make parallel queries. */
  readonly medicationBatchSize?: number;
}

const DEFAULT_MEDICATION_BATCH = 50;
const ASKS_FOR_COUNT = /[?&]_count=/;

/**
 * One round of parallel reads against one FHIR server, under one deadline: when the
 * deadline fires or one read fails, every read still running is aborted.
 */
class FetchRound {
  private readonly client: Client;
  private readonly base: URL;
  private readonly deadline: AbortSignal;
  private readonly cancel = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    access: FhirAccess,
    private readonly options: FhirClientSourceOptions,
  ) {
    try {
      this.base = normaliseBaseUrl(access.baseUrl);
    } catch (err) {
      throw new FhirFetchError('unreachable', `the fhirServer URL is not usable: ${(err as Error).message}`);
    }
    this.client = new Client({
      baseUrl: access.baseUrl.replace(/\/+$/, ''),
      ...(access.accessToken ? { bearerToken: access.accessToken } : {}),
    });
    this.deadline = access.deadline ?? AbortSignal.timeout(options.timeoutMs);
    this.signal = AbortSignal.any([this.deadline, this.cancel.signal]);
  }

  /** Runs every query in parallel; the first failure rejects the round and aborts the rest. */
  async all<T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
    try {
      return await Promise.all(tasks.map((task) => task()));
    } finally {
      this.cancel.abort();
    }
  }

  /** Reads one query (a read or a search), following `next` links up to the page cap. */
  async query(key: string, query: string): Promise<FetchedQuery> {
    const type = queryResourceType(query);
    const isSearch = query.includes('?');
    const what = `the ${type} ${isSearch ? 'search' : 'read'}`;
    if (!isSearch) {
      const answer = await this.get(query, what, (body) => readResourceAnswer(body, type, what), type);
      return { resources: answer.resources, truncated: false, pages: 1 };
    }
    const resources: FhirResource[] = [];
    const visited = new Set<string>();
    let url = query;
    let pages = 0;
    let matches = 0;
    for (;;) {
      const answer = await this.get(url, what, (body) => readSearchAnswer(body, type, what));
      pages++;
      matches += answer.matches ?? 0;
      resources.push(...answer.resources);
      // A page that says results are missing, or a total above the matches received, is a cut answer.
      const cut = answer.incomplete === true || (answer.total !== undefined && answer.total > matches);
      if (answer.next === undefined) return { resources, truncated: cut, pages };
      // An explicit _count asks for that many (`_count=1`: the latest); like a prefetch page
      // with a next link, the answer is then partial, not a reason for more round trips.
      if (ASKS_FOR_COUNT.test(query)) return { resources, truncated: true, pages };
      const next = linkOnServer(answer.next, this.base);
      if (next === undefined) {
        this.options.logger.warn({ key, pages }, 'FHIR next link leaves the FHIR server; not followed');
        return { resources, truncated: true, pages };
      }
      if (pages >= this.options.maxPages || visited.has(next)) {
        this.options.logger.warn(
          { key, pages, maxPages: this.options.maxPages, loop: visited.has(next) },
          'FHIR paging stopped at the page cap',
        );
        return { resources, truncated: true, pages };
      }
      visited.add(next);
      url = next;
    }
  }

  private async get(
    url: string,
    what: string,
    check: (body: unknown) => CheckedAnswer,
    readType?: string,
  ): Promise<CheckedAnswer> {
    let body: unknown;
    try {
      // redirect 'manual': a redirect could lead anywhere, token included (SSRF).
      body = await this.client.request(url, { options: { signal: this.signal, redirect: 'manual' } });
    } catch (err) {
      throw toFhirFetchError(err, {
        what,
        timeoutMs: this.options.timeoutMs,
        deadline: this.deadline,
        ...(readType !== undefined ? { readType } : {}),
      });
    }
    return check(body);
  }
}

/**
 * The FHIR fallback: reads what prefetch did not provide from the EHR's FHIR server with
 * fhir-kit-client, one parallel round per call, bearer token attached, paging capped, and
 * the whole call bounded by one deadline. Failures become FhirFetchError kinds.
 */
export class FhirClientSource implements PatientDataSource {
  constructor(private readonly options: FhirClientSourceOptions) {}

  /** Runs all queries in one parallel round under one deadline. */
  async fetchQueries(access: FhirAccess, queries: ReadonlyMap<string, string>): Promise<Map<string, FetchedQuery>> {
    const round = new FetchRound(access, this.options);
    const results = await round.all(
      [...queries].map(
        ([key, query]) =>
          async () =>
            [key, await round.query(key, query)] as const,
      ),
    );
    return new Map(results);
  }

  /** Reads Medications by id with `Medication?_id=a,b,c`, batched, in one parallel round. */
  async fetchMedications(access: FhirAccess, ids: readonly string[]): Promise<Medication[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const size = this.options.medicationBatchSize ?? DEFAULT_MEDICATION_BATCH;
    const batches: string[][] = [];
    for (let i = 0; i < unique.length; i += size) batches.push(unique.slice(i, i + size));
    const round = new FetchRound(access, this.options);
    const results = await round.all(
      batches.map(
        (batch) => () =>
          round.query(
            'medications',
            `Medication?_id=${batch.map(encodeURIComponent).join(',')}&_count=${batch.length}`,
          ),
      ),
    );
    return results.flatMap((r) => r.resources.filter((m): m is Medication => m.resourceType === 'Medication'));
  }
}
