import { foldAccents, normaliseText } from '../rules/value-sets.js';
import { DENIAL_WORDS, PLAN_WORDS, REFUSAL_WORDS, wordsPattern } from './context-words.js';
import { DAY_MS } from './fhir-date.js';
import { sentencesOf } from './sentences.js';
import { memoiseText } from './text-memo.js';

/**
 * Free-text dosing as prescribers write it, in French and English: "8 UI matin, midi et soir",
 * "3 fois par jour", "TID", "10 units with each meal", "selon glycémie". Only wording with one
 * clear reading is understood; anything else leaves the schedule unknown, never "no injection".
 */

/** Folds accents and case, and turns punctuation into spaces, so "Matin/Midi" reads "matin midi". */
const fold = normaliseText;

// Wording that makes a dose conditional: a correction or sliding scale, a dose "according to
// blood glucose", a protocol, "if needed". Such doses are not scheduled injections.
const AS_NEEDED = [
  ' sliding scale ',
  ' correction ',
  ' correctional ',
  ' correctrice ',
  ' selon glycemie ',
  ' selon la glycemie ',
  ' selon glycemies ',
  ' selon dextro ',
  ' selon les glycemies ',
  ' selon protocole ',
  ' protocole ',
  ' protocol ',
  ' si besoin ',
  ' au besoin ',
  ' as needed ',
  ' prn ',
  ' echelle ',
  ' if needed ',
  ' if required ',
  ' ssi ',
  ' scale ',
  ' per bg ',
  ' per blood glucose ',
  ' per fingerstick ',
  ' based on blood glucose ',
  ' based on bg ',
  ' based on glucose ',
  ' coverage ',
  ' en fonction de la glycemie ',
  ' en fonction des glycemies ',
  ' en fonction de la glycemie capillaire ',
  ' si glycemie ',
  ' selon dextro ',
  ' selon dextros ',
  ' selon les dextros ',
  ' dextros ',
  ' selon hgt ',
  ' hgt ',
  ' suivant glycemie ',
  ' suivant la glycemie ',
  ' selon schema ',
  ' selon le schema ',
  ' schema de correction ',
  ' insuline de correction ',
  // US sliding-scale shorthand: "per ISS" / "RISS" (insulin sliding scale), "low dose SS",
  // "supplemental insulin", "per FSBS AC", "per accuchecks", "per CBGs", "per POC glucose".
  ' iss ',
  ' riss ',
  ' ssi ',
  ' per ss ',
  ' per bs ',
  ' supplemental ',
  ' per fsbs ',
  ' per fsbg ',
  ' per cbg ',
  ' per cbgs ',
  ' per poc ',
  ' per fingersticks ',
  ' per accucheck ',
  ' per accuchecks ',
  ' per accu chek ',
  ' per glucometer ',
  ' per sugars ',
  ' per blood sugar ',
  ' per blood sugars ',
  // French: "selon GC" (glycémie capillaire), "en fonction des GC", "dose adaptée aux glycémies".
  ' selon glycemie capillaire ',
  ' en fonction des gc ',
  ' en fonction de la gc ',
  ' adaptee aux glycemies ',
  ' adaptee a la glycemie ',
  ' adaptees aux glycemies ',
  // More of the same, found in a review of hospital orders. Each names the glucose reading the dose
  // follows: "per glucose log", "per meter instructions", "selon tableau" (a carbohydrate table) and
  // "selon résultat HbA1c" are titrations or counting, not scales.
  ' en fonction du dextro ',
  ' en fonction des dextros ',
  ' selon le dextro ',
  ' selon asg ',
  ' selon l asg ',
  ' d apres la glycemie capillaire ',
  ' d apres les glycemies capillaires ',
  ' d apres le dextro ',
  ' selon tableau de correction ',
  ' selon le tableau de correction ',
  ' insuline corrective ',
  ' selon resultat glycemie ',
  ' selon resultat de la glycemie ',
  ' selon le resultat de la glycemie ',
  ' per poct ',
  ' per capillary glucose ',
  ' per cbg reading ',
  ' hyperglycemia algorithm ',
  // And in a review of realistic records (2026-12-05): "dose adaptée au dextro", "insuline de
  // rattrapage", "bolus correcteurs". ("Pas de dose de rattrapage en cas d'oubli" is about a
  // missed dose: only the insulin named so is a scale.)
  ' according to sliding ',
  ' adaptee au dextro ',
  ' adaptee aux dextros ',
  ' adaptee a la glycemie capillaire ',
  ' insuline de rattrapage ',
  ' correcteur ',
  ' correcteurs ',
  // "Schéma correctif avant les 3 repas", "bolus correctifs", and a dose "en cas d'hyperglycémie"
  // or "si hyperglycémie > 2 g/L": the everyday French forms (a review of French records,
  // 2026-12-07, found each read as three meal injections and both cards shown).
];

// "Schéma correctif avant les 3 repas", "bolus correctifs": the everyday French forms (a review of
// French records, 2026-12-07, found each read as three meal injections and both cards shown), but
// not "pas de dose corrective", which says the fixed doses have none.
const CORRECTIVE = / correcti(?:f|fs|ve|ves) /;
const NO_CORRECTION = / (?:pas de|pas d|sans|aucun|aucune|no|without)(?: [a-z]+){0,2} correcti(?:f|fs|ve|ves) /;

// A named scale ("low dose algorithm", "moderate dose SS"), "selon (la) GC" unless it is the
// monitoring that follows it ("contrôle selon GC"), and a supplement given on a glucose condition
// ("suppl 2 UI si > 2g"). A titration ("per 3-0-3 algorithm", "titration selon algorithme") and a
// "nutritional supplement" are not scales.
const NAMED_SCALE =
  / (?:low|moderate|medium|high|resistant|sensitive|standard|insulin|correction) dose (?:algorithm|scale|ss) | (?:low|moderate|medium|high|resistant|sensitive) (?:algorithm|ss) | suppl \d+ (?:ui|u|units?) si /;
const SELON_GC = / selon (?:la |les )?gcs? /;
const MONITORING = / (?:controle|controles|controler|surveillance|surveiller|autosurveillance|check|monitor) /;

// A dose table keyed on glucose bands ("BG 151-200: 2 units, 201-250: 4 units", "1,50-2,00 g/l :
// 2 UI ; 2,01-2,50 g/l : 4 UI", "2 UI si GC 2-2,5 g/l ; 4 UI si 2,5-3 g/l"): two ranges, each
// with its dose, is a correction scale. Read on text that keeps its symbols: "08:00 8 UI, 12:00
// 10 UI" names times, not ranges.
const NUMBER = '\\d+(?:[.,]\\d+)?';
const RANGE = `(?<![\\d.,])${NUMBER}\\s*(?:-|–|à|a|to)\\s*${NUMBER}(?![\\d.,])\\s*(?:g\\/l|mg\\/dl|mmol\\/l)?`;
const DOSE = '(?<![\\d.,])\\d{1,2}\\s*(?:u|ui|iu|units?|unites?)\\b';
const BAND_THEN_DOSE = new RegExp(`${RANGE}\\s*[:=]?\\s*${DOSE}`, 'g');
const DOSE_IF_BAND = new RegExp(
  `${DOSE}\\s*(?:si|if|for|pour)\\s*(?:la |le )?(?:gc|bg|cbg|bs|glycemies?|glucose|dextro)?\\s*${RANGE}`,
  'g',
);

function glucoseBands(symbols: string): boolean {
  return (symbols.match(BAND_THEN_DOSE)?.length ?? 0) >= 2 || (symbols.match(DOSE_IF_BAND)?.length ?? 0) >= 2;
}

// Wording that says the insulin runs through a pump: a basal rate, a pump cartridge, units per hour.
const PUMP_CUES = [
  ' pompe ',
  ' pump ',
  ' pumpcart ',
  ' csii ',
  ' continuous subcutaneous insulin infusion ',
  ' perfusion sous cutanee continue d insuline ',
  ' debit de base ',
  ' debits de base ',
  ' basal rate ',
  ' ui h ',
  ' u h ',
  ' units hr ',
  ' units hour ',
  ' unites h ',
  ' unite h ',
];

// French "PSCI" / "ISCI" (pompe sous-cutanée, infusion sous-cutanée continue d'insuline) and the
// brands that make only pumps, named in an order's text. Medtronic MiniMed and Medtrum also sell
// sensors, so their names are left to the Device value sets. These say a pump only where nothing
// in the text denies, refuses or merely plans one ("Omnipod discussed, patient declined", "pas de
// PSCI souhaitée"). V-Go (a disposable patch that infuses a basal rate and gives bolus clicks) and
// CeQur Simplicity (a patch that gives the mealtime boluses) deliver the insulin of the order:
// "2 clicks with each meal" through them are no injections.
const PUMP_NAMES = [' psci ', ' isci ', ' omnipod ', ' ypsopump ', ' t slim ', ' tslim ', ' v go ', ' vgo ', ' cequr '];
// A pump weighed rather than in use ("Omnipod discussed", "pompe souhaitée", "consider a pump").
const PUMP_WEIGHING_WORDS = [
  'discussed',
  'discussion',
  'discute',
  'discutee',
  'souhaite',
  'souhaitee',
  'proposed',
  'propose',
  'proposee',
  'consider',
  'considering',
];
const PUMP_NOT_IN_USE = wordsPattern(DENIAL_WORDS, REFUSAL_WORDS, PLAN_WORDS, PUMP_WEIGHING_WORDS);

