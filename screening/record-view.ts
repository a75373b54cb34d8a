import type { FhirResource } from 'fhir/r4.js';

/** One prefetch query turned into a test on resources in hand. */
interface QueryFilter {
  /** The prefetch key, for the bounded "newest N" collections. */
  readonly key: string;
  readonly type: string;
  /** `status=a,b`: one of these. */
  readonly statuses?: ReadonlySet<string>;
  /** `code=system|code,...`: any coding among these. */
  readonly codes?: ReadonlySet<string>;
  /** `_sort=-date&_count=N`: the newest N only, as the one page patient-view reads. */
  readonly newest?: number;
}

/**
 * What a patient-view call reads of a record, as tests on resources in hand: the services'
 * prefetch templates (services/prefetch-queries.ts), each turned into its type, its `status` and
 * `code` tokens and its page size. Screening applies the same view to a bulk export, so that the
 * facts of a screened patient are the facts a card would have seen, and the export keeps only
 * what the rules read (and can ask the server for no more, through `_type` and `_typeFilter`).
 *
 * A parameter this view does not know keeps every resource of the type: a wider record never
 * hides an exclusion.
 */
export class RecordView {
  readonly filters: readonly QueryFilter[];
  /** Types read through `_include` (Medication, ResearchStudy): shared, not in a compartment. */
  readonly included: ReadonlySet<string>;

  constructor(templates: Readonly<Record<string, string>>) {
    const filters: QueryFilter[] = [];
    const included = new Set<string>();
    for (const [key, template] of Object.entries(templates)) {
      const [path = '', query = ''] = template.split('?', 2);
      const type = path.split('/')[0] ?? '';
      const params = new URLSearchParams(query);
      const list = (name: string) => new Set((params.get(name) ?? '').split(',').filter(Boolean));
      for (const include of params.getAll('_include')) {
        if (/:medication$/.test(include)) included.add('Medication');
        if (/^ResearchSubject:study$/.test(include)) included.add('ResearchStudy');
      }
      const count = Number(params.get('_count'));
      const newest = params.get('_sort') === '-date' && Number.isInteger(count) && count > 0 ? count : undefined;
      filters.push({
        key,
        type,
        ...(params.has('status') ? { statuses: list('status') } : {}),
        ...(params.has('code') ? { codes: list('code') } : {}),
        ...(newest !== undefined ? { newest } : {}),
      });
    }
    this.filters = filters;
    this.included = included;
  }

  /** Every resource type the view reads, for the export's `_type`. */
  get types(): string[] {
    return [...new Set([...this.filters.map((f) => f.type), ...this.included])];
  }

  /**
   * The export's `_typeFilter` values: one search per query that narrows its type, none for a
   * type some query reads whole (a server ORs the filters of one type; an unfiltered type needs none).
   * https://hl7.org/fhir/uv/bulkdata/export.html#_typefilter-experimental-query-parameter
   */
  get typeFilters(): string[] {
    const whole = new Set(this.filters.filter((f) => !f.statuses && !f.codes).map((f) => f.type));
    return this.filters
      .filter((f) => !whole.has(f.type) && (f.statuses || f.codes))
      .map((f) => {
        const params = [
          ...(f.statuses ? [`status=${[...f.statuses].join(',')}`] : []),
          ...(f.codes ? [`code=${[...f.codes].join(',')}`] : []),
        ];
        return `${f.type}?${params.join('&')}`;
      });
  }

  /** The queries a resource answers (none: the record a card sees would not hold it). */
  queriesOf(resource: FhirResource): QueryFilter[] {
    return this.filters.filter((f) => f.type === resource.resourceType && matches(f, resource));
  }
}

function matches(f: QueryFilter, resource: FhirResource): boolean {
  const r = resource as { status?: unknown; code?: { coding?: { system?: string; code?: string }[] } };
  if (f.statuses && !(typeof r.status === 'string' && f.statuses.has(r.status))) return false;
  if (f.codes) {
    const codings = Array.isArray(r.code?.coding) ? r.code.coding : [];
    if (!codings.some((c) => f.codes!.has(`${c.system ?? ''}|${c.code ?? ''}`))) return false;
  }
  return true;
}

/** The clinically relevant time of an Observation or DiagnosticReport, as `_sort=date` orders them. */
export function sortDate(resource: FhirResource): string {
  const r = resource as { effectiveDateTime?: string; effectivePeriod?: { start?: string }; issued?: string };
  return r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued ?? '';
}
