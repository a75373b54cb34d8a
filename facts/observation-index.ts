import type { ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { readConcept, type ReadConcept } from './coding.js';
import { classifyConcept, looksLikeUnreadHba1c } from './concept-class.js';
import { untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { asList, asObject, asString } from './json-value.js';
import { hasModifierExtension } from './modifier-extension.js';
import { REPORT_STATUS } from './report-status.js';
import { resourceId } from './resource-label.js';

/** Resources of one type grouped by the value sets their code falls in. */
export type ByValueSet = ReadonlyMap<string, readonly Record<string, unknown>[]>;

// Observations classified by their words rather than a code: evidence from them is lower-confidence.
const byWords = new WeakSet<object>();

/** Whether an Observation was classified by its words (a local code named "HbA1c"), not by a code. */
export function classifiedByWords(resource: object): boolean {
  return byWords.has(resource);
}

// A LOINC code tells which test a result is. One in no value set names another test: a result
// coded 27353-2 (the glucose estimated from an HbA1c, whose LOINC name holds "glycated
// hemoglobin") or 4547-6 (HbA1 total, "Glycated hemoglobin A1 (total)") is not an HbA1c, whatever
// its words say, so it joins no group its words name: it is passed over, like any other analyte.
// Generic document and panel codes say only "a report" and name no test: under them the words
// decide which study or test it is, as under a local code. LOINC display names of these codes:
// 18748-4 "Diagnostic imaging study" (HL7 C-CDA on FHIR, VSAC value set "LOINC Imaging Document
// Codes", https://hl7.org/fhir/us/ccda/ValueSet-1.3.6.1.4.1.12009.10.2.5.html); 18726-0
// "Radiology studies (set)", 11526-1 "Pathology study", 11502-2 "Laboratory report" (the C-CDA
// laboratory report document code) and 34109-9 "Note" (public FHIR profiles and exports using them
// as document or section codes; find_string ids 67162380400, 35899562667, 69411713472, 689306292,
// 49947880794, 52338775787, 54120773401).
const GENERIC_LOINC: ReadonlySet<string> = new Set(['18748-4', '18726-0', '11526-1', '11502-2', '34109-9']);
const LOINC = 'http://loinc.org';

// Value sets whose results can only withhold a finding, never meet a criterion: a liver study of
// another kind only stops an older ultrasound from deciding. A study their words name keeps its
// place there even under a code of another test (LOINC 24606-6, a screening mammography that some
// exports put on a liver MRI): passing it over could let an older ultrasound decide.
const WITHHOLDING_SETS: ReadonlySet<string> = new Set(['liver-imaging-other']);

/**
 * The groups a result joins: its value sets, except those named only by words when a LOINC code
 * (not a generic document code) in no value set says it is another test.
 */
function groupsOf(
  valueSets: ValueSetIndex,
  concept: ReadConcept,
  cls: { byCode: readonly string[]; ids: readonly string[]; otherCode?: string },
): readonly string[] {
  if (cls.byCode.length > 0 || !cls.otherCode) return cls.ids;
  const namesTest = concept.codings.some((c) => {
    if (!c.code) return false;
    const k = valueSets.classify(c.system, c.code);
    return k.system === LOINC && k.ids.length === 0 && !GENERIC_LOINC.has(c.code.trim());
  });
  return namesTest ? cls.ids.filter((id) => WITHHOLDING_SETS.has(id)) : cls.ids;
}

function markByWords(obj: Record<string, unknown>, cls: { byCode: readonly string[] }, ids: readonly string[]) {
  if (cls.byCode.length === 0 && ids.length > 0) byWords.add(obj);
}

function add(out: Map<string, Record<string, unknown>[]>, ids: readonly string[], resource: Record<string, unknown>) {
  for (const id of ids) {
    const list = out.get(id) ?? [];
    list.push(resource);
    out.set(id, list);
  }
}

const WITHDRAWN: ReadonlySet<string> = new Set(['entered-in-error', 'cancelled']);

/**
 * Where a result contained in a report keeps that report's conclusion: a laboratory may write
 * there what it would otherwise put in the result's note ("HbA1c ininterprétable : variant de
 * l'hémoglobine"). Only readers that look for such a doubt read it.
 */
export const REPORT_CONCLUSION = '_reportConclusion';

/** The Observation ids a report lists in `result` (relative or absolute references; not urn:uuid). */
function listedResults(report: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const item of asList(report.result) ?? []) {
    const ref = asObject(item)?.reference;
    const m =
      typeof ref === 'string' ? /(?:^|\/)Observation\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref) : null;
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

/**
 * What DiagnosticReports say of the Observations they list in `result` (and withdrawn panels of
 * their members, `hasMember`). `withdrawn`: the ids a
 * report entered in error or cancelled lists: the report withdraws them, even where the
 * Observation itself still says final; a result that a report of a counting status (final,
 * amended...) also lists stands. Other report statuses (partial, preliminary, unreadable) leave a
 * listed result to its own status. `conclusions`: the conclusion of each counting report, by the
 * ids it lists, read as a contained result's is ("HbA1c ininterprétable : présence d'une
 * hémoglobine variante" on a report listing a final 9.4 %: a review, 2026-12-07).
 */
function listingReports(record: PatientRecord): {
  withdrawn: ReadonlySet<string>;
  conclusions: ReadonlyMap<string, string>;
} {
  const withdrawn = new Set<string>();
  const vouched = new Set<string>();
  const conclusions = new Map<string, string>();
  for (const raw of untrustedResources(record, 'DiagnosticReport')) {
    const report = asObject(raw);
    const status = report?.status;
    if (!report || typeof status !== 'string') continue;
    if (WITHDRAWN.has(status)) for (const id of listedResults(report)) withdrawn.add(id);
    else if (REPORT_STATUS.counts.has(status))
      for (const id of listedResults(report)) {
        vouched.add(id);
        const conclusion = asString(report.conclusion);
        if (conclusion !== undefined) {
          const before = conclusions.get(id);
          conclusions.set(id, before === undefined ? conclusion : `${before}\n${conclusion}`);
        }
      }
  }
  // A panel entered in error or cancelled withdraws its members as a report does its results
  // ("specimen belongs to another patient" on a panel whose HbA1c is a member: a review, 2026-12-07).
  for (const raw of untrustedResources(record, 'Observation')) {
    const panel = asObject(raw);
    if (typeof panel?.status !== 'string' || !WITHDRAWN.has(panel.status)) continue;
    for (const id of listedResults({ result: panel.hasMember })) withdrawn.add(id);
  }
  for (const id of vouched) withdrawn.delete(id);
  return { withdrawn, conclusions };
}

// The fields a component shares with its Observation: status, dates, subject.
const SHARED_FIELDS = ['status', 'subject', 'effectiveDateTime', 'effectivePeriod', 'effectiveInstant', 'issued'];

/**
 * The components of a panel Observation as results of their own ("Bilan diabète" with an HbA1c
 * component coded 4548-4): each has its code and value, and the panel's status and dates. They
 * keep the panel's id, so evidence points at the resource a clinician can open.
 */
function componentsOf(obs: Record<string, unknown>): Record<string, unknown>[] {
  const list = asList(obs.component);
  if (!list || list.length === 0) return [];
  const shared: Record<string, unknown> = { resourceType: 'Observation', id: resourceId(obs) };
  for (const f of SHARED_FIELDS) if (obs[f] !== undefined) shared[f] = obs[f];
  // The panel's notes are read as a report's conclusion is (what they say of the component's
  // analyte), and a panel flagged as a whole flags each component that carries no flag of its own:
  // "HbA1c : présence d'un variant de l'hémoglobine" on a "Bilan diabète" panel (a review, 2026-12-07).
  const notes = [obs[REPORT_CONCLUSION], ...(asList(obs.note) ?? []).map((n) => asObject(n)?.text)].filter(
    (t): t is string => typeof t === 'string',
  );
  if (notes.length > 0) shared[REPORT_CONCLUSION] = notes.join('\n');
  const out: Record<string, unknown>[] = [];
  for (const item of list) {
    const c = asObject(item);
    if (!c || c.code === undefined) continue;
    out.push({ ...(obs.interpretation !== undefined ? { interpretation: obs.interpretation } : {}), ...c, ...shared });
  }
  return out;
}

/** Whether a subject reference names a Patient other than `patientId` ("Patient/other", an absolute URL). */
function otherPatient(subject: unknown, patientId: string): boolean {
  const reference = asString(asObject(subject)?.reference);
  const id =
    reference === undefined ? undefined : /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]*)?$/.exec(reference)?.[1];
  return id !== undefined && id !== patientId;
}

