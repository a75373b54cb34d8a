import type { RuleValue } from '../rules/condition-evaluator.js';
import { known, unknown, type Fact } from './fact.js';
import { DAY_MS, readFhirDate, spanOf } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';
import type { Hba1cFinding, InsulinDrug, InsulinRegimen, MdiRunIn } from './patient-facts.js';

/**
 * When a role of the regimen became what it is now: the latest of its parts' beginnings (each
 * distinct schedule of each drug dates from its earliest record). A lunchtime dose added last
 * month to a breakfast dose of two years makes two injections a day only since last month.
 */
function roleStart(drugs: readonly InsulinDrug[]): DateBounds | undefined {
  const parts = drugs.flatMap((d) => d.parts);
  if (parts.length === 0 || parts.some((p) => p.start.end === undefined)) return undefined;
  const end = Math.max(...parts.map((p) => p.start.end!));
  const starts = parts.map((p) => p.start.start);
  const start = starts.every((s) => s !== undefined) ? Math.max(...starts) : undefined;
  const text = parts.find((p) => p.start.end === end)?.start.text;
  return { end, ...(start !== undefined ? { start } : {}), ...(text ? { text } : {}) };
}

/**
 * How long basal-bolus (MDI) had run when the latest HbA1c was taken: from the later of the
 * basal and the prandial insulin's earliest current order or statement to the HbA1c. OpT2mise
 * enrolled patients after 2 months of MDI, so an HbA1c taken sooner does not yet show what MDI
 * achieves. A start the records do not date leaves a lower bound, or nothing.
 */
export function mdiRunInFact(insulin: Fact<InsulinRegimen>, hba1c: Fact<Hba1cFinding>): Fact<MdiRunIn> {
  if (!insulin.known) return unknown(`insulin regimen: ${insulin.reason}`);
  if (!hba1c.known) return unknown(`HbA1c: ${hba1c.reason}`);
  const scheduled = (d: InsulinDrug) => !d.asNeeded;
  const basal = roleStart(insulin.value.basal.filter(scheduled));
  const prandial = roleStart([...insulin.value.rapid, ...insulin.value.humanRegular].filter(scheduled));
  const drugsOf = [...insulin.value.basal, ...insulin.value.rapid, ...insulin.value.humanRegular];
  if (!basal || !prandial) {
    const anyScheduled = insulin.value.basal.some(scheduled) && drugsOf.some((d) => d.role !== 'basal' && scheduled(d));
    return unknown(
      anyScheduled ? 'no dated order or statement of the regimen' : 'not on a basal-bolus regimen',
      insulin.evidence,
    );
  }
  const taken = readFhirDate(hba1c.value.date);
  if (typeof taken !== 'object') return unknown('the HbA1c date is unreadable');
  const at = spanOf(taken).start;
  // The regimen began when its later part began: between the later lower and upper bounds.
  const latestEnd = Math.max(basal.end!, prandial.end!);
  // An open start is -∞: the later of the two begins no earlier than the larger known start.
  const starts = [basal.start, prandial.start].filter((s): s is number => s !== undefined);
  const latestStart = starts.length > 0 ? Math.max(...starts) : undefined;
  const low = Math.floor((at - latestEnd) / DAY_MS);
  const high = latestStart === undefined ? undefined : Math.floor((at - latestStart) / DAY_MS);
  const days: RuleValue = high === undefined ? { low } : high === low ? low : { low, high };
  const startText = basal.end! >= prandial.end! ? basal.text : prandial.text;
  return known({ days, ...(startText ? { start: startText } : {}), hba1cDate: hba1c.value.date }, [
    ...insulin.evidence,
    ...hba1c.evidence,
  ]);
}
