import { normaliseText } from '../rules/value-sets.js';
import { memoiseText } from './text-memo.js';

/*
 * Common problems no rule reads, named in words only: "Hypertension artérielle", "Dyslipidémie",
 * "SAOS appareillé", "Obesity". A condition whose words name nothing the value sets know makes every
 * condition's absence unproven (concept-class.ts: it could be a type 1 diabetes in words the
 * service misses), which withholds the pump card. A review (2026-12-07) found French problem lists
 * full of such text-only entries, each withholding a due card. A text made only of these names
 * (each item of a list, with the usual qualifiers) is known to be none of the rules' findings.
 *
 * Only problems that touch no criterion are listed: nothing of diabetes, the liver, the kidney,
 * the heart beyond hypertension, pregnancy, alcohol, cancer or a transplant. Anything else in the
 * text, a word the list does not hold, leaves the record unread as before.
 */
const NAMES = [
  // Hypertension
  'hta',
  'htn',
  'hypertension',
  'hypertension arterielle',
  'hypertension arterielle essentielle',
  'essential hypertension',
  'primary hypertension',
  'high blood pressure',
  // Lipids
  'dyslipidemie',
  'dyslipidemia',
  'hyperlipidemie',
  'hyperlipidemia',
  'mixed hyperlipidemia',
  'hyperlipidemie mixte',
  'hypercholesterolemie',
  'hypercholesterolemia',
  'hypertriglyceridemie',
  'hypertriglyceridemia',
  'pure hypercholesterolemia',
  'hld',
  // Weight
  'obesite',
  'obesity',
  'surpoids',
  'overweight',
  // Sleep
  'saos',
  'sahos',
  'osa',
  'obstructive sleep apnea',
  'sleep apnea',
  'syndrome d apnees du sommeil',
  'syndrome d apnees obstructives du sommeil',
  'syndrome d apnees hypopnees obstructives du sommeil',
  'apnee du sommeil',
  'insomnie',
  'insomnia',
  // Thyroid, lungs, mood, joints, stomach
  'hypothyroidie',
  'hypothyroidism',
  'asthme',
  'asthma',
  'bpco',
  'copd',
  'depression',
  'syndrome depressif',
  'etat depressif',
  'anxiete',
  'anxiety',
  'syndrome anxio depressif',
  'arthrose',
  'osteoarthritis',
  'gonarthrose',
  'coxarthrose',
  'lombalgie',
  'lombalgies chroniques',
  'low back pain',
  'rgo',
  'reflux gastro oesophagien',
  'gerd',
  'gastroesophageal reflux disease',
  'goutte',
  'gout',
  'hyperuricemie',
  'hyperuricemia',
  'hypertrophie benigne de la prostate',
  'hbp',
  'bph',
  'benign prostatic hyperplasia',
  'rhinite allergique',
  'allergic rhinitis',
  'migraine',
  'tabagisme',
  'tabagisme actif',
  'tabagisme sevre',
  'tobacco use',
  'smoker',
  'former smoker',
  'ancien fumeur',
  'carence en vitamine d',
  'vitamin d deficiency',
  'cataracte',
  'cataract',
  'glaucome',
  'glaucoma',
].map((n) => normaliseText(n).trim());
const KNOWN: ReadonlySet<string> = new Set(NAMES);

// Words that qualify such a problem without changing what it is: its control, its treatment, its
// degree, its age ("HTA essentielle équilibrée", "SAOS appareillé", "Obesity, class 1").
const QUALIFIERS: ReadonlySet<string> = new Set(
  [
    'essentielle',
    'equilibree',
    'equilibre',
    'traitee',
    'traite',
    'controlee',
    'controle',
    'controlled',
    'treated',
    'stable',
    'benign',
    'benigne',
    'legere',
    'leger',
    'moderee',
    'modere',
    'mild',
    'moderate',
    'appareille',
    'appareillee',
    'sous',
    'ppc',
    'cpap',
    'on',
    'chronique',
    'chronic',
    'ancienne',
    'ancien',
    'connue',
    'known',
    'grade',
    'class',
    'classe',
    'stade',
    'i',
    'ii',
    '1',
    '2',
    'de',
    'du',
    'la',
    'le',
    'des',
    'intermittent',
    'intermittente',
    'allergique',
    'familiale',
    // Laterality: "Gonarthrose droite" (a review, 2026-12-07, found it withholding the pump card).
    'droite',
    'droit',
    'gauche',
    'bilaterale',
    'bilateral',
    'right',
    'left',
  ].map((w) => normaliseText(w).trim()),
);
// The items of a problem list written on one line: "HTA, dyslipidémie", "HTA + SAOS", "HTN and HLD".
const ITEM_BREAK = /[,;+/]| et | and | - /i;

/** Whether one item, its qualifiers set aside, is exactly one of the names. */
function itemKnown(item: string): boolean {
  const words = normaliseText(item)
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0) return true;
  if (KNOWN.has(words.join(' '))) return true;
  const core = words.filter((w) => !QUALIFIERS.has(w));
  return core.length > 0 && KNOWN.has(core.join(' '));
}

/** Whether a condition's words name only common problems no rule reads, every item of them. */
export const namesOnlyUnrelated = memoiseText((text: string): boolean => {
  const items = text.split(ITEM_BREAK);
  return items.some((i) => i.trim() !== '') && items.every(itemKnown);
});
