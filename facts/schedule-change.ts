import { normaliseText } from '../rules/value-sets.js';
import { latestDateInText, readPastDate, spanOf } from './fhir-date.js';
import type { DateBounds } from './finding-tally.js';

/*
 * An order whose words say its number of injections changed after it was written: "Humalog
 * increased from daily with supper to TID AC on 10/30/2026", "NovoRapid 8 UI le soir depuis 2024 ;
 * passage à 3 injections/j le 02/11/2026", "added lunch dose". The regimen is what it is now only
 * since the change, not since the order's authoredOn: a review (2026-12-07, night) found basal plus
 * one supper dose until five weeks before the HbA1c read as MDI for 670 days, and the pump card
 * shown although OpT2mise asks for 2 months of MDI. A change with no readable date leaves the
 * start unknown (the run-in is then to confirm); a dose changed at the same count ("increased to 8
 * units TID") changes no schedule and is not read here.
 */

const COUNT = '(?:\\d|one|two|three|four|un|une|deux|trois|quatre)';
const CHANGED = new RegExp(
  [
    // "from daily (with supper) to TID AC", "from once to three times a day", "de 1 à 3 injections"
    ` (?:from|de) (?:daily|once|qd|bid|twice|${COUNT}) (?:[a-z0-9]+ ){0,4}?(?:to|a) (?:tid|qid|three|four|3|4|${COUNT} (?:injections?|times)|with (?:each|every|all) meals?|before (?:each|every|all) meals?|ac|chaque repas|tous les repas)`,
    // "passage à 3 injections", "passé à 3 injections par jour", "increased to 3 injections"
    ` (?:passage|passe|passee|passer|increased|changed|switched|augmente|augmentee) (?:de [a-z0-9]+ )?(?:a|to) ${COUNT} (?:injections?|inj|times|fois)`,
    // A start written beside the schedule: "6 UI matin, midi et soir depuis le 25/10/2026 (auparavant
    // soir uniquement)", "Start date: 11/01/2026 (new prandial regimen)", "à partir du 05/11/2026".
    // Only a date the caller finds later than the record's own start moves it (medication-uses.ts).
    ` (?:depuis le|a partir du|a compter du|start date|started on|started|debute le|commence le|instaure le|initie le) \\d`,
    // "added lunch dose", "ajout de l'injection du midi", "ajout d'une injection le midi"
    ` (?:added|add|adding|ajout|ajoute|ajoutee) (?:a |an |the |de l |d une |une |l )?(?:[a-z]+ ){0,1}?(?:lunch|breakfast|supper|dinner|midday|noon|midi|matin|soir|prandial|meal|mealtime|repas)(?: [a-z]+){0,2}? (?:dose|doses|injection|injections|bolus)`,
    ` (?:added|add|ajout|ajoute|ajoutee) (?:a |an |the |de l |d une |une |l )?(?:dose|doses|injection|injections|bolus) (?:at |with |before |du |au |le |avant le |avant les )?(?:lunch|breakfast|supper|dinner|midday|noon|midi|matin|soir|meals|repas)`,
  ].join('|'),
);
// French words around a numeric date say it is written day first ("le 02/11/2026" is 2 November),
// which the date alone cannot tell (fhir-date.ts reads such a date as its year only).
const FRENCH =
  / (?:le|du|au|depuis|passage|passe|passee|ajout|ajoute|ajoutee|fois|repas|midi|soir|matin|injections par jour) /;
const DAY_FIRST = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g;

/** The clause with a French day-first date written ISO, so the date reader takes it whole. */
function dayFirst(clause: string, folded: string): string {
  if (!FRENCH.test(folded)) return clause;
  return clause.replace(DAY_FIRST, (all, d: string, m: string, y: string) =>
    Number(d) <= 31 && Number(m) <= 12 ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : all,
  );
}

// A change still to come ("to increase to TID if BG > 200", "passage à 3 injections si besoin").
const PLANNED = / (?:si|if|plan|planned|prevu|prevue|envisager|consider|will|a discuter) /;

/**
 * When the number of injections last changed, by the words of an order or statement: its date
 * bounds, 'undated' when the words say it changed but no date can be read, or undefined when no
 * words say so. Read clause by clause: a date in another clause dates something else.
 */
export function scheduleChangedOn(texts: readonly string[], now: Date): DateBounds | 'undated' | undefined {
  let found: DateBounds | undefined;
  for (const text of texts)
    for (const clause of text.split(/[;\n]|\.(?:\s|$)/)) {
      const folded = ` ${normaliseText(clause)} `;
      if (!CHANGED.test(folded) || PLANNED.test(folded)) continue;
      const date = latestDateInText(dayFirst(clause, folded));
      const past = date ? readPastDate(date.text, now) : undefined;
      if (typeof past !== 'object') return 'undated';
      const span = spanOf(past);
      if (found === undefined || (found.end !== undefined && span.end > found.end))
        found = { start: span.start, end: span.end, text: past.text };
    }
  return found;
}

/**
 * Since when a record's schedule stands, given its own start: a dated change later than the start;
 * an undated one somewhere between the start and now (never earlier than the record: a start
 * written before it, "8 UI le soir depuis 2024", may date another schedule); else undefined.
 */
export function scheduleSince(
  texts: readonly string[],
  start: DateBounds,
  now: Date,
  boundsSince?: number,
): DateBounds | undefined {
  // A dosage whose own bounds began after the record was written ("authoredOn 2024, boundsPeriod
  // from 2026-11-01": a review of 2026-12-07, night, found it read as MDI since 2024).
  if (boundsSince !== undefined && start.end !== undefined && boundsSince > start.end + 86_400_000) {
    const words = scheduleSinceInWords(texts, start, now);
    return words !== undefined && (words.start ?? 0) > boundsSince ? words : { start: boundsSince, end: boundsSince };
  }
  return scheduleSinceInWords(texts, start, now);
}

/** The record's schedule start told by its words alone (see scheduleSince). */
function scheduleSinceInWords(texts: readonly string[], start: DateBounds, now: Date): DateBounds | undefined {
  const changed = scheduleChangedOn(texts, now);
  if (changed === undefined) return undefined;
  if (changed === 'undated') {
    const from = start.start ?? start.end;
    return {
      ...(from !== undefined ? { start: from } : {}),
      end: now.getTime(),
      note: 'a change of schedule not dated',
    };
  }
  return start.end === undefined || (changed.start ?? 0) > start.end ? changed : undefined;
}
