import type { PatientRecord } from '../fhir/patient-record.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import { annotationTexts } from './annotation-text.js';
import { conditionStanding } from './clinical-status.js';
import { classifyConcept } from './concept-class.js';
import { conceptWords, readConcept } from './coding.js';
import { CLAUSE_BREAK } from './context-words.js';
import { untrustedResources } from './coverage.js';
import { asObject } from './json-value.js';
import type { DoubtfulUse } from './medication-uses.js';
import { resourceId, resourceLabel } from './resource-label.js';

/**
 * Drugs named in the words of a problem or its notes ("Diabète de type 2 sous Lantus + Trulicity",
 * "switched to Ozempic by her GP"), for the medication sets that ask for it (`problemWordsDoubt`):
 * a drug prescribed elsewhere shows on no order of this record, so its absence is not proven and
 * the set is in doubt, never counted (a review of French records, 2026-12-07, found a GLP-1
 * agonist named only on the diabetes problem and the trial's exclusion ruled out).
 */
export function drugsInProblemWords(record: PatientRecord, valueSets: ValueSetIndex): DoubtfulUse[] {
  const asked = new Set([...valueSets.all.values()].filter((v) => v.problemWordsDoubt).map((v) => v.id));
  if (asked.size === 0) return [];
  const out: DoubtfulUse[] = [];
  for (const raw of untrustedResources(record, 'Condition')) {
    const c = asObject(raw);
    if (!c || conditionStanding(c) === 'ignored' || conditionStanding(c) === 'ended') continue;
    // Clause by clause, as a problem's words are read: a relative named in another clause
    // ("…, injections faites par son mari") hides no drug.
    const words = [...conceptWords(readConcept(c.code)), ...annotationTexts(c.note)].flatMap((w) =>
      w.split(CLAUSE_BREAK),
    );
    if (words.length === 0) continue;
    const cls = classifyConcept(valueSets, { codings: [], malformed: false }, 'medication', 'always', words);
    const ids = cls.ids.filter((id) => asked.has(id));
    if (ids.length === 0) continue;
    const label = resourceLabel(c, 'Condition');
    out.push({
      ids,
      label,
      evidence: {
        resourceType: 'Condition',
        id: resourceId(c),
        display: `a drug named in ${label}`,
        confidence: 'low',
      },
      why: 'a drug named in the words of a problem, not on any order',
    });
  }
  return out;
}
