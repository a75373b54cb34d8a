import type { NumberRange, RuleValue } from '../rules/condition-evaluator.js';
import { normaliseText } from '../rules/value-sets.js';
import type { DataQualityLog } from './data-quality.js';
import { DAY_MS } from './fhir-date.js';
import { known, listLabels, unknown, type Evidence, type Fact } from './fact.js';
import type { DateBounds } from './finding-tally.js';
import {
  BASAL_SETS,
  HUMAN_REGULAR_SET,
  INSULIN_SETS,
  MIXABLE_BASAL_SET,
  RAPID_ANALOGUE_SETS,
} from './insulin-roles.js';
import { NOT_TAKEN_DOUBTS, type MedicationUse, type MedicationUses } from './medication-uses.js';
import type { InsulinDrug, InsulinRegimen } from './patient-facts.js';

function roleOf(set: string): InsulinDrug['role'] {
  if (BASAL_SETS.has(set)) return 'basal';
  if (RAPID_ANALOGUE_SETS.has(set)) return 'rapid';
  if (set === HUMAN_REGULAR_SET) return 'human-regular';
  return 'premix';
}

/** Adds counts that may be ranges: the low ends add up; the high end only while every part has one. */
function addCounts(values: readonly RuleValue[]): RuleValue {
  let low = 0;
  let high: number | undefined = 0;
  for (const v of values) {
    if (typeof v === 'number') {
      low += v;
      if (high !== undefined) high += v;
    } else if (typeof v === 'object') {
      low += v.low ?? 0;
      high = high === undefined || v.high === undefined ? undefined : high + v.high;
    }
  }
  return high === low ? low : ({ low, ...(high !== undefined ? { high } : {}) } satisfies NumberRange);
}

/**
 * Injections a day over several drugs of one kind. Two insulins at the same meal (a lispro order
 * and a home aspart statement at lunch, after a substitution) are one injection, so when every
 * drug names its moments, the moments are counted. When some do not, the records cannot tell two
 * injections from one written twice (lispro once a day and aspart once a day may be one switch
 * the EHR never closed): the count is a range from the largest single drug's to the sum.
 */
function injectionsAcrossDrugs(drugs: readonly InsulinDrug[]): RuleValue {
  if (drugs.length <= 1) return addCounts(drugs.map((d) => d.injectionsPerDay));
  const counted = countAcrossDrugs(drugs);
  const switched = switchedTo(drugs);
  if (!switched) return counted;
  const low = endsOf(switched.injectionsPerDay).low;
  const { high } = endsOf(counted);
  return high === low ? low : ({ low, ...(high !== undefined ? { high } : {}) } satisfies NumberRange);
}

/**
 * Two rapid-acting analogues at once (lispro three times a day since 2024 and aspart with supper
 * since September, "Humalog no longer covered, NovoLog substituted") are a switch the EHR never
 * closed far more often than a regimen: no one gives two analogues for one meal. The newest is
 * the one surely in use, so the count may be as low as its own; with no newest, as low as the
 * smallest. Analogues whose named moments do not meet (lispro at breakfast and dinner, glulisine
 * at lunch) share the meals out and add up. A review of US records (2026-12-07) found such a
 * switch read as four injections a day and both cards shown. Undefined when no switch is seen.
 */
function switchedTo(drugs: readonly InsulinDrug[]): InsulinDrug | undefined {
  const analogues = drugs.filter((d) => d.role === 'rapid');
  if (new Set(analogues.map((d) => d.set)).size < 2) return undefined;
  const slots = analogues.map((d) => (d.moments ? slotsOf(d.moments) : undefined));
  const apart = slots.every((s, i) => s && slots.every((o, j) => j === i || !o || [...s].every((x) => !o.has(x))));
  if (apart) return undefined;
  const began = (d: InsulinDrug) => d.start.end ?? d.start.start;
  const dated = analogues.filter((d) => began(d) !== undefined);
  const newest = Math.max(...dated.map((d) => began(d)!));
  const latest = dated.filter((d) => began(d) === newest);
  if (dated.length === analogues.length && latest.length === 1) return latest[0];
  return [...analogues].sort((a, b) => endsOf(a.injectionsPerDay).low - endsOf(b.injectionsPerDay).low)[0];
}

