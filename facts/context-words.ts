// The words that put a finding named in a record's text in some other context than the patient's
// own present one, in named groups, so that each word is written once and every reader builds
// the pattern it needs from the groups it means. Words are folded as normaliseText folds them
// (lower case, no accents, punctuation as spaces): "pas d'ascite" is read as "pas d ascite".

/** Someone else's finding ("family history of type 2 diabetes", "ATCD familial", "mère DT2"). */
export const FAMILY_WORDS = [
  'family history',
  'fh of',
  'familial',
  'familiaux',
  'familiale',
  'parent',
  'mother',
  'father',
  'mere',
  'pere',
  'frere',
  'soeur',
  'brother',
  'sister',
  'sibling',
  'siblings',
  'daughter',
  'uncle',
  'aunt',
  'oncle',
  'tante',
  'cousin',
  'cousine',
  'grandmother',
  'grandfather',
  'grand mere',
  'grand pere',
  'fhx',
  'fam hx',
  'husband',
  'wife',
  'spouse',
  'mom',
  'dad',
  'fratrie',
  'mari',
  'epoux',
  'epouse',
  'neveu',
  'niece',
] as const;

/** A finding ruled out ("pas de cirrhose", "no hepatitis", "MODY exclu", "sérologie négative"). */
export const DENIAL_WORDS = [
  'no',
  'not',
  'pas de',
  'pas d',
  'absence de',
  'sans',
  'exclu',
  'exclue',
  'excluded',
  'ecarte',
  'ecartee',
  'elimine',
  'eliminee',
  'ruled out',
  'negatif',
  'negative',
  'negatifs',
  'negatives',
] as const;

/**
 * Denials that put a finding out of the record's own context, but that the clause readers of
 * concept-class.ts (DENIED: a clause that rules a named finding out raises no question about it)
 * have never counted: kept apart so that each reader keeps the words it is tested with.
 */
export const DENIAL_CONTEXT_WORDS = ['aucun', 'aucune', 'exclus', 'denies'] as const;

/** Only suspected ("suspicion de NASH", "r/o LADA", "probable stéatose"). */
export const SUSPICION_WORDS = [
  'rule out',
  'r o',
  'suspected',
  'suspicion',
  'suspect',
  'probable',
  'possible',
  'a eliminer',
  'eliminer',
] as const;

/** Not decided yet ("type 1 vs type 2", "GAD pending", "DT2 à confirmer"). */
export const PENDING_WORDS = ['vs', 'versus', 'pending', 'a confirmer', 'to be confirmed', 'tbc'] as const;

/**
 * A question put to the work-up ("evaluate for NAFLD", "w/u for LADA"), or a treatment weighed
 * ("Insulin pump candidate", "Pompe à insuline à discuter"): not yet the patient's.
 */
export const WORKUP_WORDS = [
  'evaluate for',
  'eval for',
  'evaluation for',
  'evaluation pour',
  'workup for',
  'w u for',
  'candidate',
  'candidat',
  'a discuter',
  'to discuss',
] as const;

/**
 * A mention of the past that does not say the finding ended ("history of", "ATCD de",
 * "initialement"): of a disease that does not go away, it is still a record of the patient's.
 */
export const HISTORY_WORDS = [
  'history of',
  'h o',
  'hx',
  'prior',
  'previous',
  'antecedent',
  'antecedents',
  'atcd',
  'initialement',
] as const;

/** In the past ("history of", "ATCD de", "guéri", "initialement"). */
export const PAST_WORDS = [...HISTORY_WORDS, 'gueri', 'guerie', 'resolved'] as const;

/** A risk or a screening, not a finding ("risk of", "dépistage", "prédiabète"). */
export const RISK_WORDS = [
  'risk',
  'risque',
  'screening',
  'depistage',
  'prediabetes',
  'prediabete',
  'pre diabete',
  'prediabetic',
] as const;

/** A wish or a plan of the patient's ("désir de grossesse", "projet de grossesse", "planned"). */
export const WISH_WORDS = ['desir', 'projet', 'souhait', 'wish', 'wishes', 'desires', 'planning', 'planned'] as const;

/** An operation or a referral still to come ("prévu", "candidate for", "adressage"). */
export const PLAN_WORDS = [
  'planned',
  'plan',
  'planning',
  'projet',
  'prevu',
  'prevue',
  'envisage',
  'envisagee',
  'candidate',
  'candidat',
  'evaluation',
  'consult',
  'referral',
  'adressage',
] as const;

/** An operation or treatment refused, contraindicated or put off. */
export const REFUSAL_WORDS = [
  'refus',
  'refuse',
  'refusee',
  'refuses',
  'refused',
  'declined',
  'declines',
  'decline',
  'contre indication',
  'contre indique',
  'contre indiquee',
  'contraindicated',
  'contraindication',
  'ineligible',
  'non eligible',
  'deferred',
  'differe',
  'differee',
  'abandonne',
  'abandonnee',
] as const;

/**
 * Where one item of a problem's or a note's words ends and the next begins ("Type 2 diabetes;
 * history of MI", "Type 2 diabetes, high cardiovascular risk", "DT2 - suivi par son mari"): each
 * item is read with its own words, so that a relative or a denial in one hides nothing in another.
 */
export const CLAUSE_BREAK = /[;,]| - /;

const PLAIN_WORDS = /^[a-z]+(?: [a-z]+)*$/;

/**
 * A pattern that finds any of the groups' words, whole, in folded text padded with spaces
 * (normaliseText pads it). Throws on a word that is not plain folded letters, which would
 * otherwise be read as a pattern.
 */
export function wordsPattern(...groups: readonly (readonly string[])[]): RegExp {
  const words = [...new Set(groups.flat())];
  const bad = words.find((w) => !PLAIN_WORDS.test(w));
  if (bad !== undefined) throw new Error(`context word "${bad}" is not plain folded letters`);
  return new RegExp(` (${words.join('|')}) `);
}