// Doses of the order the patient does not give ("le patient ne réalise pas les injections du midi
// et du soir", "ne fait que l'injection du soir", "n'injecte pas le midi", "skips lunch dose",
// "only takes the evening dose"): how many injections a day are given cannot be told from the
// schedule. A verb of not giving, then within three words an injection or a dose ("ne fait pas
// d'hypoglycémie", "oublie son stylo le midi" say nothing of doses); "n'injecte pas" may name the
// meal instead.
const SKIPPED_DOSES = new RegExp(
  [
    ' (?:ne realise pas|ne realise que|ne fait pas|ne fait que|ne prend pas|ne prend que|oublie|oublient|skips|skipping|misses|omits|only takes|only does|only gives)(?: [a-z]+){0,3} (?:injection|injections|inj|dose|doses|bolus|piqure|piqures) ',
    ' (?:n injecte pas|n injecte que|ne s injecte pas|ne s injecte que|only injects)(?: [a-z]+){0,3} (?:injection|injections|dose|doses|midi|soir|matin|lunch|dinner|breakfast|supper|noon|evening|morning) ',
  ].join('|'),
);

// An instruction for when a meal or a dose is skipped ("if you skip a meal, skip the dose", "si le
// repas est sauté, ne pas faire l'injection") says what to do, not what the patient does; a lapse
// now and then ("oublie parfois", "rarely misses", "n'oublie jamais") is adherence, not the regimen.
const NOT_THE_REGIMEN =
  / (?:si|if|en cas|when|lorsque|quand|unless|sauf|parfois|quelquefois|de temps en temps|rarement|jamais|sometimes|occasionally|occasional|rarely|never|seldom|avoid|eviter|evite) /;

// The patient gives it at one meal or moment only ("Pt states she only uses her Humalog at
// supper", "takes it only with dinner", "ne fait sa NovoRapid qu'au dîner", "uniquement le soir"):
// the order's other doses are not given. A verb of giving, then within three words "only" (or
// French "que"/"uniquement"/"seulement") and a meal or a moment (a review of reconciliation notes,
// 2026-12-07, found these read as the order's three a day).
const MOMENT =
  '(?:supper|dinner|lunch|breakfast|bedtime|night|evening meal|largest meal|biggest meal|one meal|diner|dejeuner|petit dejeuner|souper|soir|midi|matin|coucher|repas du soir|repas de midi|un seul repas|un repas)';
const USE_VERB =
  '(?:uses|using|takes|taking|gives|giving|injects|injecting|does|doing|fait|prend|realise|injecte|utilise|s injecte)';
// Up to three words between the verb and "only", none of them what is not a dose: "fait ses
// hypoglycémies uniquement le soir", "takes a snack only at bedtime", "prend son repas qu'au dîner".
const GAP =
  '(?: (?!(?:hypo|glycemi|glucose|sugar|bg|dextro|collation|snack|repas|meal|malaise|controle|sport)[a-z]*\\b)[a-z]+){0,3}';
const ONE_MOMENT_ONLY = new RegExp(
  [
    ` (?:only|just) ${USE_VERB}${GAP} (?:at|with|before|for|around|in the) (?:the )?${MOMENT} `,
    ` ${USE_VERB}${GAP} (?:only|just) (?:at|with|before|for|around|in the) (?:the )?${MOMENT} `,
    ` ne ${USE_VERB}${GAP} qu (?:au|a|le|la|l|avant le|avant|pour le|pour)(?: [a-z]+){0,1} ${MOMENT} `,
    ` ${USE_VERB}${GAP} (?:uniquement|seulement) (?:au|a|le|la|l|avant le|avant|pour le|pour)(?: [a-z]+){0,1} ${MOMENT} `,
  ].join('|'),
);

// Used now and then rather than on a schedule ("Pt reports using it only occasionally with large
// meals", "la fait de temps en temps"): not a scheduled injection. A lapse in a scheduled regimen
// ("occasionally forgets", "oublie parfois") is NOT_THE_REGIMEN's, and is not read here: the
// adverb must follow a verb of giving, with no verb of missing after it.
const OCCASIONAL_USE = new RegExp(
  ` ${USE_VERB}${GAP} (?:only )?(?:occasionally|sometimes|rarely|seldom|irregularly|sporadically|parfois|rarement|de temps en temps|de temps a autre|occasionnellement|irregulierement|episodiquement)(?! (?:forgets|forget|misses|miss|skips|skip|omits|oublie|oublient|saute|sautent))`,
);
// An instruction or a denial around such words ("if you only use it at dinner", "never only at
// supper") says nothing of what the patient does.
const NOT_A_REPORT = / (?:si|if|unless|sauf|avoid|eviter|evite|never|jamais) /;

// Epic's reconciliation wording "Patient taking differently: Inject 10 Units … daily with supper",
// and the same said in French ("prend différemment", "ne suit pas la prescription"): what is given is
// not the order's schedule (a review of US records, 2026-12-07, found it read as the order's three a
// day and both cards shown).
const TAKEN_DIFFERENTLY =
  / (?:taking|takes|taken|uses|using|injects|injecting)(?: (?:it|this|them|insulin))? differently | (?:prend|utilise|injecte|fait)(?: [a-z]+){0,2} differemment | ne suit pas (?:la |sa )?(?:prescription|posologie|ordonnance) /;

// One mealtime dose named as what is done ("Pt reports she is only doing the breakfast dose",
// "just does supper", "taking NovoLog with dinner only", "once a day with dinner instead of TID",
// "Ne fait plus les injections du matin et du midi", "Seule l'injection du soir est faite", "only
// uses Humalog when she eats out"): a review of notes (2026-12-07) found each read as the order's
// three a day.
const ONE_DOSE_DONE = new RegExp(
  [
    ` (?:only|just) ${USE_VERB}(?: (?:the|her|his|their|my))? ${MOMENT}(?: (?:dose|injection|shot|one))? `,
    ` ${USE_VERB}${GAP} (?:with|at|before) (?:the )?${MOMENT} only `,
    ' instead of (?:tid|bid|qid|3 times|three times|twice|2 times|with each meal|with meals|at each meal) ',
    ' ne fait plus (?:les|l|la|ses|son|sa) injections? ',
    ' seule l injection (?:du|de) \\w+ est faite ',
    ' only (?:uses|takes|gives|injects|does)(?: [a-z]+){0,3} when ',
  ].join('|'),
);

/** Whether a note or dosing text says some of the ordered doses are not given. */
export const skipsDosesText = memoiseText((text: string): boolean =>
  text.split(/[.;!?](?:\s|$)|\n/).some((sentence) => {
    const t = fold(sentence);
    if (TAKEN_DIFFERENTLY.test(t) || ONE_DOSE_DONE.test(t)) return true;
    if (SKIPPED_DOSES.test(t) && !NOT_THE_REGIMEN.test(t)) return true;
    return (ONE_MOMENT_ONLY.test(t) || OCCASIONAL_USE.test(t)) && !NOT_A_REPORT.test(t);
  }),
);

// The instruction itself gives the insulin at one meal only ("Only inject with your largest meal
// of the day (usually supper)", "Take with supper only", "Injectez 10 unités seulement avant le
// repas du soir", "10 units with supper only") or drops named meal doses ("skip breakfast and lunch
// doses", "sauter la dose du midi"): a review of US and French records (2026-12-07) found these,
// beside a timing of three meals, counted as three injections. Imperative verbs are read only here,
// where the caller weighs them against a schedule of several doses: "Inject 30 units at bedtime
// only" is a plain basal order. Unlike the report patterns above, a meal must be named in the
// singular ("Take with meals only", "before meals only if eating" say each meal).
const GIVE_IMPERATIVE =
  '(?:inject|take|give|use|administer|injectez|injecter|faire|faites|prendre|prenez|realiser|realisez|administrer|utiliser|utilisez)';
