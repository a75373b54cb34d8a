/**
 * What each insulin value set is in a regimen. Basal-bolus (MDI) is a basal insulin plus a
 * prandial one injected at meals; a premix holds both in one injection and is neither.
 */

/** Long- and intermediate-acting insulins. */
export const BASAL_SETS: ReadonlySet<string> = new Set([
  'insulin-glargine',
  'insulin-degludec',
  'insulin-detemir',
  'insulin-nph',
]);

/** NPH, the one basal insulin drawn up with a bolus insulin in one syringe. */
export const MIXABLE_BASAL_SET = 'insulin-nph';

/** Rapid-acting analogues (lispro, aspart, glulisine, their faster forms). */
export const RAPID_ANALOGUE_SETS: ReadonlySet<string> = new Set([
  'insulin-lispro',
  'insulin-aspart',
  'insulin-glulisine',
]);

/** Regular (soluble) human insulin: prandial in a basal-bolus regimen, but not an analogue. */
export const HUMAN_REGULAR_SET = 'insulin-human-regular';

/** Premixed insulins and co-formulations (NovoMix, Humalog Mix, Humulin 70/30, Ryzodeg). */
export const PREMIX_SET = 'insulin-premix';

/** Prandial insulins: the analogues and regular human insulin. */
export const PRANDIAL_SETS: ReadonlySet<string> = new Set([...RAPID_ANALOGUE_SETS, HUMAN_REGULAR_SET]);

/** Every insulin set a premix match replaces: a premix is not its ingredients. */
export const REPLACED_BY_PREMIX: ReadonlySet<string> = new Set([...BASAL_SETS, ...PRANDIAL_SETS]);

/** Every insulin set the regimen reads. */
export const INSULIN_SETS: ReadonlySet<string> = new Set([...REPLACED_BY_PREMIX, PREMIX_SET]);