/**
 * The Observations a result may hide in: the record's own, and those contained in its
 * DiagnosticReports (a lab that sends an HbA1c only inside its report). A contained one gets an
 * id naming its report, so evidence points at something a clinician can find.
 */
function observationsOf(record: PatientRecord, dq: DataQualityLog): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  // A result contained in this patient's report whose own subject is another patient (a report
  // carrying a relative's or a mislabelled sample's result) is no result of this patient's: a
  // review of US laboratory values (2026-12-07) found one deciding the HbA1c.
  const ownResult = (report: Record<string, unknown>, c: Record<string, unknown>): boolean => {
    const other = otherPatient(c.subject, record.patientId);
    if (other) dq.add(report, 'DiagnosticReport', 'a contained result names another patient as its subject');
    return !other;
  };
  const { withdrawn, conclusions } = listingReports(record);
  for (const raw of untrustedResources(record, 'Observation')) {
    const obj = asObject(raw);
    if (!obj) {
      dq.add(raw, 'Observation', 'not a JSON object');
      continue;
    }
    // A result that a report entered in error or cancelled lists is in doubt, whatever its own status.
    const id = resourceId(obj);
    const conclusion = conclusions.size > 0 ? conclusions.get(id) : undefined;
    const listed = conclusion !== undefined ? { ...obj, [REPORT_CONCLUSION]: conclusion } : obj;
    // So is one whose meaning a modifier extension may change (facts/modifier-extension.ts).
    // One that already says it was cancelled or entered in error keeps that status, and is left
    // out as such: made "unknown", a cancelled HbA1c with no value hid an older final one (a
    // review of US records, 2026-12-07).
    const ownWithdrawn = typeof obj.status === 'string' && WITHDRAWN.has(obj.status);
    const own =
      (withdrawn.size > 0 && withdrawn.has(id) && !ownWithdrawn) || hasModifierExtension(obj)
        ? { ...listed, status: 'unknown' }
        : listed;
    out.push(own);
    out.push(...componentsOf(own));
  }
  for (const raw of untrustedResources(record, 'DiagnosticReport')) {
    const report = asObject(raw);
    if (!report) continue;
    // A report entered in error, cancelled, registered or partial holds no result of its own yet;
    // a preliminary one holds results not yet verified (the newest of them makes the latest value
    // unknown, as a preliminary Observation does); one whose status cannot be read leaves its
    // results unreadable.
    const status = report.status;
    if (status === 'preliminary') {
      for (const item of asList(report.contained) ?? []) {
        const c = asObject(item);
        if (c?.resourceType !== 'Observation' || !ownResult(report, c)) continue;
        out.push({ ...c, id: `${resourceId(report)}-${resourceId(c)}`, status: 'preliminary' });
      }
      continue;
    }
    if (typeof status === 'string' && REPORT_STATUS.dropped.has(status)) continue;
    const readable = typeof status === 'string' && REPORT_STATUS.counts.has(status);
    const conclusion = typeof report.conclusion === 'string' ? { [REPORT_CONCLUSION]: report.conclusion } : {};
    for (const item of asList(report.contained) ?? []) {
      const c = asObject(item);
      if (c?.resourceType !== 'Observation' || !ownResult(report, c)) continue;
      out.push({
        ...c,
        ...conclusion,
        id: `${resourceId(report)}-${resourceId(c)}`,
        ...(readable ? {} : { status: 'unknown' }),
      });
    }
  }
  return out;
}