const DOSE_UNIT = '(?:units?|u|iu|ui|unites?)';
const ONE_MEAL_INSTRUCTED = new RegExp(
  [
    ` (?:only|just) ${GIVE_IMPERATIVE}${GAP} (?:at|with|before|for|around|in the) (?:the |your )?${MOMENT} `,
    ` ${GIVE_IMPERATIVE}${GAP} (?:only|just) (?:at|with|before|for|around|in the) (?:the |your )?${MOMENT} `,
    ` (?:${GIVE_IMPERATIVE}${GAP}|${DOSE_UNIT}) (?:at|with|before) (?:the |your )?${MOMENT} only `,
    ` ${GIVE_IMPERATIVE}${GAP} (?:with|at|before) (?:the |your )?(?:largest|biggest) meal `,
    ` (?:${GIVE_IMPERATIVE}${GAP}|${DOSE_UNIT}) (?:uniquement|seulement) (?:au|a|le|la|l|avant le|avant|pour le|pour)(?: [a-z]+){0,1} ${MOMENT} `,
    ` (?:${GIVE_IMPERATIVE}${GAP}|${DOSE_UNIT}) (?:au|le|avant le|avant)(?: [a-z]+){0,1} ${MOMENT} (?:uniquement|seulement) `,
    ` ${DOSE_UNIT} (?:only|just) (?:at|with|before) (?:the )?${MOMENT} `,
    ` (?:n|ne) ${GIVE_IMPERATIVE}${GAP} qu (?:au|a|le|la|l|avant le|avant|pour le|pour)(?: [a-z]+){0,1} ${MOMENT} `,
  ].join('|'),
);
const MEAL_DOSE = '(?:breakfast|lunch|noon|dinner|supper|morning|evening|am|pm)';
const MEAL_DOSES_SKIPPED = new RegExp(
  [
    ` skip (?:the |your )?${MEAL_DOSE}(?: (?:and|or|&) ${MEAL_DOSE})? (?:dose|doses|injection|injections|shot|shots) `,
    ` (?:sauter|sautez|saute|sautent) (?:la|l|les) (?:dose|doses|injection|injections|piqure|piqures) (?:du|de|des|de la) (?:matin|midi|soir|dejeuner|petit dejeuner|diner|repas de midi|repas du midi|repas du matin)(?: (?:et|ou) (?:du|de|de la) (?:matin|midi|soir|dejeuner|petit dejeuner|diner))? `,
  ].join('|'),
);
// A condition ("skip the dose only if you skip the meal", "only at supper if BG > 150", "on days
// you fast") leaves the doses scheduled; so does a denial of a skip ("do not skip the lunch dose",
// "ne pas sauter la dose du midi").
const CONDITION =
  / (?:si|if|unless|sauf|except|when|whenever|quand|lorsque|en cas|on days|les jours|avoid|eviter|evitez|never|jamais) /;
const SKIP_DENIED = / (?:not|don t|dont|no|ne|pas|without|sans) /;

// An extra dose at one meal ("Take 2 extra units with dinner only") adds to the schedule.
const EXTRA = / (?:extra|additional|supplementaire|supplementaires|en plus|de plus) /;
// The meals a sentence names, as slots of the day: two named ("before breakfast and 12 units before
// dinner only", "le matin et le soir uniquement") give two doses, which is still more than one.
const MEAL_SLOTS: readonly [RegExp, string][] = [
  [/ (?:breakfast|petit dejeuner|matin|morning|am) /, 'morning'],
  [/ (?:lunch|(?<!petit )dejeuner|midi|noon|midday) /, 'noon'],
  [/ (?:dinner|supper|diner|soir|evening|pm) /, 'evening'],
];
function mealSlots(folded: string): number {
  return MEAL_SLOTS.filter(([re]) => re.test(folded)).length;
}
// Two meal doses or more dropped ("skip breakfast and lunch doses"): one skipped of three leaves
// two, which the schedule's reading already allows for.
const TWO_SKIPPED = / (?:and|or|&|et|ou) /;

/**
 * Whether an order's own dosing words give it at one meal only, or drop two named meal doses. Read
 * only for a record that schedules more than one injection a day: the words then contradict the
 * schedule, and how many injections are given cannot be told. A sentence naming two meals or an
 * extra dose says nothing of the kind (a review of the change, 2026-12-07, night).
 */
export const oneMealInstructedText = memoiseText((text: string): boolean =>
  text.split(/[.;!?](?:\s|$)|\n/).some((sentence) => {
    const t = fold(sentence);
    if (CONDITION.test(t) || EXTRA.test(t)) return false;
    if (ONE_MEAL_INSTRUCTED.test(t)) return mealSlots(t) <= 1;
    const skipped = MEAL_DOSES_SKIPPED.exec(t);
    return skipped !== null && !SKIP_DENIED.test(t) && TWO_SKIPPED.test(skipped[0]);
  }),
);

// Words of a note that weighs a pump or sends the patient to be assessed for one.
const PUMP_WEIGHED = wordsPattern([
  'interested',
  'interest',
  'candidate',
  'candidat',
  'candidate a',
  'evaluation',
  'evaluate',
  'assessment',
  'referral',
  'referred',
  'adresse',
  'adressee',
  'bilan',
  'wants',
  'would like',
  'veut',
  'souhaiterait',
  'aimerait',
  'starting',
  'will start',
  'demarrer',
  'education',
]);

/** Whether dosing text or a product name says the insulin runs through a pump ("débit de base 0,8 UI/h"). */
export const mentionsPump = memoiseText((text: string): boolean => {
  const t = fold(text);
  if (PUMP_CUES.some((cue) => t.includes(cue))) return true;
  return PUMP_NAMES.some((cue) => t.includes(cue)) && !PUMP_NOT_IN_USE.test(t);
});

// The pump words a note is read for: a pump by name, never a rate ("insuline IVSE 2 UI/h",
// "insulin drip 3 units/hr" are hospital infusions).
const NOTE_PUMP_WORDS = [
  ' insulin pump ',
  ' pompe a insuline ',
  ' pompe insuline ',
  ' sous pompe ',
  ' csii ',
  ...PUMP_NAMES,
];
// A pump in the past ("switched from Omnipod to MDI", "pompe arrêtée en 2023, retour au schéma
// basal-bolus", "former pump user").
const PUMP_LEFT = wordsPattern([
  'switched from',
  'changed from',
  'from',
  'off',
  'stopped',
  'discontinued',
  'former',
  'formerly',
  'previously',
  'previous',
  'history of',
  'arret',
  'arrete',
  'arretee',
  'ancien',
  'ancienne',
  'retour',
  'abandon',
  'abandonnee',
]);

/**
 * Whether a note on an order says the patient is on a pump ("Patient now on Omnipod 5 since
 * 09/2026", "Uses V-Go 30 patch"). A note is freer than dosing text: it weighs, plans and looks
 * back ("pump discussed", "interested in an insulin pump", "switched from Omnipod to MDI") as often
 * as it reports, so no pump word counts where the note denies, refuses, plans, weighs or ends one.
 */
export const notePutsOnPump = memoiseText((text: string): boolean => {
  const t = fold(text);
  if (!NOTE_PUMP_WORDS.some((cue) => t.includes(cue))) return false;
  return !PUMP_NOT_IN_USE.test(t) && !PUMP_WEIGHED.test(t) && !PUMP_LEFT.test(t);
});

// A start of the pump fixed in time ("Relais pompe prévu le 12/12/2026 en HDJ", "mise sous pompe
// programmée", "Omnipod 5 start scheduled for next week"): the evaluation is done and a pump is
// coming, so the order's injections may stop any day.
const PUMP_START_FIXED = wordsPattern([
  'prevu',
  'prevue',
  'programme',
  'programmee',
  'planifie',
  'planifiee',
  'a venir',
  'date fixee',
  'rdv',
  'hdj d initiation',
  'scheduled',
  'planned',
  'upcoming',
  'will start',
  'will be started',
  'booked',
]);
const PUMP_START_WORDS = [
  ...NOTE_PUMP_WORDS,
  ' relais pompe ',
  ' relais par pompe ',
  ' mise sous pompe ',
  ' passage sous pompe ',
];

// Denied or refused (PUMP_NOT_IN_USE without the plan words, which are what is read here).
const PUMP_NOT_IN_USE_NOW = wordsPattern(DENIAL_WORDS, REFUSAL_WORDS, PUMP_WEIGHING_WORDS, [
  'non prevu',
  'non prevue',
  'pas prevu',
  'pas prevue',
  'not planned',
  'not scheduled',
]);
/**
 * Whether a note or dosing text on an insulin order says a pump start is fixed ("Relais pompe
 * prévu le 12/12/2026 en HDJ diabétologie"): the pump is no longer to evaluate but to start. Not
 * where the note denies, refuses, weighs or ends the pump ("pompe refusée", "pump discussed").
 */
export const notePlansPump = memoiseText((text: string): boolean => {
  const t = fold(text);
  if (!PUMP_START_WORDS.some((cue) => t.includes(cue)) || !PUMP_START_FIXED.test(t)) return false;
  return !PUMP_NOT_IN_USE_NOW.test(t) && !PUMP_LEFT.test(t);
});

// A dose range from 0 written in words ("0-10 Units", "0 à 8 UI", "0 to 6 units"): a correction
// scale, as a coded doseRange starting at 0 is (dosing-frequency.ts). Matched on text that keeps
// its symbols: "0,1 UI/kg" is a dose by weight and "6-0-0 UI" doses per meal, not ranges from 0.
const FROM_ZERO = /(?:^|[^\d.,/-])0\s*(?:-|–|\/|a|to)\s*\d{1,3}\s*(?:u|ui|iu|unit|units|unite|unites)\b/;