/** Injections a day over several drugs, counted by their moments where they name them. */
function countAcrossDrugs(drugs: readonly InsulinDrug[]): RuleValue {
  // Moments compare by the time of day they stand for: lispro before dinner and aspart in the
  // evening are one injection.
  const momentsOf = (list: readonly InsulinDrug[]) =>
    new Set(list.flatMap((d) => [...slotsOf(d.moments ?? new Set())])).size;
  const named = drugs.filter((d) => d.moments);
  if (named.length === drugs.length) return momentsOf(drugs);
  const sum = addCounts(drugs.map((d) => d.injectionsPerDay));
  const low = Math.max(momentsOf(named), ...drugs.map((d) => endsOf(d.injectionsPerDay).low));
  const high = typeof sum === 'number' ? sum : typeof sum === 'object' ? sum.high : undefined;
  return high === low ? low : ({ low, ...(high !== undefined ? { high } : {}) } satisfies NumberRange);
}

// Pens and their cartridges (RxNorm "Pen Injector", KwikPen, FlexPen, SoloStar, "stylo
// prérempli", Penfill, "cartouche"): insulin in them cannot be drawn up into a syringe and mixed.
const PEN =
  / (?:pen|pens|kwikpen|flexpen|flextouch|solostar|innolet|tempo pen|stylo|stylos|penfill|cartouche|cartouches|cartridge|cartridges) /;

/** Whether a use's product name says pen. */
function isPen(u: MedicationUse): boolean {
  return PEN.test(normaliseText(u.evidence.display ?? ''));
}

/** Moments no meal insulin is given at: an injection there is its own, never shared with a bolus. */
function apartFromMeals(moment: string): boolean {
  if (moment === 'bedtime' || moment === 'night') return true;
  const at = /^@(\d{2}):/.exec(moment);
  const hour = at ? Number(at[1]) : undefined;
  return hour !== undefined && (hour >= 21 || hour < 5);
}

/** A count as its low end and its high end (undefined: no upper bound). */
function endsOf(value: RuleValue): { low: number; high: number | undefined } {
  if (typeof value === 'number') return { low: value, high: value };
  return typeof value === 'object' ? { low: value.low ?? 0, high: value.high } : { low: 0, high: undefined };
}

/**
 * Injections a day of the basal-bolus regimen: the prandial injections plus the basal ones a
 * bolus cannot share. Glargine, degludec and detemir are never mixed with another insulin, so
 * each of their injections is its own (at least one a day); so is NPH from a pen. NPH from a
 * vial is drawn up with regular or rapid insulin in one syringe in the classic split-mixed
 * regimen (NPH and regular before breakfast and dinner: two injections, not MDI), so an NPH dose
 * counts for sure only at a moment apart from meals (bedtime) that no bolus names; at other
 * moments it may share the bolus's injection, and the count is a range.
 */
function regimenInjections(basal: readonly InsulinDrug[], prandial: readonly InsulinDrug[]): RuleValue {
  const parts: RuleValue[] = [injectionsAcrossDrugs(prandial)];
  const prandialMoments = prandial.every((d) => d.moments)
    ? new Set(prandial.flatMap((d) => [...(d.moments ?? [])]))
    : undefined;
  for (const drug of basal) {
    const { low, high } = endsOf(drug.injectionsPerDay);
    if (drug.set !== MIXABLE_BASAL_SET) {
      parts.push(high === undefined ? { low: Math.max(1, low) } : { low: Math.max(1, low), high: Math.max(1, high) });
      continue;
    }
    // NPH from a pen is never mixed: each of its injections is its own, like glargine's.
    const separate =
      high === undefined ? { low: Math.max(1, low) } : { low: Math.max(1, low), high: Math.max(1, high) };
    if (drug.pens === 'all') {
      parts.push(separate.high === separate.low ? separate.low : separate);
      continue;
    }
    const own = drug.moments ? [...drug.moments].filter((m) => !prandialMoments?.has(m)) : undefined;
    const sure = own ? own.filter(apartFromMeals).length : 0;
    // With every moment named on both sides, an NPH dose from a vial at a bolus's moment may be
    // drawn into the bolus's syringe (the split-mixed regimen): it adds nothing for sure. When
    // some records name a pen, it may be separate: the count reaches every NPH injection.
    const most = drug.pens === 'some' ? separate.high : own && prandialMoments ? own.length : high;
    parts.push(most === sure ? sure : { low: sure, ...(most !== undefined ? { high: most } : {}) });
  }
  return addCounts(parts);
}

