import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import { untrustedResources } from './coverage.js';
import { known, unknown, type Evidence, type Fact } from './fact.js';
import { typesLeftOpen } from './diabetes-type-hedge.js';
import { findingInText } from './finding-text.js';
import { asList, asObject, asString } from './json-value.js';
import type { ConditionFinding } from './patient-facts.js';
import { attachedTexts } from './report-attachments.js';
import { withoutCutoffs } from './cutoff-brackets.js';
import { sentencesOf } from './sentences.js';
import { REPORT_STATUS } from './report-status.js';
import { resourceId } from './resource-label.js';
import { CLAUSE_BREAK, FAMILY_WORDS, wordsPattern } from './context-words.js';
import { normaliseText } from '../rules/value-sets.js';

/*
 * A lasting disease stated in words outside the problem list's codes: a report of any kind (an
 * endoscopy finding varices, a pathology report "steatohepatitis with established cirrhosis", a
 * hepatology consultation "NASH cirrhosis, Child-Pugh A5"), or the note of a Condition ("FibroScan
 * 17,5 kPa : cirrhose compensée probable" under K76.0). A review of liver evidence (2026-12-07)
 * found each read as no cirrhosis and no other liver disease, and the trial card shown. Only for
 * value sets marked `statedInReports`: diseases that do not go away, whose mention in any report
 * is a record of the patient's disease.
 */

/** One text of the record, with the record it belongs to. */
export interface StatedText {
  readonly text: string;
  readonly evidence: Omit<Evidence, 'display' | 'confidence'> & { readonly label: string };
}

// A Condition entered in error says nothing, nor do its notes; a refuted one's notes may still.
const DONE_CONDITION = new Set(['entered-in-error']);

/** The texts that may state a disease: counting reports' conclusions and attached texts, and Conditions' notes. */
export function statedTexts(record: PatientRecord): StatedText[] {
  const out: StatedText[] = [];
  for (const raw of untrustedResources(record, 'DiagnosticReport')) {
    const r = asObject(raw);
    if (!r || typeof r.status !== 'string' || !REPORT_STATUS.counts.has(r.status)) continue;
    const date = asString(r.effectiveDateTime) ?? asString(asObject(r.effectivePeriod)?.start) ?? asString(r.issued);
    const title = readConcept(r.code);
    const label = title.text ?? title.codings.find((c) => c.display)?.display ?? 'report';
    const evidence = { resourceType: 'DiagnosticReport', id: resourceId(r), ...(date ? { date } : {}), label };
    for (const text of [asString(r.conclusion), ...attachedTexts(r)])
      if (text !== undefined && text.trim() !== '') out.push({ text: withoutCutoffs(text), evidence });
  }
  for (const raw of untrustedResources(record, 'Condition')) {
    const r = asObject(raw);
    if (!r) continue;
    const status = readConcept(r.verificationStatus).codings[0]?.code;
    if (status !== undefined && DONE_CONDITION.has(status)) continue;
    const date = asString(r.recordedDate) ?? asString(r.onsetDateTime);
    const label = readConcept(r.code).text ?? 'problem';
    const evidence = {
      resourceType: 'Condition',
      id: resourceId(r),
      ...(date ? { date } : {}),
      label: `note on ${label}`,
    };
    for (const note of asList(r.note) ?? []) {
      const text = asString(asObject(note)?.text);
      if (text !== undefined && text.trim() !== '') out.push({ text, evidence });
    }
  }
  return out;
}

/**
 * A condition fact with what the record's words state of it: a text that affirms the disease makes
 * it present (lower-confidence evidence, whatever the codes said), one that names it with a doubt
 * leaves a disease the codes did not show unknown. A disease the codes show is left as it is.
 */