// A dose given only when the glucose is high ("if BG > 150", "si la glycémie est supérieure à 2
// g/L", "en cas de dextro > 1,80"): a correction dose, however regular its schedule. Read on text
// that keeps its symbols, since ">" and "<" decide: "hold if BG < 70" is a scheduled dose.
const IF_GLUCOSE_HIGH =
  /\b(?:if|si|only if|en cas de|for|when|lorsque|quand)\s+(?:the\s+|la\s+|le\s+|les\s+|une?\s+)?(?:pre[- ]?meal\s+|preprandial\s+|capillary\s+|capillaire\s+)?(?:bg|cbg|fsbg|bs|gc|blood sugars?|blood glucose|glucose|glycemies?|glycemia|dextros?|sugars?|hgt)\b[^<>\d]{0,30}(?:>|≥|\bover\b|\babove\b|\bgreater\b|\bsuperieures?\b|\bsup\b|\bhigher\b|\bexceeds?\b|\bplus de\b)/;

/** Whether dosing text makes the dose conditional (sliding scale, correction, "selon glycémie", "0-10 units"). */
// Feeding that is not meals: continuous or bolus tube feeds, enteral or parenteral nutrition.
const FEEDING =
  / (?:tube feeds?|tube feeding|with feeds|during feeds|feeds via|enteral|enterale|nutrition enterale|alimentation enterale|tpn|parenteral|parenterale|nutrition parenterale) /;

/** Whether dosing text ties the dose to tube feeds or parenteral nutrition rather than meals. */
export const isFeedingText = memoiseText((text: string): boolean => FEEDING.test(fold(text)));

// A ceiling on the doses, not a schedule ("with meals, no more than 3 times a day", "Max 3
// injections per day", "6 units if eating a meal, up to 3 times daily", "au maximum 3 fois par
// jour"): as many as the meals eaten, up to that many. A review of US orders (2026-12-07) found
// three such sigs counted as three injections a day and the pump card shown.
const COUNT_CEILING =
  / (?:up to|no more than|not more than|not to exceed|do not exceed|maximum of|max of|max|maximum|au maximum|au plus|maximum de|jusqu a|pas plus de|ne pas depasser) (?:\d{1,2}|une|deux|trois|quatre|one|two|three|four)(?: [a-z]+){0,1} (?:times|time|fois|injections?|inj|doses?|x|par jour|per day|a day|daily) /;

// A dose change told in words on the order itself ("Augmenté à 1 cp matin, midi et soir depuis le
// 28/10", "Dose réduite à 500 mg matin et soir le 10/11", "increased to 1000 mg BID"): the record
// changed its dose without a new record to show when. An instruction ("augmenter si toléré",
// "increase to 1000 mg if tolerated") is a plan, not a change.
const DOSE_CHANGED =
  / (?:dose increase|dose decrease|dose reduction|dose adjusted|dose adjustment|adjusted to|adjusted for|passage a|majoration|augmente|augmentee|augmentation|diminue|diminuee|diminution|reduit|reduite|reduction|baisse|baissee|majore|majoree|double|doublee|modifie|modifiee|ajuste|ajustee|passe a|passee a|increased|decreased|reduced|lowered|raised|doubled|halved|uptitrated|up titrated|titrated up|changed to|dose changed|dose change) /;
const CHANGE_PLANNED =
  / (?:si|if|a augmenter|a diminuer|a reduire|to increase|to decrease|to reduce|will increase|will decrease|plan|prevu|prevue) /;

// A change dated by a day ("on 11/02/2026", "le 28/10", "depuis le 20/10/2026"): done, whatever
// condition the clause adds ("Increased to 1000 mg BID on 11/02/2026 - hold if eGFR < 30").
const DATED = /\b\d{1,2}[/.-]\d{1,2}\b/;
// "Per plan of care" says who decided the change, not that it is to come.
const PER_PLAN = / per (?:the )?plan(?: of care)? /g;

/**
 * Whether a note or dosing text says the dose of the order was changed. Read clause by clause
 * (a dash or a sentence end closes one): a condition in the next clause is not the change's.
 */
export const saysDoseChanged = memoiseText((text: string): boolean =>
  text.split(/[.;!?](?:\s|$)|\n|\s[-–]\s/).some((clause) => {
    const t = fold(clause).replace(PER_PLAN, ' ');
    return DOSE_CHANGED.test(t) && (!CHANGE_PLANNED.test(t) || DATED.test(clause));
  }),
);

/** Whether dosing text caps the number of doses rather than scheduling them. */
export const capsDoseCount = memoiseText((text: string): boolean => COUNT_CEILING.test(fold(text)));

// Wording that puts the start of a dose in the future: "À débuter après la séance d'ETP du
// 15/01/2027", "à commencer le", "Start on 01/15/2027", "will start after discharge".
const LATER_START =
  / (?:a debuter|a commencer|debuter le|debuter apres|commencer le|commencer apres|a partir du|a compter du|start on|starting on|to start|will start|start after|begin on|to begin|will begin) /;
const NUMERIC_DATE = /(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4})/g;

/** The instants a numeric date may denote: day/month or month/day (either order), or ISO. */
function possibleDates(a: string, b: string, c: string): number[] {
  if (a.length === 4) return [Date.UTC(Number(a), Number(b) - 1, Number(c))];
  const year = c.length === 2 ? 2000 + Number(c) : Number(c);
  const out: number[] = [];
  for (const [day, month] of [
    [Number(a), Number(b)],
    [Number(b), Number(a)],
  ] as const) {
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) out.push(Date.UTC(year, month - 1, day));
  }
  return out;
}

/**
 * Whether dosing text or a note says the dose starts later: start wording followed by a date that
 * may lie after today (day/month and month/day both tried), or by no date at all ("à débuter
 * après l'ETP"). Start wording with only past dates ("à partir du 01/10/2026") says nothing.
 */
export function startsLaterInText(text: string, now: Date): boolean {
  const folded = fold(text);
  const cue = LATER_START.exec(folded);
  if (!cue) return false;
  const dates = [...text.matchAll(NUMERIC_DATE)].flatMap((m) => possibleDates(m[1]!, m[2]!, m[3]!));
  if (dates.length === 0) return true;
  return dates.some((d) => d > now.getTime());
}

