import { normaliseText, type ValueSet, type ValueSetIndex } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { conditionRefuted, conditionTentative, type Standing } from './clinical-status.js';
import { conceptLabel, conceptWords, readConcept, type ReadConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';
import { hasModifierExtension, MODIFIED } from './modifier-extension.js';
import { findingInText } from './finding-text.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import { PLAN_WORDS, wordsPattern } from './context-words.js';
import type { DataQualityLog } from './data-quality.js';
import type { Evidence } from './fact.js';
import { FindingTally, type DateBounds } from './finding-tally.js';
import { asObject } from './json-value.js';
import { resourceId, resourceLabel } from './resource-label.js';
import { alcoholInWords } from './steatosis-alcohol-words.js';
import { drugCauseInWords } from './steatosis-drug-words.js';
import { annotationTexts } from './annotation-text.js';
import { typesNotedOtherwise } from './noted-diabetes-type.js';
import { visitDiagnosisAgeDays } from './visit-diagnosis.js';

/** How to read one coded resource type (Condition, Procedure) against value sets of one kind. */
export interface CodedRecordSpec {
  readonly type: 'Condition' | 'Procedure';
  readonly kind: ValueSet['kind'];
  readonly standing: (resource: Record<string, unknown>) => Standing;
  /** When the finding began, as bounds, and the date problem to report, if any. */
  readonly when: (resource: Record<string, unknown>) => { readonly bounds: DateBounds; readonly problem?: string };
  /** The data-quality line for an uncertain standing, when it is a defect rather than a legal status. */
  readonly uncertainProblem: (resource: Record<string, unknown>) => string | undefined;
}

const UNSURE_NOTE = 'status unclear; may date the onset earlier';
const REMISSION_NOTE = 'in remission by its code or words';
const STEATOSIS_IDS: ReadonlySet<string> = new Set(['steatosis', 'nash']);
// "ALD vs MASLD": beside a hesitation between steatoses, ALD is the alcoholic one (alone, in French
// records, it is an Affection de Longue Durée, so it is read only here).
const ALCOHOL_SHORT = / (?:ald|metald|ald vs|vs ald) /;
const ALCOHOLIC_LIVER_DISEASE = 'alcoholic-liver-disease';
const TOXIC = 'toxic-liver-disease';

/** How an ended record was marked, for evidence: "marked inactive". */
function endedNote(resource: Record<string, unknown>): string {
  const code = readConcept(resource.clinicalStatus).codings.find((c) => c.code)?.code;
  return code === 'remission' ? 'marked in remission' : `marked ${code ?? 'ended'}`;
}

// Words that make a record a plan rather than an event that happened.
const PLANNED = wordsPattern(PLAN_WORDS);
// Words that say a disease healed, cleared or was ruled out. Not every denial: "HBeAg-negative
// chronic hepatitis B" is the inactive carrier itself.
const HEALED = wordsPattern([
  'resolved',
  'resolue',
  'resolu',
  'gueri',
  'guerie',
  'healed',
  'cured',
  'cleared',
  'clearance',
  'seroclearance',
  'seroconversion',
  'no longer',
  'rvs',
  'svr',
  'ruled out',
  'exclu',
  'exclue',
  'ecarte',
  'ecartee',
  'elimine',
  'eliminee',
]);

/** The evidence a record gives: its date, and beside its name what the date is and why it is cited. */
function evidenceOf(
  resource: Record<string, unknown>,
  type: CodedRecordSpec['type'],
  concept: ReadConcept,
  confidence: Evidence['confidence'],
  bounds: DateBounds,
  why?: string,
): Evidence {
  const notes = [bounds.note, why].filter((n) => n !== undefined).join('; ');
  const name = conceptLabel(concept) ?? resourceLabel(resource, type);
  return {
    resourceType: type,
    id: resourceId(resource),
    ...(bounds.text ? { date: bounds.text } : {}),
    display: notes ? `${name} (${notes})` : conceptLabel(concept),
    confidence,
  };
}

/** The tally of one resource type against every value set of the kind, and why absence is unproven. */
export interface CodedTally {
  readonly tally: FindingTally;
  readonly unproven: string | undefined;
}

const ONSET_FIELDS = ['onsetDateTime', 'onsetPeriod', 'onsetAge', 'onsetRange', 'onsetString'];

/** A record without its onset fields: what its other dates (the recorded date) say alone. */
function withoutOnset(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !ONSET_FIELDS.includes(k)));
}

// The diabetes types, and the set of a diabetes whose type is not known.
const DIABETES_TYPE_SETS = ['t1d', 't2d'];
const DIABETES_UNSPECIFIED = 'diabetes-unspecified';