export function withStatedDisease(
  fact: Fact<ConditionFinding>,
  texts: readonly StatedText[],
  valueSets: ValueSetIndex,
  id: string,
): Fact<ConditionFinding> {
  if (fact.known && fact.value.present) return fact;
  const ids = new Set([id]);
  const title = valueSets.all.get(id)?.title ?? id;
  let doubt: StatedText | undefined;
  for (const t of texts) {
    const said = findingInText(valueSets, t.text, ids);
    if (said === 'present') {
      const { label, ...where } = t.evidence;
      return known({ present: true, ...(where.date ? { earliest: where.date } : {}) }, [
        { ...where, display: `${label}: ${title} (from the text)`, confidence: 'low' },
      ]);
    }
    if (said === 'uncertain') doubt ??= t;
  }
  if (doubt) {
    return unknown(
      `${doubt.evidence.resourceType}/${doubt.evidence.id} (${doubt.evidence.label}) names ${title} without affirming it`,
    );
  }
  return fact;
}

/*
 * Type 1 diabetes stated only in a report or a note: a laboratory's conclusion "GAD65 antibody
 * POSITIVE, consistent with LADA", a note "Antécédent de diabète de type 1 (reclassé type 2)". A
 * review (2026-12-07) found the pump card shown beside a type 2 code. Words alone do not make the
 * disease present, as for `statedInReports` sets: a trial recruits patients with a recent type 1
 * diabetes, and a report's date is no onset. They leave it unknown. Only for sets marked
 * `doubtedInReports`.
 */

// A relative's disease ("Family history of type 1 diabetes (brother)", "DT1 chez la mère") is no
// record of the patient's: sentences naming a relative are left out.
const FAMILY = wordsPattern(FAMILY_WORDS);

// A history denied ("No history of type 1 diabetes.", "Pas d'antécédent de diabète de type 1."):
// the sentence rules the disease out (a regression review, 2026-12-07, found it read as a mention).
const NO_HISTORY =
  / (?:no|not|denies|without|pas d|aucun|sans) (?:(?:known|prior|past|personal|previous|d) )?(?:history|hx|antecedent|antecedents|atcd) /;

// Clauses within a sentence (CLAUSE_BREAK): a relative or a denied history in one clause ("LADA
// (GAD65 positive), no history of DKA", "Type 1 diabetes, husband present") leaves the others read.

/** The clauses of a text that name no relative and deny no history. */
function ownSentences(text: string): string[] {
  return sentencesOf(text)
    .flatMap((sentence) => sentence.split(CLAUSE_BREAK))
    .filter((clause) => {
      if (clause.trim() === '') return false;
      const folded = normaliseText(clause);
      return !FAMILY.test(folded) && !NO_HISTORY.test(folded);
    });
}

/** Whether words name the disease (affirmed, hedged or in the past) or leave the diabetes type open. */
function namesOrLeavesOpen(valueSets: ValueSetIndex, text: string, ids: ReadonlySet<string>, id: string): boolean {
  const said = findingInText(valueSets, text, ids);
  return said === 'present' || said === 'uncertain' || (typesLeftOpen(text) as readonly string[]).includes(id);
}

/**
 * A condition fact the codes show absent, left unknown when a report or a note names the disease
 * (affirmed, hedged or in the past) or leaves the diabetes type open (diabetes-type-hedge.ts).
 */
export function withDoubtingWords(
  fact: Fact<ConditionFinding>,
  texts: readonly StatedText[],
  valueSets: ValueSetIndex,
  id: string,
): Fact<ConditionFinding> {
  if (!fact.known || fact.value.present) return fact;
  const ids = new Set([id]);
  for (const t of texts) {
    if (!ownSentences(t.text).some((s) => namesOrLeavesOpen(valueSets, s, ids, id))) continue;
    const title = valueSets.all.get(id)?.title ?? id;
    const { label, ...where } = t.evidence;
    return unknown(`${where.resourceType}/${where.id} (${label}) names ${title} in its words`, [
      { ...where, display: `${label}: ${title} named in the text`, confidence: 'low' },
    ]);
  }
  return fact;
}