// An end date in the words right after "until" ("3 times daily with meals until 03/15/2026",
// "jusqu'au 20/10/2025").
const UNTIL_DATE = /\b(?:until|till|thru|through|jusqu['’]?\s?au)\s+(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4})/gi;

/**
 * Whether dosing text gives an end date that has passed, whichever way it is read (day/month or
 * month/day): the dose was a course, long over (a review of US and French records, 2026-12-07,
 * found "…with meals until 03/15/2026" read as today's three injections).
 */
export function endedUntilInText(text: string, now: Date): boolean {
  const ends = [...text.matchAll(UNTIL_DATE)].map((m) => possibleDates(m[1]!, m[2]!, m[3]!));
  return ends.length > 0 && ends.every((d) => d.length > 0 && d.every((at) => at + DAY_MS < now.getTime()));
}

// Readings and tables that a scale follows, but that a titration or carbohydrate counting names
// too ("titrate by 1 unit every 3 days per glucose readings", "selon tableau glucides"): a scale
// only where the text speaks of neither.
const READING_SCALE = [
  ' per glucose reading ',
  ' per glucose readings ',
  ' per meter reading ',
  ' selon tableau ',
  // "2-10 units TID before meals according to BS", "dose based on fingerstick glucose", but not
  // "10 units TID; adjust according to BS as directed" (a titration; a review, 2026-12-05).
  ' according to bs ',
  ' according to bg ',
  ' according to blood sugar ',
  ' according to blood sugars ',
  ' according to blood glucose ',
  ' according to glucose ',
  ' according to fingerstick ',
  ' based on fingerstick ',
  ' based on blood sugar ',
  ' based on bs ',
  // A dose given "en cas d'hyperglycémie" or "si hyperglycémie > 2 g/L" (a review of French
  // records, 2026-12-07, found it read as three meal injections), but not "augmenter de 2 UI en
  // cas d'hyperglycémie matinale", a titration.
  ' en cas d hyperglycemie ',
  ' en cas d hyperglycemies ',
  ' si hyperglycemie ',
  ' si hyperglycemies ',
];
const TITRATION_OR_COUNTING =
  / (titrate|titration|titrer|adjust|ajuster|ajustement|augmenter|diminuer|majorer|baisser|reduire|goal|objectif|glucides|glucidique|glucidiques|carb|carbs|carbohydrate|carbohydrates|ratio|insulinotherapie fonctionnelle|hba1c) /;

// A fixed dose the patient adapts to the readings ("8 UI matin, midi et soir, à adapter selon les
// glycémies", the usual French titration instruction) is scheduled: the adaptation is read apart
// from the dose (a review of French records, 2026-12-07, found such doses read as a scale). Alone,
// with no dose in units, it still says nothing scheduled.
const ADAPTED_TO_READINGS =
  / a (?:adapter|ajuster) (?:selon|en fonction de|en fonction des|suivant) (?:la |les )?(?:glycemies?|gc|dextros?)(?: capillaires?)? /;
const DOSE_IN_UNITS = / \d+ (?:ui|u|unites?|units?) /;

// A correction written as a ratio over a threshold, with no word "correction" or "scale": "1 unit
// per 50 mg/dL over 150", "2 units for each 50 mg/dL BG above 150", "1 UI par tranche de 0,50 g/L
// au-dessus de 1,50 g/L", "ISF 50, target 150" (a review of US and French orders, 2026-12-07,
// found such doses at each meal counted as three meal injections).
// The glucose unit may be left out: "1 unit per 50 over 150" (a regression review, 2026-12-07).
const RATIO_OVER_THRESHOLD =
  / (?:per|for every|for each|every|each|par tranche de|par tranche d|par|pour chaque|pour) \d+(?: \d+)?(?! (?:days?|jours?|weeks?|semaines?|h|hours?|heures?|hrs?|months?|mois)\b)(?: (?:mg dl|mg|mmol l|mmol|g l))?(?: [a-z]+){0,2} (?:over|above|greater than|au dessus de|au dessus d|au dela de|au dela d|superieure a|superieur a) /;
// "CF 1:50", "ISF 1:40": a correction factor written as a ratio (folded, "cf 1 50").
const SENSITIVITY_FACTOR =
  / (?:isf|sensitivity factor|insulin sensitivity|correction factor|facteur de sensibilite|facteur de correction|indice de sensibilite|cf 1 \d{2,3}) /;
// "1 u/50 > 150 AC", "1:50 >150": units per step of glucose over a threshold, in symbols.
const RATIO_IN_SYMBOLS =
  /\d+\s*(?:u|ui|iu|units?)\s*\/\s*\d+(?:[.,]\d+)?\s*>\s*\d|(?<![\d.,:])1\s*:\s*\d{2,3}\s*(?:>|≥|over|above)\s*\d{2,3}/i;

/** Whether folded dosing words give a correction: named, or as a ratio over a threshold. */
function namesCorrection(folded: string): boolean {
  return (
    AS_NEEDED.some((cue) => folded.includes(cue)) ||
    (CORRECTIVE.test(folded) && !NO_CORRECTION.test(folded)) ||
    NAMED_SCALE.test(folded) ||
    RATIO_OVER_THRESHOLD.test(folded) ||
    SENSITIVITY_FACTOR.test(folded)
  );
}

// A meal dose beside a correction, joined by words of addition: "1 unit per 10 g carbs, plus
// correction…", "6 UI matin, midi et soir + correction selon tableau", "8 units with meals, add
// correction…", "per sliding scale and with meals 5 units". Basal-bolus with a correction is MDI
// (a review, 2026-12-07, found the whole dose read as a scale and the card withheld).
const ADDITION = /;\s*|\s\+\s?|\s&\s|\s(?:plus|add|and add|en plus|and|et)\s/;
const CARB_RATIO =
  / \d+ (?:u|ui|unit|units|unite|unites) (?:per|pour|par|for every|for each|\/) \d+ (?:g|gr|grams?|grammes?) (?:of |de |d )?(?:carbs?|carbohydrates?|glucides?|cho) /;
const MEAL_TIME =
  / (?:meal|meals|repas|breakfast|lunch|dinner|supper|matin|midi|soir|ac|tid|before|avant|with|chaque) /;
const WARD_PROTOCOL = / (?:protocole|protocol) /;
const GLUCOSE_FIGURES =
  /\d{2,3}\s*[-–]\s*\d{2,3}|mg\s*\/\s*dl|g\s*\/\s*l|mmol|\b(?:bg|bs|cbg|glucose|sugars?|glycemies?|dextros?|gc)\b|(?:over|above|>|≥)\s*\d/;

/** Whether dosing text gives a scheduled meal dose (fixed, or by a carbohydrate ratio) besides a correction. */
function mealDoseBesideCorrection(text: string): boolean {
  const parts = foldAccents(text).split(ADDITION);
  if (parts.length < 2) return false;
  const corrections = parts.filter((p) => namesCorrection(fold(p)) || RATIO_IN_SYMBOLS.test(p));
  // A ward's protocol ("+ correction selon protocole du service") is a hospital stay's order.
  if (corrections.length === 0 || corrections.some((p) => WARD_PROTOCOL.test(fold(p)))) return false;
  return parts.some((p) => {
    if (corrections.includes(p) || GLUCOSE_FIGURES.test(p)) return false;
    const f = fold(p);
    return CARB_RATIO.test(f) || (DOSE_IN_UNITS.test(f) && MEAL_TIME.test(f));
  });
}

export const isAsNeededText = memoiseText((text: string): boolean => {
  const folded = fold(text);
  if (mealDoseBesideCorrection(text)) return false;
  if (RATIO_OVER_THRESHOLD.test(folded) || SENSITIVITY_FACTOR.test(folded) || RATIO_IN_SYMBOLS.test(text)) return true;
  const t = DOSE_IN_UNITS.test(folded) ? folded.replace(ADAPTED_TO_READINGS, ' ') : folded;
  if (AS_NEEDED.some((cue) => t.includes(cue)) || NAMED_SCALE.test(t)) return true;
  if (CORRECTIVE.test(t) && !NO_CORRECTION.test(t)) return true;
  if (READING_SCALE.some((cue) => t.includes(cue)) && !TITRATION_OR_COUNTING.test(t)) return true;
  if (SELON_GC.test(t) && !MONITORING.test(t)) return true;
  const symbols = foldAccents(text);
  return FROM_ZERO.test(symbols) || IF_GLUCOSE_HIGH.test(symbols) || glucoseBands(symbols);
});

const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['une', 1],
  ['un', 1],
  ['once', 1],
  ['one', 1],
  ['deux', 2],
  ['two', 2],
  ['twice', 2],
  ['trois', 3],
  ['three', 3],
  ['thrice', 3],
  ['quatre', 4],
  ['four', 4],
]);

// "3 fois par jour", "3 fois/j", "3x/j", "x3/jour", "3 times a day", "3 times daily", "3/j".
const TIMES_PER_DAY = [
  / (\d|une|deux|trois|quatre) fois (?:par |au cours de la )?(?:jour|j|24h|24 h) /,
  / (\d) ?x (?:par )?(?:jour|j|day|daily|d) /,
  / x ?(\d) (?:par )?(?:jour|j|day|d) /,
  / (\d) (?:j|jour) /,
  / (\d|one|two|three|four) times (?:a |per |each )?(?:day|daily) /,
  / (once|twice|thrice) (?:a |per )?(?:day|daily) /,
  // Reconciliation shorthand: "insuline asparte 3 inj/j", "3 injections par jour", "2 injections a day".
  / (\d|une|deux|trois|quatre|one|two|three|four) (?:inj|injs|injection|injections) (?:par |per |a )?(?:jour|j|day|d|24h) /,
];

const ABBREVIATIONS: ReadonlyMap<string, number> = new Map([
  [' qd ', 1],
  [' od ', 1],
  [' bid ', 2],
  [' b i d ', 2],
  [' tid ', 3],
  [' t i d ', 3],
  // Written as one word: "TIDAC" (three times a day before meals), "BIDAC", "QAC" (before every
  // meal, as "before each meal" is read).
  [' tidac ', 3],
  [' bidac ', 2],
  [' qac ', 3],
  [' qid ', 4],
  [' q i d ', 4],
]);

// Moments of the day in French and English, each with the meal or moment it stands for.
const MOMENTS: readonly (readonly [RegExp, string])[] = [
  [/ (?:matin|breakfast|morning) /, 'breakfast'],
  [/ (?:midi|dejeuner|lunch|noon) /, 'lunch'],
  [/ (?:soir|diner|dinner|supper|evening) /, 'dinner'],
  [/ (?:coucher|bedtime|nuit) /, 'bedtime'],
  [/ (?:gouter|collation|snack) /, 'snack'],
  [/ afternoon /, 'afternoon'],
];

// Compound French moments that hold another moment's word: "petit-déjeuner" is breakfast, not
// breakfast and lunch ("déjeuner"); "après-midi" is the afternoon, not noon ("midi"). They are
// renamed before the moments are looked for.
const COMPOUND_MOMENTS: readonly (readonly [RegExp, string])[] = [
  [/ (?:gouter|collation|snack)(?: de| in the)? (?:l )?(?:apres midi|afternoon) /g, ' snack '],
  [/ afternoon snack /g, ' snack '],
  [/ petits? (?:dejeuners?|dej) /g, ' breakfast '],
  [/ (?:l )?apres midi /g, ' afternoon '],
];

function momentsOf(t: string): Set<string> {
  let text = t;
  for (const [re, word] of COMPOUND_MOMENTS) text = text.replace(re, word);
  const moments = new Set<string>();
  for (const [re, moment] of MOMENTS) if (re.test(text)) moments.add(moment);
  return moments;
}

