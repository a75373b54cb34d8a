import type { Fact } from '../../facts/fact.js';
import { dailyInsulinUnits } from '../../facts/insulin-dose.js';
import { INSULIN_SETS } from '../../facts/insulin-roles.js';
import { statusOrdersNothing } from '../../facts/medication-uses.js';
import type { InsulinRegimen } from '../../facts/patient-facts.js';
import type { FhirResource } from 'fhir/r4.js';
import { resourcesOf, type PatientRecord } from '../../fhir/patient-record.js';
import type { PumpCardFacts } from '../pump-evaluation/pump-card.js';
import type { PumpTopic } from '../pump-evaluation/pump-topic.js';
import type { DraftMedication, OrderChange, ProposedCard } from '../service.js';

/** Scheduled insulin injections a day over every drug; undefined unless each count is exact. */
function injectionsPerDay(fact: Fact<InsulinRegimen>): number | undefined {
  if (!fact.known || fact.value.incomplete !== undefined) return undefined;
  const { basal, rapid, humanRegular, premix } = fact.value;
  let total = 0;
  for (const drug of [...basal, ...rapid, ...humanRegular, ...premix]) {
    if (typeof drug.injectionsPerDay !== 'number') return undefined;
    total += drug.injectionsPerDay;
  }
  return total;
}

function byReference(record: PatientRecord, reference: string): FhirResource | undefined {
  const [type = '', id] = reference.split('/');
  return resourcesOf(record, type as FhirResource['resourceType']).find((r) => r.id === id);
}

/**
 * A draft insulin order that raises the daily units of the drug it replaces: above each current
 * record it replaces (an order and a statement of one regimen are one dose, not two to add; a
 * cancelled duplicate is none). Both doses must be read (a single dose in units, a schedule): an
 * unreadable dose is never taken for a rise.
 */
function raisesDose(draft: DraftMedication, before: PatientRecord, after: PatientRecord): boolean {
  if (!draft.reference || draft.replaces.length === 0) return false;
  const order = byReference(after, draft.reference);
  const next = order ? dailyInsulinUnits(order) : undefined;
  if (next === undefined) return false;
  let previous: number | undefined;
  for (const ref of draft.replaces) {
    const r = byReference(before, ref);
    if (r && statusOrdersNothing((r as { status?: unknown }).status)) continue;
    const units = r
      ? dailyInsulinUnits(r, r.resourceType === 'MedicationStatement' ? 'dosage' : 'dosageInstruction')
      : undefined;
    if (units === undefined) return false;
    previous = Math.max(previous ?? 0, units);
  }
  return previous !== undefined && next > previous;
}

/**
 * The pump card at the moment of prescribing (docs/order-hooks.md, "Pump evaluation at the order"):
 * - on basal insulin but not on MDI, and the drafts would make the regimen MDI (the `regimen`
 *   rule, unmet before and met after), for a patient the card rules then fit: the card before
 *   adding injections;
 * - already on MDI with the pump card due, and a draft insulin adds an injection or raises a
 *   dose: the pump card as patient-view shows it.
 * A regimen that cannot be told before the order gets no card: unknown is never "not on MDI".
 */
export function pumpCardAtOrder(
  topic: PumpTopic,
  before: PumpCardFacts,
  beforeRecord: PatientRecord,
  change: Pick<OrderChange, 'afterRecord' | 'drafts'> & { readonly after: PumpCardFacts },
  patientId: string,
  now: Date,
): ProposedCard | undefined {
  const insulinDrafts = change.drafts.filter((d) => d.valueSets.some((id) => INSULIN_SETS.has(id)));
  if (insulinDrafts.length === 0) return undefined;
  const was = topic.regimen(before.rule);
  const will = topic.regimen(change.after.rule);
  // Only a patient already on basal insulin: OpT2mise randomised patients on MDI, and a
  // patient starting insulin is not yet one a pump evaluation is for.
  const onBasal = before.rule.values.get('insulin.basal') === true;
  if (was === 'not-met' && will === 'met' && onBasal) {
    return topic.escalationCard(change.after, patientId, now, {
      drugs: [...new Set(insulinDrafts.map((d) => d.label))],
      drafts: change.drafts.flatMap((d) => (d.reference ? [d.reference] : [])),
    });
  }
  if (was !== 'met' || will !== 'met') return undefined;
  const beforeCount = injectionsPerDay(before.insulin);
  const afterCount = injectionsPerDay(change.after.insulin);
  const addsInjection = beforeCount !== undefined && afterCount !== undefined && afterCount > beforeCount;
  const raises = insulinDrafts.some((d) => raisesDose(d, beforeRecord, change.afterRecord));
  return addsInjection || raises ? topic.card(before, patientId, now) : undefined;
}