/**
 * A diabetes type refuted (verificationStatus refuted, not entered in error): the type was wrong,
 * not the diabetes, which was there by the record's date. It counts as a diabetes of unknown type
 * that may be that old: "Type 2 diabetes" refuted on reclassification, onset 2019, beside a type 1
 * code of last month is no diabetes diagnosed less than 3 months ago (a review, 2026-12-07).
 */
function refutedType(
  obj: Record<string, unknown>,
  valueSets: ValueSetIndex,
  spec: CodedRecordSpec,
  tally: FindingTally,
  dq: DataQualityLog,
): void {
  if (!valueSets.all.has(DIABETES_UNSPECIFIED)) return;
  const concept = readConcept(obj.code);
  const cls = classifyConcept(valueSets, concept, spec.kind, 'always');
  if (!cls.ids.some((id) => DIABETES_TYPE_SETS.includes(id))) return;
  const { bounds, problem } = spec.when(obj);
  if (problem) dq.add(obj, spec.type, problem);
  const evidence = evidenceOf(obj, spec.type, concept, cls.confidence, bounds, 'its type refuted; dates the diabetes');
  tally.doubt(DIABETES_UNSPECIFIED, `${resourceLabel(obj, spec.type)} (a diabetes type refuted)`, evidence);
  tally.dates(DIABETES_UNSPECIFIED, evidence, bounds);
}

/**
 * The sets a record names only by a code that a broad set (one that leaves others open) lists too,
 * whose own words do not name them: "Hépatopathie dysimmunitaire" under K75.8 names no NASH.
 * Without words the code decides, as before.
 */
function broadCodeUnconfirmed(
  valueSets: ValueSetIndex,
  cls: { readonly ids: readonly string[]; readonly byCode: readonly string[] },
  text: string | undefined,
): string[] {
  if (text === undefined || text.trim() === '') return [];
  if (!cls.byCode.some((id) => valueSets.all.get(id)?.leavesOpen)) return [];
  return cls.byCode.filter(
    (id) => !valueSets.all.get(id)?.leavesOpen && findingInText(valueSets, text, new Set([id])) !== 'present',
  );
}

/**
 * One pass over the records of a type, classifying each against every value set of the kind.
 * A record whose code cannot be classified (a local code, an unknown system, nothing readable)
 * could be any diagnosis, such as a hidden type 1 diabetes: it makes every absence unknown.
 */