// A moment named to say nothing is given then: denied ("Pas de rapide le matin ni le midi", "sauf
// matin et midi", "plus de rapide le midi", "no lunch dose"), or dosed zero or nothing ("0 UI le
// matin", "matin : rien", "lunch: none"). Counting every moment named would read one injection as
// three: a review of French orders (2026-12-07) found six such texts given the pump card. Such a
// text gives no count. Words about glucose or meals between ("pas d'hypoglycémie le soir") are
// no denial of a dose.
const MOMENT_WORD =
  '(?:matin|midi|soir|coucher|nuit|dejeuner|diner|souper|breakfast|lunch|noon|dinner|supper|evening|morning|bedtime|night)';
const NO_DOSE_AT_MOMENT = new RegExp(
  [
    ` (?:pas de|pas d|ni|sauf|excepte|hormis|plus de|jamais|no|not|never|except|without|sans|skip|skips|omit|omits)(?: (?!(?:hypo|glyc|gluc|sugar|malaise|resucr|collation|snack|meal|repas))[a-z]+){0,4} ${MOMENT_WORD} `,
    ` (?:0|zero) (?:ui |u |unites? |units? )?(?:le |la |au |a |at |with |before |in the |avant le )?${MOMENT_WORD} `,
    ` ${MOMENT_WORD} (?:rien|0|zero|none|nothing|aucune?|pas d injection|no dose|no insulin) `,
  ].join('|'),
);

// Words that make named moments alternatives rather than a list.
const ALTERNATIVE = / (?:ou|or|either|sinon|instead|a la place|au choix|if|si|skipped|saute|largest|plus copieux) /;

// "avant chaque repas", "aux 3 repas", "with each meal": one injection per main meal.
const EACH_MEAL =
  / (?:a |avant |pendant )?(?:chaque repas|chacun des repas|aux (?:3|trois) repas|aux repas principaux|with each meal|with every meal|before each meal|before every meal|with all meals) /;

/**
 * The schedule free text states: injections per day, with the moments when it names them.
 * Undefined when the text states no count, or states two different ones.
 */
export const dosageTextSchedule = memoiseText(readSchedule);

// "le soir au coucher", "au coucher le soir", "in the evening at bedtime": one injection at bedtime,
// not one at dinner and one at bedtime.
const EVENING_AT_BEDTIME =
  / (?:(?:le )?soir (?:au|a l heure du) coucher|au coucher (?:le )?soir|(?:in the )?evening at bedtime) /g;

// French doses per meal written as a run of numbers, "6-8-6" (breakfast, lunch, dinner) or
// "6-8-6-10" (and bedtime), as the whole text or after the insulin's name, with or without a unit.
// A zero is a meal without injection. Read on the raw text, as folding would make a date
// ("20/11/26") look the same. Only an insulin's name may come before the numbers: any other word
// ("Renouvellement 12-11-26", "Paliers 2-4-6 UI", "le 20-11-26") may make them a date or steps.
// Without a unit, numbers that could be a date (day, month, two-digit year) are not read either.
const INSULIN_NAME_WORDS =
  '(?:novorapid|novolog|humalog|apidra|fiasp|lyumjev|actrapid|admelog|insuman|umuline|humulin|insuline?|rapide|rapid|lispro|asparte?|glulisine|kwikpen|flexpen|flextouch|solostar|penfill|junior|rapide)';
const DOSES_PER_MOMENT = new RegExp(
  `^(?:${INSULIN_NAME_WORDS}\\s*:?\\s+){0,3}(\\d{1,2})\\s*([-/])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{1,2})(?:\\s*\\2\\s*(\\d{1,2}))?\\s*(ui|u|unites?|unités?|units?)?(?:\\s*(?:aux repas|matin,? midi,? (?:et )?soir))?\\s*$`,
  'i',
);
const DOSE_MOMENTS = ['breakfast', 'lunch', 'dinner', 'bedtime'];

/** Whether three numbers could be a date written day-month-year ("12-11-26", "02/11/26"). */
function dateLike(day: string, month: string, year: string): boolean {
  return Number(day) >= 1 && Number(day) <= 31 && Number(month) >= 1 && Number(month) <= 12 && year.length === 2;
}

function dosesPerMoment(text: string): { perDay: number; moments: Set<string> } | undefined {
  const m = DOSES_PER_MOMENT.exec(text.trim());
  if (!m) return undefined;
  const [, first = '', , second = '', third = '', fourth, unit] = m;
  if (unit === undefined && fourth === undefined && dateLike(first, second, third)) return undefined;
  const moments = new Set<string>();
  [first, second, third, fourth].forEach((dose, i) => {
    if (dose !== undefined && Number(dose) > 0) moments.add(DOSE_MOMENTS[i]!);
  });
  return moments.size > 0 ? { perDay: moments.size, moments } : undefined;
}

// A sentence about something other than the dose: glucose checks, targets, meals and snacks
// ("8 units with supper. Check blood sugar before breakfast, lunch and supper", "8 UI au repas du
// soir. Surveillance glycémique matin, midi et soir", "objectif glycémique matin et midi < 1,30
// g/L"). Its moments are not injections when it names no dose: a review of records (2026-12-07)
// found four such texts read as three injections and the pump card shown.
const OTHER_TOPIC = new RegExp(
  ` (?:${[
    'controle',
    'controles',
    'controler',
    'surveillance',
    'surveiller',
    'autosurveillance',
    'check',
    'checks',
    'checking',
    'monitor',
    'monitoring',
    'test',
    'testing',
    'glycemie',
    'glycemies',
    'glycemique',
    'glycemiques',
    'glucose',
    'blood sugar',
    'blood sugars',
    'bg',
    'fsbg',
    'cbg',
    'dextro',
    'dextros',
    'objectif',
    'objectifs',
    'target',
    'targets',
    'goal',
    'goals',
    'snack',
    'snacks',
    'collation',
    'collations',
    'eat',
    'eats',
    'manger',
    'repas a',
  ].join('|')}) `,
);
const A_DOSE = / \d{1,3}(?: \d{1,2})? ?(?:u|ui|iu|unit|units|unite|unites) /;

/** The text without its sentences that name moments, speak of something else, and give no dose. */
function doseSentences(text: string): string {
  const sentences = sentencesOf(text);
  if (sentences.length < 2) return text;
  const kept = sentences.filter((sentence) => {
    const t = fold(sentence);
    return !(OTHER_TOPIC.test(t) && !A_DOSE.test(t) && momentsOf(t).size > 0);
  });
  return kept.length === sentences.length ? text : kept.join('. ');
}

function readSchedule(whole: string): { perDay: number; moments?: Set<string> } | undefined {
  const perMoment = dosesPerMoment(whole);
  if (perMoment) return perMoment;
  const text = doseSentences(whole);
  const t = fold(text).replace(EVENING_AT_BEDTIME, ' coucher ');
  const counts = new Set<number>();
  for (const re of TIMES_PER_DAY) {
    const m = re.exec(t);
    const word = m?.[1];
    if (word !== undefined) counts.add(NUMBER_WORDS.get(word) ?? Number(word));
  }
  for (const [abbreviation, n] of ABBREVIATIONS) if (t.includes(abbreviation)) counts.add(n);
  const moments = momentsOf(t);
  if (moments.size > 0 && NO_DOSE_AT_MOMENT.test(t)) return undefined;
  if (EACH_MEAL.test(t)) counts.add(3);
  // Moments given as alternatives ("lunch or dinner", "midi ou soir", "if breakfast is skipped,
  // before lunch instead") are one injection at one of them: no count can be read.
  if (moments.size > 1 && ALTERNATIVE.test(t)) return undefined;
  if (moments.size > 0) counts.add(moments.size);
  const valid = [...counts].filter((n) => Number.isInteger(n) && n >= 1 && n <= 8);
  if (valid.length !== 1 || counts.size !== 1) return undefined;
  const perDay = valid[0]!;
  return moments.size === perDay ? { perDay, moments } : { perDay };
}

// Wording that says the dose is paused, stopped or not taken ("DO NOT TAKE", "on hold", "HOLD:",
// "Patient not taking", "discontinued", "ne pas injecter", "suspendu", "arrêt", "interrompu",
// "stoppé"): the order is still on file, but the patient may not be injecting it. Matched on
// folded text, so "arrêtée" reads "arretee".
const HOLD_CUES = [
  ' do not take ',
  ' do not give ',
  ' do not inject ',
  ' do not administer ',
  ' don t take ',
  ' don t give ',
  ' on hold ',
  ' hold ',
  ' held ',
  ' not taking ',
  ' not taken ',
  ' stopped taking ',
  ' discontinued ',
  ' ne pas prendre ',
  ' ne pas injecter ',
  ' ne pas administrer ',
  ' ne plus prendre ',
  ' ne plus injecter ',
  ' suspendu ',
  ' suspendue ',
  ' en suspens ',
  ' en pause ',
  ' arret ',
  ' arrete ',
  ' arretee ',
  ' interrompu ',
  ' interrompue ',
  ' stoppe ',
  ' stoppee ',
  // Never begun, refused, or not done at all (a review of US and French notes, 2026-12-07): "Pt
  // never started NovoLog - afraid of needles", "N'a jamais commencé la NovoRapid", "Refuse la
  // NovoRapid", "Ne fait pas sa NovoRapid", "Pt not doing her NovoLog".
  ' never started ',
  ' jamais commence ',
  ' jamais commencee ',
  ' has not started ',
  ' hasn t started ',
  ' not started yet ',
  ' refuse la ',
  ' refuse le ',
  ' refuse les ',
  ' refuse l ',
  ' refuses ',
  ' refused ',
  ' ne fait pas sa ',
  ' ne fait pas son ',
  ' ne fait pas ses ',
  ' ne fait plus sa ',
  ' ne fait plus son ',
  ' not doing her ',
  ' not doing his ',
  ' not doing the ',
];

