import type { DataQualityLog } from './data-quality.js';
import { summariseDosage } from './dosing-frequency.js';
import { known, listLabels, unknown } from './fact.js';
import type { MedicationUses } from './medication-uses.js';
import type { InsulinProduct, InsulinRegimen } from './patient-facts.js';
import type { Evidence, Fact } from './types.js';

/** Basal insulins (CLINICAL.md card A, 3): glargine, degludec, detemir, NPH. */
export const BASAL_SETS: ReadonlySet<string> = new Set([
  'insulin-glargine',
  'insulin-degludec',
  'insulin-detemir',
  'insulin-nph',
]);
/** Rapid-acting analogues: lispro, aspart, glulisine. */
export const RAPID_SETS: ReadonlySet<string> = new Set(['insulin-lispro', 'insulin-aspart', 'insulin-glulisine']);

/** The regimen, and the insulin records dosed as a rate (which mean a pump). */
export interface InsulinReading {
  readonly regimen: Fact<InsulinRegimen>;
  readonly rateDosed: readonly Evidence[];
}

function incompleteReason(uses: MedicationUses): string | undefined {
  if (uses.unproven) return uses.unproven;
  if (uses.unreadable.length > 0) return `drug unreadable or unresolved on ${listLabels(uses.unreadable)}`;
  const doubtful = uses.doubtful.filter((d) => d.ids.some((id) => BASAL_SETS.has(id) || RAPID_SETS.has(id)));
  if (doubtful.length > 0) return `status unclear on ${listLabels(doubtful.map((d) => d.label))}`;
  return undefined;
}

/**
 * Basal and rapid-acting products from the active uses, and scheduled rapid injections per day
 * summed over the rapid products (as-needed doses excluded, CLINICAL.md "How to count MDI").
 */
export function insulinRegimen(uses: MedicationUses, dq: DataQualityLog): InsulinReading {
  const basal: InsulinProduct[] = [];
  const rapid: InsulinProduct[] = [];
  const rateDosed: Evidence[] = [];
  let rapidInjectionsPerDay = 0;
  for (const use of uses.uses) {
    const basalIds = use.ids.filter((id) => BASAL_SETS.has(id));
    const rapidIds = use.ids.filter((id) => RAPID_SETS.has(id));
    if (basalIds.length === 0 && rapidIds.length === 0) continue;
    const dosage = summariseDosage(use.dosages);
    if (dosage.dosedAsRate) rateDosed.push(use.evidence);
    const product = (ingredient: string): InsulinProduct => ({
      ingredient,
      display: use.evidence.display ?? ingredient,
      evidence: use.evidence,
      ...(dosage.injectionsPerDay === undefined ? {} : { injectionsPerDay: dosage.injectionsPerDay }),
      asNeeded: dosage.asNeeded,
    });
    basal.push(...basalIds.map(product));
    rapid.push(...rapidIds.map(product));
    if (rapidIds.length > 0 && !dosage.asNeeded) {
      if (dosage.problem) dq.addLine(`${use.evidence.resourceType}/${use.evidence.id}: ${dosage.problem}`);
      rapidInjectionsPerDay += dosage.injectionsPerDay ?? 0;
    }
  }
  const incomplete = incompleteReason(uses);
  if (uses.unproven && basal.length === 0 && rapid.length === 0) return { regimen: unknown(uses.unproven), rateDosed };
  const evidence = [...basal, ...rapid].map((p) => p.evidence).filter((e, i, all) => all.indexOf(e) === i);
  const regimen: InsulinRegimen = { basal, rapid, rapidInjectionsPerDay, ...(incomplete ? { incomplete } : {}) };
  return { regimen: known(regimen, evidence, incomplete), rateDosed };
}