export function tallyCodedRecords(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
  spec: CodedRecordSpec,
): CodedTally {
  const tally = new FindingTally(now);
  for (const raw of untrustedResources(record, spec.type)) {
    const label = resourceLabel(raw, spec.type);
    const obj = asObject(raw);
    if (!obj) {
      dq.add(raw, spec.type, 'not a JSON object');
      tally.doubtAll(`unreadable record ${label}`);
      continue;
    }
    const standing = spec.standing(obj);
    if (standing === 'ignored') {
      if (spec.type === 'Condition' && conditionRefuted(obj)) refutedType(obj, valueSets, spec, tally, dq);
      continue;
    }
    const concept = readConcept(obj.code);
    if (standing !== 'ended' && concept.malformed && concept.codings.length === 0) {
      dq.add(obj, spec.type, 'code is unreadable');
      tally.doubtAll(`${label}: code is unreadable`);
      continue;
    }
    const cls = classifyConcept(valueSets, concept, spec.kind, 'always');
    // What a record whose meaning a modifier extension may change names is in doubt.
    if (hasModifierExtension(obj)) {
      dq.add(obj, spec.type, MODIFIED);
      for (const id of cls.ids) tally.doubt(id, `${label} (${MODIFIED})`);
      continue;
    }
    // A lifelong finding named in remission by the record's code or words ("Type 2 diabetes
    // mellitus in remission", ICD-10-CM E11.A) is read as one marked in remission, whatever its
    // clinicalStatus says: the diabetes is not gone, but it is no active diabetes either.
    // Only sets that list a remission are asked, and the record's words are folded once.
    const remitting =
      standing === 'counts' && spec.type === 'Condition'
        ? cls.ids.filter((id) => valueSets.all.get(id)?.remission)
        : [];
    let remission = false;
    if (remitting.length > 0) {
      const words = normaliseText(conceptWords(concept).join(' '));
      remission = remitting.some((id) => valueSets.inRemission(id, concept.codings, words));
    }
    const ended = remission ? REMISSION_NOTE : standing === 'ended' ? endedNote(obj) : undefined;
    if (ended !== undefined) {
      // Ended: ignored, except that a lifelong condition (type 1 diabetes) marked resolved or in
      // remission may still be there: its absence is then unproven, and it existed by its onset,
      // so its dates still bound when the finding began (an old inactive record is no recent onset).
      // A record whose codes doubt each other ("Diabetes mellitus" 73211009 beside E11.9, marked
      // inactive since 2019) still shows a diabetes began by then (a review of NCT05153070,
      // 2026-12-07, found it dropped and a recent type 1 read as the first diabetes).
      const lifelong = [...cls.ids, ...(cls.doubtful ?? [])].filter((id) => valueSets.all.get(id)?.lifelong);
      // A past event (a bariatric operation) marked resolved or inactive still happened, and a
      // disease that does not go away (cirrhosis, an "inactive carrier" of hepatitis B) is still
      // there; a plan marked so ("Sleeve gastrectomy planned", resolved) was given up.
      // A persistent disease whose own words say it healed, cleared or was ruled out ("Hepatitis B,
      // resolved", "hépatite guérie", "Cirrhosis ruled out on FibroScan") is gone or never was.
      const words = normaliseText(conceptWords(concept).join(' '));
      const healed = HEALED.test(words);
      const events = PLANNED.test(words)
        ? []
        : cls.ids.filter((id) => {
            const set = valueSets.all.get(id);
            return set?.pastOrPlanned === true || (set?.persistent === true && !healed);
          });
      if (lifelong.length === 0 && events.length === 0) continue;
      const { bounds, problem: dateProblem } = spec.when(obj);
      if (dateProblem) dq.add(obj, spec.type, dateProblem);
      const happened = evidenceOf(obj, spec.type, concept, cls.confidence, bounds, ended);
      // Only a confirmed diagnosis shows the event or the disease; a tentative one leaves it open.
      const tentative = spec.type === 'Condition' && conditionTentative(obj);
      for (const id of events) {
        if (tentative) tally.doubt(id, `${label} (marked ended, not confirmed)`, happened);
        else tally.count(id, happened, bounds);
      }
      const evidence = evidenceOf(obj, spec.type, concept, cls.confidence, bounds, `${ended}; dates the onset`);
      for (const id of lifelong) {
        tally.doubt(id, `${label} (marked ended, lifelong)`, evidence);
        tally.dates(id, evidence, bounds);
      }
      continue;
    }
    if (cls.unclassified) {
      dq.add(obj, spec.type, cls.unclassified);
      tally.doubtAll(`${spec.type} ${cls.unclassified} (${label})`);
      continue;
    }
    // A record naming two findings that exclude each other (type 1 and type 2 diabetes) is
    // certain of neither: each is in doubt, neither counts.
    for (const id of cls.doubtful ?? []) {
      const why = cls.contradicted?.includes(id)
        ? 'its words deny or doubt its code'
        : cls.namedInPast?.includes(id)
          ? 'named in the past, though it does not go away'
          : 'names types that exclude each other';
      tally.doubt(id, `${label} (${why})`);
    }
    // A steatosis its own words put in doubt ("Fatty liver - ALD vs MASLD, pending AUDIT", "? methotrexate-
    // related") still names the cause it hesitates over: alcohol or a drug is to confirm (a review
    // of liver evidence, 2026-12-07, found both ruled out once the hedge left the item unread).
    if (spec.type === 'Condition' && cls.ids.length === 0 && (cls.doubtful ?? []).some((id) => STEATOSIS_IDS.has(id))) {
      const words = [...conceptWords(concept), ...annotationTexts(obj.note)];
      if (words.some((w) => alcoholInWords(w) !== undefined || ALCOHOL_SHORT.test(normaliseText(w))))
        tally.doubt(ALCOHOLIC_LIVER_DISEASE, `${label} (a doubtful steatosis whose words name alcohol)`);
      if (words.some((w) => drugCauseInWords(w) !== undefined))
        tally.doubt(TOXIC, `${label} (a doubtful steatosis whose words name a drug)`);
    }
    if (cls.ids.length === 0) continue;
    // A diabetes type whose notes name another ("c/w LADA" on an E11) is certain of neither.
    const noted = spec.type === 'Condition' ? typesNotedOtherwise(valueSets, cls.ids, annotationTexts(obj.note)) : [];
    for (const id of noted) tally.doubt(id, `${label} (its notes name another diabetes type)`);
    const { bounds, problem: dateProblem } = spec.when(obj);
    if (dateProblem) dq.add(obj, spec.type, dateProblem);
    const evidence = evidenceOf(obj, spec.type, concept, cls.confidence, bounds);
    // A disease its code does not name ("Liver disease, unspecified", K76.9), whose words name no
    // set either ("HAI type 1, rémission sous azathioprine" under K76.8): it may be any of the sets
    // its set leaves open. A review of records (2026-12-07) found autoimmune hepatitis and biliary
    // cholangitis written so, and "no other chronic liver disease" met.
    // A broad code that a set lists beside one that leaves sets open (WHO K75.8, "other specified
    // inflammatory liver diseases", holds NASH and more) names the set only when its words do, or
    // when it has none: "Hépatite à IgG4" under K75.8 is no NASH, and may be any disease the broad
    // set leaves open (a review of French records, 2026-12-07).
    const unconfirmed = broadCodeUnconfirmed(valueSets, cls, concept.text);
    for (const id of unconfirmed) tally.doubt(id, `${label} (a broad code whose words name another disease)`, evidence);
    if (cls.ids.every((id) => valueSets.all.get(id)?.leavesOpen || unconfirmed.includes(id))) {
      for (const id of cls.ids.flatMap((x) => valueSets.all.get(x)?.leavesOpen ?? []))
        tally.doubt(id, `${label} (a disease its code does not name)`, evidence);
    }
    // A steatosis whose own words name alcohol as its cause ("Hepatic steatosis (EtOH-related)",
    // "Stéatose hépatique OH") has an alcoholic part, as a mixed one does; any other mention of
    // alcohol in its words or notes ("Pt drinks 6 beers daily") leaves that to confirm.
    if (
      spec.type === 'Condition' &&
      cls.ids.some((id) => STEATOSIS_IDS.has(id)) &&
      !cls.ids.includes(ALCOHOLIC_LIVER_DISEASE)
    ) {
      const said = [...conceptWords(concept), ...annotationTexts(obj.note)].map(alcoholInWords);
      const cause = conceptWords(concept).some((w) => alcoholInWords(w) === 'cause');
      if (cause && standing === 'counts')
        tally.count(ALCOHOLIC_LIVER_DISEASE, { ...evidence, confidence: 'low' }, bounds);
      else if (said.some((x) => x !== undefined))
        tally.doubt(ALCOHOLIC_LIVER_DISEASE, `${label} (a steatosis whose words name alcohol)`);
    }
    // A steatosis whose own words give it a drug as its cause ("Stéatose hépatique induite par le
    // tamoxifène") is a toxic liver disease; a drug only named beside it ("sous méthotrexate")
    // leaves that to confirm (steatosis-drug-words.ts).
    if (spec.type === 'Condition' && cls.ids.some((id) => STEATOSIS_IDS.has(id)) && !cls.ids.includes(TOXIC)) {
      const said = conceptWords(concept).map(drugCauseInWords);
      if (said.includes('cause') && standing === 'counts')
        tally.count(TOXIC, { ...evidence, confidence: 'low' }, bounds);
      else if (said.some((x) => x !== undefined)) tally.doubt(TOXIC, `${label} (a steatosis whose words name a drug)`);
    }
    // "Pre-existing type 1 diabetes in pregnancy" is dated by the pregnancy: for the diabetes, its
    // onset only shows the disease had begun by then.
    const episode = cls.ids.some((id) => valueSets.all.get(id)?.datesEpisode);
    const byThen: DateBounds = {
      ...(bounds.end !== undefined ? { end: bounds.end } : {}),
      ...(bounds.text ? { text: bounds.text } : {}),
      note: 'onset of the episode the record is about; the disease began by then',
    };
    // On a record of an episode and a lasting disease at once ("Pre-existing type 2 diabetes in
    // pregnancy, third trimester", onset 2016), the onset may be the disease's rather than the
    // episode's: the episode is dated by the record's date alone (it had begun by then).
    const dual = episode && cls.ids.some((id) => !valueSets.all.get(id)?.datesEpisode);
    const episodeBounds = dual ? spec.when(withoutOnset(obj)).bounds : bounds;
    const datedBy = (id: string) => (valueSets.all.get(id)?.datesEpisode ? episodeBounds : episode ? byThen : bounds);
    // An unsure record of a lifelong condition may be the same disease: it may have begun as
    // early as its date (never later). Other findings come and go (a past pregnancy): no widening.
    const unsure = evidenceOf(obj, spec.type, concept, cls.confidence, bounds, UNSURE_NOTE);
    const visitAge = spec.type === 'Condition' ? visitDiagnosisAgeDays(obj, bounds, now) : undefined;
    for (const id of cls.ids) {
      if (noted.includes(id) || unconfirmed.includes(id)) continue;
      const maxAge = valueSets.all.get(id)?.visitDiagnosisMaxAgeDays;
      if (standing === 'counts' && visitAge !== undefined && maxAge !== undefined && visitAge > maxAge)
        tally.doubt(id, `${label} (a visit diagnosis ${Math.floor(visitAge)} days old)`, evidence);
      else if (standing === 'counts') tally.count(id, evidence, datedBy(id));
      else {
        tally.doubt(id, label, evidence);
        if (valueSets.all.get(id)?.lifelong) tally.widens(id, unsure, datedBy(id));
      }
    }
    const problem = standing === 'uncertain' ? spec.uncertainProblem(obj) : undefined;
    if (problem) dq.add(obj, spec.type, problem);
  }
  return { tally, unproven: absenceUnproven(record, [spec.type]) };
}