// A sentence that opens by saying this order was replaced or stopped ("Remplacé par Fiasp le
// 10/11", "Replaced by NovoLog", "D/C'd 11/20 - switched to Ozempic"): the order itself is the
// one stopped. Anywhere else a switch names both
// drugs ("Switched to Humalog from Novolog", "Lantus remplacée par Abasaglar" on the Abasaglar
// order) and cannot tell which order it stops, so it is no hold.
const REPLACED_LEAD = [' remplace par ', ' remplacee par ', ' replaced by ', ' d c d ', ' dc d ', ' d c ed '];

/**
 * A comma (not a decimal one), a colon or a spaced dash ends a clause: a condition is looked for
 * after a cue only up to there ("Hold insulin until seen, resume if BG > 200" is a hold).
 */
const CLAUSE_BREAK = /,(?!\d)|:| - /g;
const BREAK = 'qqbreak';

// "Do not give IV", "Do not inject into a vein or muscle", "Ne pas injecter en intraveineuse": a
// product's wording about the route, which says nothing of whether the dose is given.
const NOT_GIVEN = new Set([
  ' do not take ',
  ' do not give ',
  ' do not inject ',
  ' do not administer ',
  ' don t take ',
  ' don t give ',
  ' ne pas prendre ',
  ' ne pas injecter ',
  ' ne pas administrer ',
  ' ne plus prendre ',
  ' ne plus injecter ',
]);
const ROUTE_AFTER =
  /^(?:(?!qqbreak )[a-z0-9]+ ){0,4}?(?:iv|ivd|ivse|intravenous\w*|intraveineu\w*|vein|veins|veine|veines|muscle|muscles|intramuscular\w*|intramusculaire|im) /;

// "Do not take with alcohol", "ne pas prendre avec de l'alcool": a warning about what to take it
// with, not a hold of the dose.
const TAKEN_WITH_AFTER =
  /^(?:with|together with|at the same time as|avec|en meme temps que) (?:de l |d |du |de |des |any )?(?:alcohol|alcool|alcoholic|alcoolisees?|grapefruit|pamplemousse|other insulins?|autres insulines?) /;

// "Previously on hold, resumed 11/20", "held 3 days, restarted", "suspendu puis repris": the hold
// is over. The resumption must be of the same dose: the first word of a later clause, or after
// "then" / "puis" in the hold's own clause. "Hold Humalog, Lantus resumed", "to be restarted", "may
// be resumed once eating", "reprise prévue" and "not resumed" leave the hold standing.
const RESUMED_WORD = '(?:resumed|restarted|reinstated|repris|reintroduit|reintroduite)';
const RESUMED_CLAUSE = new RegExp(`^(?:(?:then|and|but|now|puis|et|mais|depuis) )?${RESUMED_WORD} `);
const RESUMED_AFTER_CONNECTOR = new RegExp(`^(?:[a-z0-9]+ ){0,5}?(?:then|puis|and then|et) ${RESUMED_WORD} `);

function resumedLater(after: string): boolean {
  const clauses = after.split(`${BREAK} `);
  if (RESUMED_AFTER_CONNECTOR.test(clauses[0] ?? '')) return true;
  return clauses.slice(1).some((c) => RESUMED_CLAUSE.test(c));
}

// "DO NOT HOLD basal insulin", "never held", "do not stop": the word is negated, the dose is given.
const HOLD_WORDS = new Set([' hold ', ' held ', ' on hold ', ' stop ', ' stopped ']);

// Stops and non-use as reconciliation notes write them ("Patient no longer using", "STOP taking
// Humalog", "N'utilise plus son stylo", "Insuline rapide supprimée"; a review of realistic records,
// 2026-12-05). Such words are as often about another drug or habit on the same note ("Stop
// glipizide", "Pt stopped smoking", "Ordonnance retirée en pharmacie", "A cessé de fumer"), so
// they pause the dose only when every word between them and the end of the clause is the
// insulin itself or words about taking it, and the words just before them, if any, are the patient
// or the insulin (a regression review, 2026-12-05, found the bare words silencing cards).
const INSULIN_WORD =
  'insulin|insuline|insulines|insulina|humalog|novolog|novorapid|apidra|fiasp|lyumjev|admelog|lispro|aspart|glulisine|lantus|toujeo|basaglar|abasaglar|semglee|levemir|tresiba|humulin|novolin|insulatard|umuline|actrapid|rapide|rapides|lente|basale|basal|bolus|prandial|prandiale|mealtime';
// Besides the insulin and words about taking it: who decided, since when and why ("No longer taking
// per patient", "Stopped by patient in October", "N'utilise plus la NovoRapid depuis 2 mois", "Has
// not used Lyumjev for 3 months (cannot afford copay)").
const WHO_AND_WHEN =
  'cannot|afford|copay|cost|costo|insurance|not|refilled|per|par|by|since|depuis|desde|for|in|en|on|from|il|y|a|ago|summer|winter|spring|fall|autumn|ete|hiver|printemps|automne|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|\\d+|months?|mois|weeks?|semaines?|days?|jours?|years?|ans|patient|pt|endo|md|dr|doctor|medecin|refus|request|demande|january|february|march|april|may|june|july|august|september|october|november|december|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre';
const OWN_WORD = new RegExp(
  `^(?:${INSULIN_WORD}|${WHO_AND_WHEN}|it|this|these|them|any|all|the|her|his|its|taking|using|injecting|injections?|doses?|medication|med|meds|pens?|ses|son|sa|cette|cet|ce|l|la|le|les|de|d|du|des|traitement|stylos?|midi|soir|matin|repas|self)$`,
);
const SUBJECT_WORD = new RegExp(
  `^(?:${INSULIN_WORD}|patient|paciente|pt|the|has|had|was|reports|reported|says|said|states|stated|il|elle|le|la|l|s|a|dit|declare|indica|que|refiere)$`,
);
const INSULIN_IN = new RegExp(` (?:${INSULIN_WORD}) `);
// Each cue, and whether it needs the insulin named after it ("Stop" alone, or "Stop:" before a
// date, could be about anything; "No longer taking" alone is the patient's own word on this drug).
const OWN_STOP_CUES: readonly (readonly [string, boolean])[] = [
  [' no longer using ', false],
  [' no longer taking ', false],
  [' no longer uses ', false],
  [' no longer takes ', false],
  [' not using ', false],
  // "Has not used Lyumjev for 3 months (cannot afford copay)", "Out of Lyumjev since September",
  // "Paciente indica que ya no se inyecta la insulina Lyumjev" (a review of US records, 2026-12-07).
  [' has not used ', false],
  [' hasn t used ', false],
  [' have not used ', false],
  [' has not been using ', false],
  [' not been using ', false],
  [' has not taken ', false],
  [' out of ', true],
  [' ran out of ', true],
  [' ya no se inyecta ', false],
  [' ya no usa ', false],
  [' ya no se pone ', false],
  [' dejo de usar ', false],
  [' not injecting ', false],
  [' stopped ', false],
  [' stop ', true],
  [' self d c ', false],
  [' d c per ', false],
  [' ceased ', false],
  [' self d c d ', false],
  [' n utilise plus ', false],
  [' ne l utilise plus ', false],
  [' ne prend plus ', false],
  [' ne l injecte plus ', false],
  [' n injecte plus ', false],
  [' ne fait plus ', true],
  [' a cesse ', true],
  [' abandon ', true],
];
// Said after the insulin it stops ("Insuline rapide supprimée", "Humalog retiré"): an insulin word
// among the three before it.
const STOPPED_AFTER_CUES = [' supprime ', ' supprimee ', ' retire ', ' retiree '];
// A switch to a pump, unless it is only planned ("Passage sous pompe à discuter", "To be switched
// to insulin pump after training").
const PUMP_SWITCH_CUES = [
  ' relais par pompe ',
  ' relais pompe ',
  ' passage sous pompe ',
  ' passage a la pompe ',
  ' changed to pump ',
  ' changed to insulin pump ',
  ' switched to pump ',
  ' switched to insulin pump ',
  ' transitioned to pump ',
  ' transitioned to insulin pump ',
];
const PLANNED_NEAR =
  / (?:a discuter|prevu|prevue|envisage|envisagee|a envisager|a prevoir|en projet|projet|planned|plan|to be|will be|after training|apres|si|if|when|once) /;