/** The earliest beginning among records: by then at the latest (`end`), and no earlier than `start` when every record has one. */
function earliestBounds(uses: readonly MedicationUse[]): DateBounds {
  let end: number | undefined;
  let text: string | undefined;
  let start: number | undefined;
  let allStarted = true;
  for (const u of uses) {
    if (u.start.end !== undefined && (end === undefined || u.start.end < end)) {
      end = u.start.end;
      text = u.start.text;
    }
    if (u.start.start === undefined) allStarted = false;
    else if (start === undefined || u.start.start < start) start = u.start.start;
  }
  return {
    ...(end !== undefined ? { end } : {}),
    ...(allStarted && start !== undefined ? { start } : {}),
    ...(text ? { text } : {}),
  };
}

// The time of day each moment name stands for, whatever its vocabulary: a meal (EventTiming ACM,
// "petit-déjeuner"), a part of the day (MORN, EVE, NIGHT) or a clock time ("@07:30"). ACM in an
// order and MORN in a statement may be one injection; MORN and before dinner never are.
function slotOf(moment: string): string {
  const at = /^@(\d{2}):/.exec(moment);
  if (at) {
    const hour = Number(at[1]);
    if (hour >= 5 && hour < 11) return 'morning';
    if (hour >= 11 && hour < 15) return 'midday';
    if (hour >= 15 && hour < 18) return 'afternoon';
    if (hour >= 18 && hour < 22) return 'evening';
    return 'night';
  }
  const slots: Readonly<Record<string, string>> = {
    breakfast: 'morning',
    morning: 'morning',
    lunch: 'midday',
    snack: 'afternoon',
    afternoon: 'afternoon',
    dinner: 'evening',
    evening: 'evening',
    bedtime: 'night',
    night: 'night',
  };
  return slots[moment] ?? moment;
}

/** The times of day a set of moments covers. */
function slotsOf(moments: ReadonlySet<string>): Set<string> {
  return new Set([...moments].map(slotOf));
}

/**
 * Whether records of one drug that each name their moments add up: each record covers the same
 * times of day as another (a renewal, or ACM beside MORN) or none of them (a breakfast order beside
 * a dinner order).
 */
function momentsAddUp(sets: readonly (ReadonlySet<string> | undefined)[]): boolean {
  const named = sets.filter((m) => m !== undefined);
  if (named.length === 0 || named.length !== sets.length) return false;
  const distinct = [...new Map(named.map((m) => [[...slotsOf(m)].sort().join('+'), slotsOf(m)])).values()];
  return distinct.every((a, i) => distinct.every((b, j) => i === j || [...a].every((x) => !b.has(x))));
}

/**
 * One drug from all its current records. An order and a statement of the same insulin, or two
 * orders of it, are one drug: its injections are counted once. Records that each name the
 * moments they cover (breakfast, dinner...) add up where the moments differ (a breakfast order
 * and a dinner order); otherwise records that agree give their count, and records that disagree
 * a range from the smallest to the largest: an old order left open beside a newer, smaller one
 * must not count as the regimen.
 */
