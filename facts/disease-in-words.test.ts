import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import { withDoubtingWords, type StatedText } from './disease-in-words.js';
import { known, type Fact } from './fact.js';
import type { ConditionFinding } from './patient-facts.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const ABSENT: Fact<ConditionFinding> = known({ present: false }, []);
const PRESENT: Fact<ConditionFinding> = known({ present: true }, []);

const report = (text: string): StatedText => ({
  text,
  evidence: { resourceType: 'DiagnosticReport', id: 'r1', date: '2026-10-01', label: 'Diabetes autoantibody panel' },
});

// Type 1 diabetes (doubtedInReports) named in a report's or a note's words: never made present,
// but an absent finding becomes unknown, unless the words deny it or speak of a relative.
describe('type 1 diabetes named in a report or a note', () => {
  test.each<[string, string, 'unknown' | 'absent']>([
    ['an antibody found, LADA named', 'GAD65 antibody POSITIVE (32 U/mL). Findings consistent with LADA.', 'unknown'],
    ['an antibody found, no type named', 'Anti-GAD positifs à 45 UI/mL.', 'unknown'],
    ['type 1 in the past', 'Antécédent de diabète de type 1 (diagnostic en 1998), reclassé en type 2.', 'unknown'],
    ['type 1 affirmed', 'Known type 1 diabetes on basal-bolus insulin.', 'unknown'],
    ['type 1 hedged', 'Type 1 diabetes unlikely; C-peptide pending.', 'unknown'],
    ['type 1 denied', 'Anti-GAD négatifs, pas de DT1.', 'absent'],
    ["a brother's type 1", 'GAD65 antibody negative. Family history of type 1 diabetes (brother).', 'absent'],
    ["a mother's type 1", 'Diabète de type 1 chez la mère.', 'absent'],
    ['type 2 only', 'Type 2 diabetes, poorly controlled on MDI.', 'absent'],
    // The regression review that night: a denied history, and more relatives.
    ['a denied history', 'No history of type 1 diabetes.', 'absent'],
    ['a denied history, in French', "Pas d'antécédent de diabète de type 1.", 'absent'],
    ["a husband's type 1", 'Husband has type 1 diabetes.', 'absent'],
    ["a sibling's, in French", 'ATCD de DT1 dans la fratrie.', 'absent'],
    // Read clause by clause: a denial or a relative in another clause hides nothing.
    ['a denial of something else in another clause', 'LADA (GAD65 positive), no history of DKA.', 'unknown'],
    ['a relative in another clause', 'Type 1 diabetes, husband present.', 'unknown'],
  ])('%s: "%s"', (_name, text, expected) => {
    const fact = withDoubtingWords(ABSENT, [report(text)], valueSets, 't1d');
    if (expected === 'absent') expect(fact).toBe(ABSENT);
    else {
      expect(fact.known).toBe(false);
      if (!fact.known)
        expect(fact.evidence).toEqual([expect.objectContaining({ resourceType: 'DiagnosticReport', id: 'r1' })]);
    }
  });

  test('a disease the codes show is left as it is, whatever the words', () => {
    expect(withDoubtingWords(PRESENT, [report('No type 1 diabetes.')], valueSets, 't1d')).toBe(PRESENT);
  });
});
