import type { ValueSetIndex } from '../../rules/value-sets.js';
import { FindingTally } from './finding-tally.js';
import type { MedicationUses } from './medication-uses.js';
import type { MedicationFinding } from './patient-facts.js';
import type { Fact } from './types.js';
import { catalogOf } from './value-set-catalog.js';

/**
 * A fact per medication value set (or per id in `wanted`): active when some active order or
 * statement matches. Absence
 * is known only when orders/statements were loaded, not truncated, and every possibly active
 * record could be read and resolved.
 */
export function medicationFacts(
  uses: MedicationUses,
  valueSets: ValueSetIndex,
  now: Date,
  wanted?: ReadonlySet<string>,
): Map<string, Fact<MedicationFinding>> {
  const tally = new FindingTally(now);
  for (const u of uses.uses) for (const id of u.ids) tally.count(id, u.evidence, u.start);
  for (const d of uses.doubtful) for (const id of d.ids) tally.doubt(id, d.label, d.evidence);
  for (const label of uses.unreadable) tally.doubtAll(label);
  const out = new Map<string, Fact<MedicationFinding>>();
  const all = catalogOf(valueSets).ofKind.medication;
  for (const [id, fact] of tally.facts(wanted ? all.filter((id) => wanted.has(id)) : all, uses.unproven)) {
    if (!fact.known) {
      out.set(id, fact);
      continue;
    }
    const { present, earliestDays } = fact.value;
    out.set(id, {
      ...fact,
      value: earliestDays === undefined ? { active: present } : { active: present, startedDays: earliestDays },
    });
  }
  return out;
}