function combineDrug(set: string, uses: readonly MedicationUse[], dq: DataQualityLog): InsulinDrug {
  // An inhaled insulin (a local route by the route value sets) is not an injection.
  // Nor is an intravenous drip (a hospital insulin infusion).
  const scheduled = uses.filter((u) => !u.dosage.asNeeded && u.route !== 'local' && !u.intravenous);
  const counts = scheduled.map((u) => u.dosage.injectionsPerDay);
  for (const u of scheduled) {
    if (u.dosage.problem) dq.addLine(`${u.evidence.resourceType}/${u.evidence.id}: ${u.dosage.problem}`);
  }
  let injectionsPerDay: RuleValue;
  const known = counts.filter((c): c is number => c !== undefined);
  if (scheduled.length === 0) injectionsPerDay = 0;
  else if (momentsAddUp(scheduled.map((u) => u.dosage.moments))) {
    injectionsPerDay = new Set(scheduled.flatMap((u) => [...slotsOf(u.dosage.moments ?? new Set())])).size;
  } else if (scheduled.every((u) => u.dosage.moments)) {
    // Records whose times of day overlap without being the same (an old order before each meal
    // beside a newer one before breakfast only) disagree: from the smallest record to them all.
    const sizes = scheduled.map((u) => slotsOf(u.dosage.moments!).size);
    const all = new Set(scheduled.flatMap((u) => [...slotsOf(u.dosage.moments!)])).size;
    const least = Math.min(...sizes);
    injectionsPerDay = least === all ? all : { low: least, high: all };
  } else {
    // Records of one drug that disagree on the count (an old TID order never closed beside a newer
    // once-daily one, a dose reduced on a new order): which one is current cannot be told, so the
    // count is a range from the smallest to the largest. Renewals of the same schedule agree.
    const most = known.length > 0 ? Math.max(...known) : 0;
    // A smaller record at moments apart from meals only ("4 units at bedtime with snack" beside
    // the meal doses) is an added dose, not a reduction: the meal count stands.
    const smaller = scheduled.filter((u) => u.dosage.injectionsPerDay !== most);
    const addOns = smaller.every((u) => u.dosage.moments && [...u.dosage.moments].every(apartFromMeals));
    const least = addOns ? most : known.length > 0 ? Math.min(...known) : 0;
    // A record whose schedule cannot be read may be the current one, and the smallest: at least one.
    if (known.length < counts.length) injectionsPerDay = { low: Math.min(1, least) };
    else injectionsPerDay = least === most ? most : { low: least, high: most };
  }
  const first = uses[0]!;
  const allMoments = scheduled.length > 0 && momentsAddUp(scheduled.map((u) => u.dosage.moments));
  const moments = allMoments ? new Set(scheduled.flatMap((u) => [...(u.dosage.moments ?? [])])) : undefined;
  const bySchedule = new Map<string, MedicationUse[]>();
  for (const u of scheduled) {
    const schedule = u.dosage.moments ? [...u.dosage.moments].sort().join('+') : `x${u.dosage.injectionsPerDay ?? '?'}`;
    bySchedule.set(schedule, [...(bySchedule.get(schedule) ?? []), u]);
  }
  const penCount = scheduled.filter(isPen).length;
  return {
    set,
    ...(moments ? { moments } : {}),
    pens: penCount === 0 ? 'none' : penCount === scheduled.length ? 'all' : 'some',
    // A schedule its words say changed later began then ("from daily to TID AC on 10/30/2026").
    parts: [...bySchedule].map(([schedule, list]) => ({
      schedule,
      start: earliestBounds(list.map((u) => (u.scheduleSince ? { ...u, start: u.scheduleSince } : u))),
    })),
    role: roleOf(set),
    display: first.evidence.display ?? set,
    evidence: uses.map((u) => u.evidence),
    injectionsPerDay,
    asNeeded: scheduled.length === 0,
    fromText: scheduled.some((u) => u.dosage.fromText),
    start: earliestBounds(scheduled.length > 0 ? scheduled : uses),
  };
}

/** `{[key]: value}`, or nothing when the value is undefined. */
function optional<K extends string>(key: K, value: RuleValue | undefined): Partial<Record<K, RuleValue>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, RuleValue>);
}

/** Why the lists may miss an insulin: data not loaded or truncated, a drug unreadable, a status unclear. */
function incompleteReason(uses: MedicationUses): string | undefined {
  if (uses.unproven) return uses.unproven;
  if (uses.unreadable.length > 0) return listLabels(uses.unreadable);
  const doubtful = uses.doubtful.filter((d) => d.ids.some((id) => INSULIN_SETS.has(id)));
  if (doubtful.length > 0) return `status unclear on ${listLabels(doubtful.map((d) => `${d.label} (${d.why})`))}`;
  return undefined;
}

/**
 * The roles of counted insulins that a record of the same insulin puts in doubt: one on hold or
 * said not to be taken ("Patient not taking" on a Humalog statement beside an active
 * Humalog order), dated no earlier than the latest counted record of it, or undated. The drug
 * itself may not be taken, so its injections are not even a lower bound. An older doubt (a hold
 * from a past stay, then a new order) is over, and only leaves the list possibly incomplete.
 */
function contestedRoles(uses: MedicationUses, bySet: ReadonlyMap<string, readonly MedicationUse[]>) {
  const roles = new Set<InsulinDrug['role']>();
  for (const d of uses.doubtful) {
    // A dose increase to start next week, an order of a stay: doubts about which record is
    // current, not about whether the insulin is taken.
    if (!NOT_TAKEN_DOUBTS.has(d.why)) continue;
    // By the day: a statement dated the day an order was written is as recent as it, and a
    // statement's dateAsserted (when the patient said it) dates the doubt better than its start.
    const said = d.saidOn ?? d.evidence.date;
    const doubtDay = said === undefined ? Number.NaN : Math.floor(Date.parse(said.slice(0, 10)) / DAY_MS);
    for (const set of d.ids) {
      const counted = bySet.get(set);
      if (!counted) continue;
      const latest = Math.max(...counted.map((u) => u.start.start ?? u.start.end ?? Number.NaN));
      const latestDay = Math.floor(latest / DAY_MS);
      if (Number.isNaN(doubtDay) || Number.isNaN(latestDay) || doubtDay >= latestDay) roles.add(roleOf(set));
    }
  }
  return roles;
}

