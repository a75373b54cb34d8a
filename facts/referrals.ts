import { isRange, type RuleValue } from '../rules/condition-evaluator.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { normaliseText } from '../rules/value-sets.js';
import { conceptLabel, conceptWords, readConcept, type ReadConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';
import { wordsPattern } from './context-words.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { known, type Evidence, type Fact } from './fact.js';
import { daysSince, daysSinceMs, lastInstant, readPastDate, type FhirDate } from './fhir-date.js';
import { asList, asObject, asString } from './json-value.js';
import type { PriorStep, PumpReferralFinding, TrialPrior, TrialReferralsFinding } from './patient-facts.js';
import { resourceId, resourceLabel } from './resource-label.js';

/** Value set of what a pump-evaluation referral asks for (ServiceRequest.code). */
export const PUMP_REFERRAL_SET = 'pump-evaluation-referral';

/**
 * ServiceRequest statuses (https://hl7.org/fhir/R4/valueset-request-status.html): `active` and
 * `on-hold` are a referral under way (on hold is paused, not dropped: suggesting it again would
 * duplicate it); `completed` was carried out; `draft` was never sent (this service's own
 * suggestions are drafts), `revoked` was cancelled, `entered-in-error` never was. Any other value
 * (`unknown`, a typo, none) cannot be read.
 */
const OPEN = new Set(['active', 'on-hold']);
const IGNORED = new Set(['draft', 'revoked', 'entered-in-error']);

const NCT_ID = /^NCT\d{8}$/i;
// In free text people also write "nct 04270656" or "NCT-04270656".
const NCT_IN_TEXT = /\bNCT[\s-]?\d{8}\b/gi;
const NCT_SEPARATOR = /[\s-]/g;
const PATIENT_REF = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const STUDY_REF = /(?:^|\/)ResearchStudy\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** Trial ids written in a text, upper-cased. */
function idsInText(text: string | undefined, into: Set<string>): void {
  if (!text) return;
  for (const m of text.matchAll(NCT_IN_TEXT)) into.add(m[0].replace(NCT_SEPARATOR, '').toUpperCase());
}

/** Trial ids carried as identifier values (any system: `https://clinicaltrials.gov` in our drafts). */
function idsInIdentifiers(value: unknown, into: Set<string>): void {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  for (const item of list) {
    const v = asString(asObject(item)?.value)?.trim();
    if (v && NCT_ID.test(v)) into.add(v.toUpperCase());
  }
}

/**
 * Trial ids written in a request's words, the weaker sign (lower-confidence evidence): what it
 * asks for (`code`), why (`reasonCode`), its notes, and the display of what supports it
 * (`supportingInfo`, e.g. a QuestionnaireResponse "Eligibility checklist NCT…").
 */
function idsInWords(r: Record<string, unknown>, code: ReadConcept, into: Set<string>): void {
  idsInText(code.text, into);
  for (const c of code.codings) idsInText(c.display, into);
  for (const reason of asList(r.reasonCode) ?? []) {
    const concept = readConcept(reason);
    idsInText(concept.text, into);
    for (const c of concept.codings) idsInText(c.display, into);
  }
  for (const note of asList(r.note) ?? []) idsInText(asString(asObject(note)?.text), into);
  for (const info of asList(r.supportingInfo) ?? []) {
    const ref = asObject(info);
    idsInText(asString(ref?.display), into);
    idsInIdentifiers(ref?.identifier, into);
  }
}

/**
 * Whether a request names a pump evaluation only in its reasons or notes: an endocrinology
 * referral "for CSII evaluation" is one (docs/clinical-rules.md, "No repeat of what is already
 * done"). Words only, so lower confidence; denied or hypothetical wording ("pas de pompe") matches
 * nothing (concept-class.ts).
 */
function namesPumpEvaluation(r: Record<string, unknown>, valueSets: ValueSetIndex): boolean {
  const reasons = (asList(r.reasonCode) ?? []).map(readConcept);
  const notes = (asList(r.note) ?? []).map((n) => asString(asObject(n)?.text));
  const concepts: ReadConcept[] = [...reasons, ...notes.map((text) => ({ codings: [], malformed: false, text }))];
  return concepts.some((c) => classifyConcept(valueSets, c, 'referral', 'always').ids.includes(PUMP_REFERRAL_SET));
}

// Pumps that are not insulin pumps, named as the pump: a feeding pump, a PCA or morphine pump, an
// apomorphine pump (Parkinson's disease), a chemotherapy or intrathecal baclofen pump, a breast
// pump, a wound VAC pump, "pompe de nutrition", "pompe à apomorphine". A request found by words
// alone ("Mise en place pompe", "Pump training") that names one, and nothing of insulin or
// diabetes, is about that pump. Words of the same field elsewhere in a request ("Nutrition consult
// for carb counting", "foot ulcer on VAC therapy") name no pump and change nothing.
const OTHER_KIND =
  '(?:enteral|enterale|feeding|feed|tube feeding|nutrition|pca|analgesia|morphine|opioid|apomorphine|heparin|baclofen|intrathecal|breast|chemo|chemotherapy|wound|wound vac|vac)';
const OTHER_KIND_FR =
  '(?:nutrition|alimentation|gavage|apomorphine|morphine|pca|analgesie|heparine|baclofene|intrathecale|chimio|chimiotherapie|tire lait|nutrition enterale|nutrition parenterale)';
const OTHER_PUMP = new RegExp(
  ` (?:${OTHER_KIND} pumps?|pompes? (?:a |de |d |pour (?:la |l )?)?${OTHER_KIND_FR}|pompe pca) `,
);
const INSULIN_OR_DIABETES = wordsPattern([
  'insulin',
  'insuline',
  'insulines',
  'insulinotherapie',
  'csii',
  'psci',
  'isci',
  'diabetes',
  'diabete',
  'diabeto',
  'diabetologie',
  'diabetology',
  'omnipod',
  'minimed',
  'medtronic',
  'tandem',
  'tslim',
  't slim',
  'ypsopump',
  'medtrum',
  'kaleido',
  'dana',
  'accu chek',
  'camaps',
  'control iq',
  'diabeloop',
]);

/** Whether a request's words (what it asks for, why, its notes) name a pump that is not for insulin. */
function namesAnotherPump(r: Record<string, unknown>, code: ReadConcept): boolean {
  const words = [
    ...conceptWords(code),
    ...(asList(r.reasonCode) ?? []).flatMap((reason) => conceptWords(readConcept(reason))),
    ...(asList(r.note) ?? []).map((n) => asString(asObject(n)?.text) ?? ''),
  ];
  const t = normaliseText(words.join(' . '));
  return OTHER_PUMP.test(t) && !INSULIN_OR_DIABETES.test(t);
}

// A request to a study team that names no trial ("Adressage recherche clinique - essai pompe
// insuline stéatose", "Referral to clinical research: pump vs MDI trial"): it may be any trial's,
// so "not referred yet" cannot be told for any (a review of requests, 2026-12-06).
const TO_A_STUDY_TEAM = wordsPattern([
  'essai clinique',
  'essai therapeutique',
  'recherche clinique',
  'adressage essai',
  'inclusion essai',
  'inclusion dans un essai',
  'etude clinique',
  'equipe de recherche',
  'clinical trial',
  'clinical research',
  'research study',
  'research referral',
  'research coordinator',
  'study coordinator',
  'study team',
  'study referral',
  'trial referral',
  'trial screening',
  'screen for trial',
]);

/** Whether a request's words (what it asks for, why, its notes) send the patient to a study team. */
function toAStudyTeam(r: Record<string, unknown>, code: ReadConcept): boolean {
  const words = [
    ...conceptWords(code),
    ...(asList(r.reasonCode) ?? []).flatMap((c) => conceptWords(readConcept(c))),
    ...(asList(r.note) ?? []).map((n) => asString(asObject(n)?.text) ?? ''),
  ];
  return TO_A_STUDY_TEAM.test(normaliseText(words.join(' ; ')));
}

/** Whether a reference (subject, individual) points at this patient: yes, another, or unreadable. */
function owner(reference: unknown, patientId: string): 'this' | 'other' | 'unreadable' {
  const ref = asString(asObject(reference)?.reference);
  const m = ref ? PATIENT_REF.exec(ref) : null;
  if (!m?.[1]) return 'unreadable';
  return m[1] === patientId ? 'this' : 'other';
}

/** The latest readable date of a request: its occurrence, else when it was written. */
function latestDate(r: Record<string, unknown>, now: Date): FhirDate | undefined {
  const period = asObject(r.occurrencePeriod);
  let best: FhirDate | undefined;
  for (const v of [r.occurrenceDateTime, period?.end, period?.start, r.authoredOn]) {
    const d = readPastDate(v, now);
    if (typeof d === 'object' && (!best || lastInstant(d) > lastInstant(best))) best = d;
  }
  return best;
}

/** Days since a date: exact for a day or a time, the range a month or a year allows otherwise. */
function daysOf(date: FhirDate, now: Date): RuleValue {
  if (date.precision === 'day' || date.precision === 'time') return daysSince(date, now);
  return { low: daysSinceMs(lastInstant(date), now), high: daysSince(date, now) };
}

/** The smaller end of a day count (the most recent). */
function lowOf(days: RuleValue): number {
  return isRange(days) ? (days.low ?? 0) : Number(days);
}

/** A request read as a step, or why its status cannot be read; undefined when it does not count at all. */
function requestStep(
  r: Record<string, unknown>,
  label: string,
  confidence: Evidence['confidence'],
  now: Date,
): PriorStep | { doubt: string } | undefined {
  const status = r.status;
  if (typeof status === 'string' && IGNORED.has(status)) return undefined;
  const date = latestDate(r, now);
  const evidence: Evidence = {
    resourceType: 'ServiceRequest',
    id: resourceId(r),
    ...(date ? { date: date.text } : {}),
    display: `${label} (${typeof status === 'string' ? status : 'no status'})`,
    confidence,
  };
  if (typeof status === 'string' && OPEN.has(status)) return { kind: 'open', status, evidence };
  if (status === 'completed')
    return { kind: 'completed', status, ...(date ? { days: daysOf(date, now) } : {}), evidence };
  return { doubt: `${resourceLabel(r, 'ServiceRequest')} may be one, but its status cannot be read` };
}

/** Adds a step or a doubt to a trial's entry. */
function addToTrial(byTrial: Map<string, TrialPrior>, id: string, step: PriorStep | { doubt: string }): void {
  const prior = byTrial.get(id) ?? { steps: [] };
  byTrial.set(
    id,
    'doubt' in step
      ? { ...prior, doubt: prior.doubt ? `${prior.doubt}; ${step.doubt}` : step.doubt }
      : { ...prior, steps: [...prior.steps, step] },
  );
}

interface RequestReading {
  readonly pump: PriorStep[];
  readonly pumpDoubts: string[];
  readonly trials: Map<string, TrialPrior>;
  /** Requests to a study team that name no trial: any trial's referral may be among them. */
  readonly unnamedTrials: string[];
}

/**
 * Reads the patient's ServiceRequests: a referral to a trial's study team carries the trial id,
 * as an identifier of any system whose value is the NCT number (this service's drafts write
 * `https://clinicaltrials.gov|NCT…`), or, as lower-confidence evidence, written in its code,
 * reason, notes or supporting-information display; any other request whose code is in
 * `pump-evaluation-referral` (by code, or by words as lower confidence) is a pump-evaluation
 * referral, and so is a request naming a trial whose words also name the pump evaluation: it
 * counts for both.
 */
function readRequests(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
  forTrials: boolean,
): RequestReading {
  const out: RequestReading = { pump: [], pumpDoubts: [], trials: new Map(), unnamedTrials: [] };
  for (const raw of untrustedResources(record, 'ServiceRequest')) {
    const r = asObject(raw);
    if (!r) {
      dq.add(raw, 'ServiceRequest', 'not a JSON object');
      continue;
    }
    const code = readConcept(r.code);
    const trialIds = new Set<string>();
    idsInIdentifiers(r.identifier, trialIds);
    const byIdentifier = trialIds.size > 0;
    idsInWords(r, code, trialIds);
    // A request may be both: "Endocrinology referral - insulin pump evaluation", noted "Also please
    // screen for pump vs MDI trial NCT04270656", asks for the evaluation the pump card suggests (a
    // review, 2026-12-07, found the card shown beside it). A trial's own title naming the pump
    // (NCT04270656) makes the referral to it one too: the study team then answers the question.
    const cls = classifyConcept(valueSets, code, 'referral', 'always');
    const pumpByCode = cls.byCode.includes(PUMP_REFERRAL_SET);
    const pumpByWords = cls.ids.includes(PUMP_REFERRAL_SET) || namesPumpEvaluation(r, valueSets);
    const pump = pumpByCode || (pumpByWords && !namesAnotherPump(r, code));
    // Only the trial referrals need the requests to a study team (the pump's facts skip the words).
    const unnamedTrial = forTrials && !pump && trialIds.size === 0 && toAStudyTeam(r, code);
    if (!pump && trialIds.size === 0 && !unnamedTrial) continue;
    const whose = owner(r.subject, record.patientId);
    if (whose === 'other') {
      dq.add(r, 'ServiceRequest', 'belongs to another patient');
      continue;
    }
    const label = conceptLabel(code) ?? 'Referral';
    if (whose === 'unreadable') {
      dq.add(r, 'ServiceRequest', 'no readable subject');
      const doubt = { doubt: `${resourceLabel(r, 'ServiceRequest')} may be one, but its subject cannot be read` };
      if (pump) out.pumpDoubts.push(doubt.doubt);
      for (const id of trialIds) addToTrial(out.trials, id, doubt);
      continue;
    }
    if (unnamedTrial) {
      if (requestStep(r, label, 'low', now))
        out.unnamedTrials.push(
          `${resourceLabel(r, 'ServiceRequest')} is a referral to a study team that names no trial`,
        );
      continue;
    }
    if (pump) {
      const step = requestStep(r, label, pumpByCode ? 'high' : 'low', now);
      if (step && 'doubt' in step) out.pumpDoubts.push(step.doubt);
      else if (step) out.pump.push(step);
      if (trialIds.size === 0) continue;
    }
    const step = requestStep(r, label, byIdentifier ? 'high' : 'low', now);
    if (step) for (const id of trialIds) addToTrial(out.trials, id, step);
  }
  return out;
}

/** The trial ids a ResearchSubject's study names: in the reference itself, or in the ResearchStudy it points to. */
function studyIds(rs: Record<string, unknown>, studies: ReadonlyMap<string, Record<string, unknown>>): Set<string> {
  const ids = new Set<string>();
  const study = asObject(rs.study);
  if (!study) return ids;
  idsInIdentifiers(study.identifier, ids);
  idsInText(asString(study.display), ids);
  const reference = asString(study.reference);
  idsInText(reference, ids);
  let target: Record<string, unknown> | undefined;
  if (reference?.startsWith('#')) {
    target = (asList(rs.contained) ?? [])
      .map(asObject)
      .find((c) => c?.resourceType === 'ResearchStudy' && c.id === reference.slice(1));
  } else {
    const m = reference ? STUDY_REF.exec(reference) : null;
    if (m?.[1]) target = studies.get(m[1]);
  }
  if (target) {
    idsInIdentifiers(target.identifier, ids);
    idsInText(asString(target.title), ids);
  }
  return ids;
}

/**
 * Reads the patient's ResearchSubjects: each one, whatever its status, shows the study team
 * already knows the patient (a candidate, screened, enrolled, found ineligible or withdrawn).
 * A subject whose study cannot be identified might be any trial's.
 */
function readSubjects(record: PatientRecord, dq: DataQualityLog, trials: Map<string, TrialPrior>): string[] {
  const doubts: string[] = [];
  const studies = new Map<string, Record<string, unknown>>();
  for (const raw of untrustedResources(record, 'ResearchStudy')) {
    const s = asObject(raw);
    const id = s && asString(s.id);
    if (s && id) studies.set(id, s);
  }
  for (const raw of untrustedResources(record, 'ResearchSubject')) {
    const rs = asObject(raw);
    if (!rs) {
      dq.add(raw, 'ResearchSubject', 'not a JSON object');
      doubts.push(`unreadable record ${resourceLabel(raw, 'ResearchSubject')}`);
      continue;
    }
    const label = resourceLabel(rs, 'ResearchSubject');
    const whose = owner(rs.individual, record.patientId);
    if (whose === 'other') {
      dq.add(rs, 'ResearchSubject', 'belongs to another patient');
      continue;
    }
    const ids = studyIds(rs, studies);
    if (whose === 'unreadable') {
      dq.add(rs, 'ResearchSubject', 'no readable individual');
      doubts.push(`${label}: its individual cannot be read`);
      continue;
    }
    if (ids.size === 0) {
      dq.add(rs, 'ResearchSubject', 'the study cannot be identified');
      doubts.push(`${label}: its study names no ClinicalTrials.gov id`);
      continue;
    }
    const status = asString(rs.status) ?? 'no status';
    for (const id of ids) {
      addToTrial(trials, id, {
        kind: 'subject',
        status,
        evidence: {
          resourceType: 'ResearchSubject',
          id: resourceId(rs),
          display: `Research subject of ${id} (${status})`,
          confidence: 'high',
        },
      });
    }
  }
  return doubts;
}

/** Joins reasons, or undefined when there are none. */
function joined(reasons: readonly (string | undefined)[]): string | undefined {
  const list = reasons.filter((r): r is string => r !== undefined);
  return list.length === 0 ? undefined : list.join('; ');
}

/**
 * Pump-evaluation referrals on file (docs/clinical-rules.md, "No repeat of what is already
 * done"). A referral found is known whatever else the list holds; "none" is only known when the
 * ServiceRequests were loaded completely and none that might be one is unreadable.
 */
export function pumpReferralFact(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Fact<PumpReferralFinding> {
  const read = readRequests(record, valueSets, now, dq, false);
  const doubt = joined([absenceUnproven(record, ['ServiceRequest']), ...read.pumpDoubts]);
  const completed = read.pump.filter((s) => s.kind === 'completed');
  const undated = completed.find((s) => s.days === undefined);
  const dated = completed.filter((s) => s.days !== undefined).sort((a, b) => lowOf(a.days!) - lowOf(b.days!));
  const latest = dated[0]?.days;
  const completedWhy =
    latest !== undefined
      ? undefined
      : undated
        ? `${undated.evidence.resourceType}/${undated.evidence.id} is completed but undated`
        : (doubt ?? 'no completed pump-evaluation referral on file');
  return known(
    {
      steps: read.pump,
      ...(doubt ? { doubt } : {}),
      ...(latest !== undefined ? { completedDays: latest } : {}),
      ...(completedWhy ? { completedWhy } : {}),
    },
    read.pump.map((s) => s.evidence),
  );
}

/**
 * Referrals to trial study teams and ResearchSubjects on file, by trial id. A step found is
 * known whatever else the lists hold; "none for this trial" is only known when ServiceRequests
 * and ResearchSubjects were loaded completely and every ResearchSubject names its study.
 */
export function trialReferralsFact(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
): Fact<TrialReferralsFinding> {
  const { trials, unnamedTrials } = readRequests(record, valueSets, now, dq, true);
  const subjectDoubts = readSubjects(record, dq, trials);
  const doubt = joined([
    absenceUnproven(record, ['ServiceRequest']),
    absenceUnproven(record, ['ResearchSubject']),
    ...subjectDoubts,
    ...unnamedTrials,
  ]);
  const evidence = [...trials.values()].flatMap((t) => t.steps.map((s) => s.evidence));
  return known({ byTrial: trials, ...(doubt ? { doubt } : {}) }, evidence);
}
