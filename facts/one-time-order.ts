import { foldAccents } from '../rules/value-sets.js';
import { readConcept } from './coding.js';
import { asList, asObject, asString } from './json-value.js';
import { memoiseText } from './text-memo.js';

/*
 * Whether an order gives its drug once: a test (the 1 mg overnight dexamethasone suppression
 * test, "test de freinage minute"), a one-time dose. One dose is no treatment, so it is not shown
 * to be the drug the patient takes: a review of order hooks (2026-12-07) found the suppression
 * test read as glucocorticoid therapy, and the trial's exclusion met at the order.
 */

// Dosing words of one administration. "Once daily", "once at bedtime" and "single-dose pen" (a
// product form) are schedules or devices, not one dose, and are not matched.
const ONE_TIME_WORDS =
  /\b(?:once only|one[- ]time (?:only|dose)|x ?1 dose only|dose unique|prise unique|une (?:seule|unique) (?:prise|dose)|(?:dexamethasone )?suppression test|test de freinage|freinage (?:minute|faible|fort|standard)|freinage a la dexamethasone)\b/;

// Dosing texts repeat from order to order (the formulary's sigs): read each once.
const saysOneTime = memoiseText((text: string) => ONE_TIME_WORDS.test(foldAccents(text)));

/** Whether a Timing gives one administration: `repeat.count` 1, or the frequency code "ONCE". */
function oneTimeTiming(timing: unknown): boolean {
  const t = asObject(timing);
  const repeat = asObject(t?.repeat);
  if (repeat?.count === 1 && (repeat.countMax === undefined || repeat.countMax === 1)) return true;
  const code = readConcept(t?.code);
  return [code.text, ...code.codings.flatMap((c) => [c.code, c.display])].some(
    (w) => w?.trim().toUpperCase() === 'ONCE',
  );
}

/**
 * Whether every dosage entry of an order gives one administration, by its timing or its words. A
 * note is not read: "test de freinage normal" beside a hydrocortisone order tells of a past test.
 */
export function oneTimeOrder(r: Record<string, unknown>): boolean {
  const dosages = asList(r.dosageInstruction) ?? [];
  const saysOnce = (t: string | undefined) => t !== undefined && saysOneTime(t);
  return (
    dosages.length > 0 &&
    dosages.every((d) => {
      const o = asObject(d);
      return oneTimeTiming(o?.timing) || saysOnce(asString(o?.text)) || saysOnce(asString(o?.patientInstruction));
    })
  );
}