/**
 * The current insulin uses that show a pump: dosed as a rate in units per hour, or whose dosing
 * words or product name say so ("débit de base 0,8 UI/h", "NovoRapid PumpCart"), the latter as
 * lower-confidence evidence.
 */
export function rateDosedInsulin(uses: MedicationUses): Evidence[] {
  return (
    uses.uses
      // An intravenous drip dosed in units per hour is a hospital infusion, not a pump.
      .filter((u) => u.ids.some((id) => INSULIN_SETS.has(id)) && !u.intravenous)
      .flatMap((u) => {
        if (u.dosage.dosedAsRate) return [u.evidence];
        if (u.dosage.mentionsPump || u.pumpWords) return [{ ...u.evidence, confidence: 'low' as const }];
        return [];
      })
  );
}

/**
 * The insulin regimen from the current uses: the basal, prandial and premixed insulins, each
 * drug once, and scheduled prandial injections a day summed over drugs (as-needed doses not
 * counted). When the patient is on a pump (`onPump`), the prandial doses are its boluses, not
 * injections. When some record could hide an insulin, counts are lower bounds.
 */
export function insulinRegimen(uses: MedicationUses, onPump: Fact<boolean>, dq: DataQualityLog): Fact<InsulinRegimen> {
  const bySet = new Map<string, MedicationUse[]>();
  for (const u of uses.uses) {
    for (const id of u.ids) {
      if (!INSULIN_SETS.has(id)) continue;
      const list = bySet.get(id) ?? [];
      list.push(u);
      bySet.set(id, list);
    }
  }
  const drugs = [...bySet].map(([set, list]) => combineDrug(set, list, dq));
  const incomplete = incompleteReason(uses);
  if (uses.unproven && drugs.length === 0) return unknown(uses.unproven);
  const pumpDelivered = onPump.known && onPump.value;
  const contested = contestedRoles(uses, bySet);
  /** A count as the record allows it: none on a pump, no count when orders are missing, a floor when some are unclear. */
  const bounded = (roles: readonly InsulinDrug['role'][], total: () => RuleValue): RuleValue | undefined => {
    if (pumpDelivered) return 0;
    // A counted insulin that another record of it puts in doubt: no count, not even a floor.
    if (roles.some((role) => contested.has(role))) return undefined;
    // Orders not loaded or cut at the page cap: an unseen page could hold anything, an insulin
    // infusion (a pump) included, so no count is given, not even a lower bound.
    if (uses.unproven) return undefined;
    // Some record could be another insulin: the count is at least this, maybe more.
    return incomplete ? { low: endsOf(total()).low } : total();
  };
  const scheduled = (roles: readonly InsulinDrug['role'][]) =>
    drugs.filter((d) => roles.includes(d.role) && !d.asNeeded);
  const count = (roles: readonly InsulinDrug['role'][]) =>
    bounded(roles, () => injectionsAcrossDrugs(scheduled(roles)));
  const injections = () =>
    bounded(['basal', 'rapid', 'human-regular', 'premix'], () =>
      regimenInjections(scheduled(['basal']), scheduled(['rapid', 'human-regular'])),
    );
  const of = (role: InsulinDrug['role']) => drugs.filter((d) => d.role === role);
  const regimen: InsulinRegimen = {
    basal: of('basal'),
    rapid: of('rapid'),
    humanRegular: of('human-regular'),
    premix: of('premix'),
    ...optional('rapidInjectionsPerDay', count(['rapid'])),
    ...optional('prandialInjectionsPerDay', count(['rapid', 'human-regular'])),
    ...optional('injectionsPerDay', injections()),
    ...(incomplete ? { incomplete } : {}),
    pumpDelivered,
  };
  const evidence = [...new Set(drugs.flatMap((d) => d.evidence))];
  const notes = [
    ...(incomplete ? [`the insulin list may be incomplete: ${incomplete}`] : []),
    ...(pumpDelivered ? ['on an insulin pump: prandial doses are pump boluses, not injections'] : []),
    ...(drugs.some((d) => d.fromText) ? ['a schedule was read from the dosage text'] : []),
  ];
  return known(regimen, evidence, notes.join('; ') || undefined);
}