/**
 * The bucket of results under a local code whose words look like an HbA1c's name but are none the
 * value sets list: newest, they leave the latest HbA1c unknown (facts/hba1c.ts).
 */
export const UNREAD_HBA1C = '(unread HbA1c name)';

/**
 * One pass over Observations (with those contained in reports): each lands in the bucket of
 * every observation value set its code matches, or, when no code matches, whose names its words
 * hold ("HbA1c", "hémoglobine glyquée" on a local lab code). Laboratory feeds carry hundreds of
 * local analytes, so an Observation the service cannot classify is not a doubt on every lab fact:
 * it is passed over, and so is one whose LOINC code names another test, whatever its words say
 * (see `groupsOf`; a generic document code such as 18748-4 names no test, so words decide there).
 */
export function groupObservations(record: PatientRecord, valueSets: ValueSetIndex, dq: DataQualityLog): ByValueSet {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const obj of observationsOf(record, dq)) {
    const concept = readConcept(obj.code);
    if (concept.malformed) dq.add(obj, 'Observation', 'code is unreadable');
    // A code of the wrong shape is a defect its words do not repair: only codes are read then.
    const cls = classifyConcept(valueSets, concept, 'observation', concept.malformed ? 'never' : 'fallback');
    const ids = groupsOf(valueSets, concept, cls);
    markByWords(obj, cls, ids);
    add(out, ids, obj);
    // Only where no code speaks: a LOINC code in no value set names another test.
    const unread =
      ids.length === 0 &&
      !cls.otherCode &&
      !concept.malformed &&
      looksLikeUnreadHba1c([concept.text, ...concept.codings.map((c) => c.display)]);
    if (unread) add(out, [UNREAD_HBA1C], obj);
  }
  return out;
}

