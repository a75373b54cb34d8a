import type { DoseAmount } from './dosing-frequency.js';
import type { MedicationUse } from './medication-uses.js';
import { isDoseCountUnit, milligramsPer } from './units.js';

/** Whether two records of a drug give the same dose, a different one, or cannot be compared. */
export type DoseComparison = 'same' | 'different' | 'unclear';

/** Milligrams in one dose: a mass, or tablets counted at the product's one strength. */
function doseMilligrams(a: DoseAmount, strengthMg: number | undefined): number | undefined {
  for (const unit of [a.unit, a.unitText]) {
    if (unit === undefined) continue;
    const mg = milligramsPer(unit);
    if (mg !== undefined) return a.value * mg;
    if (strengthMg !== undefined && isDoseCountUnit(unit)) return a.value * strengthMg;
  }
  return undefined;
}

/** Milligrams a day over every dosage entry, when each entry's dose converts and its schedule is read. */
export function dailyMilligrams(u: MedicationUse): number | undefined {
  const amounts = u.dosage.amounts;
  if (amounts === undefined || amounts.length === 0) return undefined;
  let total = 0;
  for (const a of amounts) {
    const mg = doseMilligrams(a, u.strengthMg);
    if (mg === undefined || a.perDay === undefined) return undefined;
    total += mg * a.perDay;
  }
  return total;
}

/** Milligrams of each dose (whatever its schedule), sorted, when every entry's dose converts. */
function doseMilligramsEach(u: MedicationUse): string | undefined {
  const amounts = u.dosage.amounts;
  if (amounts === undefined || amounts.length === 0) return undefined;
  const each = amounts.map((a) => doseMilligrams(a, u.strengthMg));
  return each.every((mg) => mg !== undefined) ? each.sort((a, b) => a - b).join(' ') : undefined;
}

/** The product as written and the strength its words give ("… @ 200 mg"), apart. */
function productParts(u: MedicationUse): { product: string; strength?: string } {
  const [product = '', strength] = u.product.split(' @ ');
  return strength === undefined ? { product } : { product, strength };
}

/**
 * Whether two records give the same dose. The same product given in the same amount is the same
 * dose; so is the same daily mass however it is written (a renewal "200 mg daily" under the
 * ingredient's code after "1 tablet daily" of a 200 mg tablet's code; two 500 mg tablets after
 * one of 1000 mg). The same product in another amount, or at another strength in the same amount,
 * is a different dose. Two products the service cannot convert to one mass (no strength in their
 * words, a dose in another unit) cannot be compared: a brand's code after the ingredient's says
 * nothing of the dose (an order-hook review of 2026-12-07 found such renewals read as dose
 * changes, and the trial's "dose changed in the last 3 months" exclusion met at the order).
 * A strength written in the name is compared only when both names write one: a renewal typed
 * "METFORMINE" after "Metformine 850 mg" does not show a change.
 */
export function compareDoses(a: MedicationUse, b: MedicationUse): DoseComparison {
  const amount = (u: MedicationUse) => u.dosage.stepChange?.lastStepSignature ?? u.dosage.doseSignature ?? '';
  const pa = productParts(a);
  const pb = productParts(b);
  const sameProduct =
    pa.product === pb.product &&
    (pa.strength === undefined || pb.strength === undefined || pa.strength === pb.strength);
  if (sameProduct && amount(a) === amount(b)) return 'same';
  const mgA = dailyMilligrams(a);
  const mgB = dailyMilligrams(b);
  if (mgA !== undefined && mgB !== undefined) {
    return Math.abs(mgA - mgB) <= 1e-6 * Math.max(mgA, mgB) ? 'same' : 'different';
  }
  // A schedule unread on one side: another mass in each dose is a change all the same (only a
  // frequency changed in exact proportion could keep the day's dose).
  const eachA = doseMilligramsEach(a);
  const eachB = doseMilligramsEach(b);
  if (eachA !== undefined && eachB !== undefined && eachA !== eachB) return 'different';
  return pa.product === pb.product ? 'different' : 'unclear';
}
