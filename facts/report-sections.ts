/**
 * The parts of a report's text, told apart by their headings. A report pasted whole into
 * `DiagnosticReport.conclusion` repeats the question it was asked ("Indication : bilan de stéatose",
 * "Reason for exam: fatty liver", "Renseignements cliniques : NAFLD") before its answer ("Conclusion :
 * foie normal"). A finding named under such a heading is what the requester suspected, not what the
 * study found (a review of report wordings, 2026-12-06).
 */
export interface ReportPart {
  readonly text: string;
  /** True when the part is the question put to the study, or a prior study it is compared with: its findings are not affirmed. */
  readonly asked: boolean;
}

// Headings of the question, on folded text (lower case, no accents). Each ends with a colon.
const ASKED =
  '(?:clinical )?indications?|reason for (?:exam(?:ination)?|study|referral)|reason|(?:clinical )?history|clinical (?:information|data|context|details|question)|renseignements?(?: cliniques?)?|motif(?: de l.examen| de la demande)?|contexte(?: clinique)?|question(?: posee| clinique)?|histoire clinique|demande|suspicion clinique';
// Headings of the studies this one is compared with ("COMPARISON: CT abdomen 03/2019, which
// showed hepatic steatosis"): what they found is an earlier study's, heard as the question is (a
// review of liver reports, 2026-12-07, found a normal liver read as steatosis from its comparison).
const PRIOR =
  'comparisons?|comparaisons?|prior(?: stud(?:y|ies)| exams?| examinations?| imaging)?|examens? (?:anterieurs?|precedents?)|comparatif';
// Headings of the answer: a question part ends at the first of these.
const ANSWERED =
  'findings?|results?|resultats?|conclusions?|impressions?|interpretation|opinion|avis|synthese|description|observations?|compte rendu|technique|examen|echographie|report|assessment';

const HEADING = new RegExp(`(?:^|[\\n.;]|\\s)\\s*(${ASKED}|${PRIOR}|${ANSWERED})\\s*:`, 'g');
const ASKED_HEADING = new RegExp(`^(?:${ASKED}|${PRIOR})$`);

/** The text cut at its headings; text before any heading is one part, not asked. */
export function reportParts(folded: string): ReportPart[] {
  const parts: ReportPart[] = [];
  let from = 0;
  let asked = false;
  for (const m of folded.matchAll(HEADING)) {
    const at = m.index;
    if (at > from) parts.push({ text: folded.slice(from, at), asked });
    asked = ASKED_HEADING.test(m[1]!);
    from = at + m[0].length;
  }
  parts.push({ text: folded.slice(from), asked });
  return parts;
}