/**
 * The bucket of reports whose code names no test of any value set (a generic "Laboratory report",
 * a local "Bilan diabète"): a reader may look in their text for a result it must not miss.
 */
export const UNGROUPED_REPORTS = '(no value set)';

// Reports whose listed results are none of them on the record, and which contain none.
const listsOnlyMissing = new WeakSet<object>();

/**
 * Whether a report lists results of which none is on the record (and contains none): its value is
 * out of reach as a report's in text only is. A newest HbA1c report listing a result the record
 * does not hold, its conclusion "HbA1c 7,1 %", let an older 9.1 % decide (a review, 2026-12-07).
 */
export function resultsOutOfReach(report: object): boolean {
  return listsOnlyMissing.has(report);
}

/** The ids of the record's Observations, once. */
function observationIds(record: PatientRecord): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const raw of untrustedResources(record, 'Observation')) {
    const obj = asObject(raw);
    if (obj) ids.add(resourceId(obj));
  }
  return ids;
}

/** One pass over DiagnosticReports, grouped by the observation value sets their code falls in. */
export function groupReports(record: PatientRecord, valueSets: ValueSetIndex, dq: DataQualityLog): ByValueSet {
  const out = new Map<string, Record<string, unknown>[]>();
  let onFile: ReadonlySet<string> | undefined;
  for (const raw of untrustedResources(record, 'DiagnosticReport')) {
    const read = asObject(raw);
    if (!read) {
      dq.add(raw, 'DiagnosticReport', 'not a JSON object');
      continue;
    }
    const obj = hasModifierExtension(read) ? { ...read, status: 'unknown' } : read;
    const listed = listedResults(obj);
    if (listed.length > 0 && !(asList(obj.contained) ?? []).some((c) => asObject(c)?.resourceType === 'Observation')) {
      onFile ??= observationIds(record);
      const held = onFile;
      if (!listed.some((id) => held.has(id))) listsOnlyMissing.add(obj);
    }
    const concept = readConcept(obj.code);
    const cls = classifyConcept(valueSets, concept, 'observation', 'fallback');
    const ids = groupsOf(valueSets, concept, cls);
    markByWords(obj, cls, ids);
    add(out, ids.length > 0 ? ids : [UNGROUPED_REPORTS], obj);
  }
  return out;
}

/** The resources in any of the buckets, each once, in first-seen order. */
export function bucketsOf(groups: ByValueSet, ids: readonly string[]): Record<string, unknown>[] {
  const seen = new Set<Record<string, unknown>>();
  for (const id of ids) for (const r of groups.get(id) ?? []) seen.add(r);
  return [...seen];
}