// A sentence that starts something too ("NPH stopped, Lantus 34 units started") names both drugs.
const STARTED = / (?:started|start|begun|initiated|debute|debutee|commence|commencee|introduit|introduite) /;

/** The words of a clause after (or before) an occurrence, up to the clause break. */
function clauseWords(text: string, after: boolean): string[] {
  const words = text
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  const cut = after ? words.indexOf(BREAK) : words.lastIndexOf(BREAK);
  return after ? (cut >= 0 ? words.slice(0, cut) : words) : cut >= 0 ? words.slice(cut + 1) : words;
}

/** Whether a stop said in a reconciliation's words is this insulin's, in one folded sentence. */
function ownStop(t: string): boolean {
  if (STARTED.test(t)) return false;
  for (const [cue, needsObject] of OWN_STOP_CUES) {
    for (let i = t.indexOf(cue); i >= 0; i = t.indexOf(cue, i + 1)) {
      const before = t.slice(0, i + 1);
      const after = t.slice(i + cue.length);
      const object = clauseWords(after, true).slice(0, 6);
      const subject = clauseWords(before, false).slice(-3);
      if (needsObject && object.length === 0) continue;
      if (!object.every((w) => OWN_WORD.test(w)) || !subject.every((w) => SUBJECT_WORD.test(w))) continue;
      if (holdsHere(cue, before, after)) return true;
    }
  }
  for (const cue of STOPPED_AFTER_CUES) {
    const i = t.indexOf(cue);
    if (i < 0) continue;
    const subject = clauseWords(t.slice(0, i + 1), false).slice(-3);
    const object = clauseWords(t.slice(i + cue.length), true);
    const own =
      subject.length === 0 ? object.every((w) => OWN_WORD.test(w)) : INSULIN_IN.test(` ${subject.join(' ')} `);
    if (own) return true;
  }
  return PUMP_SWITCH_CUES.some((cue) => t.includes(cue)) && !PLANNED_NEAR.test(t);
}
const NEGATED_BEFORE = / (?:not|never|no|don t)$/;

// "Inject, then hold the needle under the skin for 10 seconds": injection technique.
const TECHNIQUE_AFTER =
  /^(?:(?!qqbreak )[a-z0-9]+ ){0,5}?(?:needle|needles|pen|syringe|aiguille|stylo|seconds?|secondes?|sec|place|skin|count) /;

// "Dose arrêtée à 10 UI": the dose was set at 10 units, not stopped.
const DOSE_SET_AFTER = /^a \d/;

// A hold that depends on a condition is a dose skipped now and then: the dose is scheduled. After
// the cue, a condition word within 4 words of the same clause ("Hold dose if BG < 70", "hold
// breakfast dose if not eating", "Do not give insulin if BG<100", "ne pas injecter en cas
// d'hypoglycémie", "hold for BG < 70", "Hold parameters: BG < 70").
const CONDITION_AFTER = new RegExp(
  `^(?:(?!${BREAK} )[a-z0-9]+ ){0,4}?(?:if|when|whenever|unless|si|lorsque|quand|en cas|parameters?|for (?:bg|cbg|fsbg|bs|blood|glucose|sugars?|glycemi\\w*|hypo\\w*)) `,
);
// Before the cue, only a condition among the 8 words just before it, and one about the glucose,
// a meal or a number ("If BG < 70, hold", "si glycémie < 0,70 g/L, ne pas injecter"): in "Per
// endocrinology when admitted, hold insulin" the "when" does not make the hold conditional.
const CONDITION_WORD = / (?:if|when|whenever|unless|si|lorsque|quand|en cas) /g;
const CONDITION_CONTENT =
  / (?:bg|cbg|fsbg|bs|blood|glucose|sugars?|glycemi\w*|dextros?|hgt|hypo\w*|npo|eating|eat|meals?|repas|jeun|mange\w*|\d+) /;

function conditionBefore(before: string): boolean {
  const words = before
    .trim()
    .split(' ')
    .filter((w) => w !== BREAK);
  const tail = ` ${words.slice(-8).join(' ')} `;
  for (const m of tail.matchAll(CONDITION_WORD)) {
    if (CONDITION_CONTENT.test(tail.slice(m.index + m[0].length - 1))) return true;
  }
  return false;
}

/** Whether one occurrence of a hold cue, between `before` and `after` (folded), pauses the dose. */
function holdsHere(cue: string, before: string, after: string): boolean {
  if (HOLD_WORDS.has(cue) && NEGATED_BEFORE.test(before.trimEnd())) return false;
  if (HOLD_WORDS.has(cue) && TECHNIQUE_AFTER.test(after)) return false;
  if (NOT_GIVEN.has(cue) && (ROUTE_AFTER.test(after) || TAKEN_WITH_AFTER.test(after))) return false;
  if (resumedLater(after)) return false;
  if ((cue === ' arrete ' || cue === ' arretee ') && DOSE_SET_AFTER.test(after)) return false;
  // "Stop date: 2027-01-01" is when the order ends, said in advance.
  if (cue === ' stop ' && /^(?:date|time)s? /.test(after)) return false;
  return !CONDITION_AFTER.test(after) && !conditionBefore(before);
}

/** Whether one sentence holds an unconditional hold word. */
function heldSentence(sentence: string): boolean {
  const t = fold(sentence.replace(CLAUSE_BREAK, ` ${BREAK} `));
  if (REPLACED_LEAD.some((cue) => t.startsWith(cue)) || ownStop(t)) return true;
  for (const cue of HOLD_CUES) {
    for (let i = t.indexOf(cue); i >= 0; i = t.indexOf(cue, i + 1)) {
      if (holdsHere(cue, t.slice(0, i + 1), t.slice(i + cue.length))) return true;
    }
  }
  return false;
}

/**
 * Whether dosing text or a note says the drug is on hold, stopped or not taken ("DO NOT TAKE",
 * "HOLD: 10 units", "Patient not taking", "Suspendu"), read sentence by sentence so that "10 units
 * TID. Hold if BG < 70." stays a scheduled dose. "Lantus arrêté, remplacé par Toujeo" is a hold
 * wherever it is written: the text alone cannot tell which order it stops.
 */
export const isHeldText = memoiseText((text: string): boolean => text.split(/[.;!?](?:\s|$)|\n/).some(heldSentence));

// A stop dated in the words of a status reason or a note ("Arrêté le 15/11/2026", "D/C'd
// 11/20/2026 - GI side effects", "stopped on 2026-11-02", "Discontinued 2022", "arrêt 03/2025"),
// read on text folded to lower case without accents.
const STOP_DATE =
  /\b(?:arrete|arretee|arret|stoppe|stoppee|suspendu|suspendue|interrompu|interrompue|fin du traitement|fin de traitement|stopped|discontinued|d\/c'?d|dc'?d|d\/c|dc)(?:\s+(?:le|du|au|on|en|in|depuis le|since))?\s*:?\s*(?:(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4})|(\d{1,2})[/.-](\d{4})|(?:[a-z]{3,9}\.?\s+)?(\d{4}))\b/g;

// A sentence about the drug this one replaced or follows ("Replaced Victoza (discontinued 2022)",
// "Switched from Trulicity, stopped 03/2024", "en relais du Victoza arrêté en 2022") dates another
// drug's stop: a regression review (2026-12-07) found it read as this one's, and a GLP-1 agonist
// stopped last month read as stopped in 2022. Left out, the stop is undated: to confirm.
// "Replaced by", "switched to", "remplacé par" say this drug's own stop, and stay read.
const ANOTHER_DRUG =
  /\b(?:replac(?:ed|es|ing)\b(?!\s+(?:by|with)\b)|switch(?:ed)? from|instead of|in place of|previously on|changed from|remplace\b(?!\s+par\b)|en remplacement d|en relais d|relais d[ue]|a la place d|au lieu d)/;

/**
 * The instants a stop written in words may fall on: every reading of every date written right
 * after a stop word (day/month and month/day both, when either could be meant), and the first and
 * last day of a month or a year written alone. Empty when no stop is dated in the text (a review
 * of US and French records, 2026-12-07, found a GLP-1 agonist stopped three weeks ago with its
 * date in the status reason alone read as stopped long ago).
 */
export function stopDatesInText(text: string): number[] {
  const folded = foldAccents(text);
  const own = folded
    .split(/[.;!?](?:\s|$)|\n/)
    .filter((sentence) => !ANOTHER_DRUG.test(sentence))
    .join('. ');
  return [...own.matchAll(STOP_DATE)].flatMap((m) => {
    if (m[1] !== undefined) return possibleDates(m[1], m[2]!, m[3]!);
    const year = Number(m[5] ?? m[6]);
    const month = m[4] === undefined ? undefined : Number(m[4]);
    if (month === undefined) return [Date.UTC(year, 0, 1), Date.UTC(year, 11, 31)];
    return month >= 1 && month <= 12 ? [Date.UTC(year, month - 1, 1), Date.UTC(year, month, 0)] : [];
  });
}
