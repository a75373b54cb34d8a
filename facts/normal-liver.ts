import { normaliseText } from '../rules/value-sets.js';

/*
 * A liver study that calls the liver normal without naming steatosis: "The liver is normal in size
 * and echogenicity", "Conclusion : foie normal", "Foie d'aspect normal". On ultrasound, fat makes
 * the liver bright (hyperechoic); a liver described as of normal echogenicity, or as normal
 * outright, shows none. Any word of fat, brightness or an exception in the study's words vetoes it. A
 * review (2026-12-07) found such reports read as saying nothing, so an older steatosis on the
 * problem list decided alone and the trial card was shown.
 *
 * Only what speaks of the liver's tissue counts: its size or height alone ("Taille du foie
 * normale", "Liver is normal in size", "Flèche hépatique normale") says nothing of fat, and a
 * normal echogenicity counts only in a sentence that names the liver ("Kidneys: normal
 * echogenicity" is about the kidneys). Read on folded words (no accents, lower case), sentence by
 * sentence.
 */
// What follows "normal liver" and makes it another thing: its size or outline, its tests, a graft.
const NOT_THE_TISSUE =
  '(?!(?:size|span|contour|contours|outline|margins?|dimensions?|function|enzymes?|tests?|panel|chemistr\\w*|transplant\\w*|graft|doppler|vessels?|vasculature|flow|taille|volume|morphologie|bilan|enzymes?|fonction)\\b)';
const NORMAL_LIVER = new RegExp(
  ' (?:' +
    [
      // "foie normal", "foie d'aspect normal"; not "taille du foie normale", "foie normal en taille".
      '(?<!(?:taille|volume|hauteur|fleche) (?:du )?)foie (?:(?:est )?(?:d aspect|de morphologie) )?normale? (?!en taille|de taille|en volume|de volume|en hauteur|en morphologie)',
      'foie (?:est )?sans particularite',
      'foie sp',
      `(?<! no | not | without | sans | pas de )normal (?:appearing )?liver ${NOT_THE_TISSUE}`,
      `unremarkable liver ${NOT_THE_TISSUE}`,
      '(?:liver|hepatic parenchyma) (?:is |appears )?(?:normal|unremarkable) (?!in (?:size|contour|outline|span|shape|dimensions?)|size|span|contour|outline)',
    ].join('|') +
    ')',
);
// The tissue's look, read only in a sentence that names the liver. A homogeneous echotexture is
// not one: a diffusely fatty liver is homogeneous too, only brighter.
const NORMAL_TISSUE =
  / (?<! (?:no|not|without|sans|pas de) )(?:echogenicite (?:hepatique )?normale|d echogenicite normale|normal echogenicity|normal in size and echogenicity|normal (?:liver|hepatic) (?:echogenicity|parenchyma)) /;
const NAMES_LIVER = / (?:foie|liver|hepatique|hepatic) /;
// Words of fat, brightness or an exception anywhere in the study's words: "Normal liver size with
// fatty infiltration", "Foie normal hormis une surcharge graisseuse", "Liver: normal echotexture,
// increased echogenicity". Whatever else they say, such words are not a normal liver.
const NOT_NORMAL =
  / (?:hyperecho\w*|hyperechogene|echogenic|brillant|brillante|bright|fatty|fat|graisse\w*|graisseu\w*|surcharge|infiltrat\w*|steato\w*|steatose\w*|increased|augmentee?|except|hormis|sauf|en dehors|enlarged|hepatomegal\w*|dysmorph\w*|cirrho\w*) /;
// Sentences that report what came before or why the study was asked, not this study's finding:
// "Indication: T2DM, normal liver function tests", "Comparison: prior study showed normal liver".
const NOT_A_FINDING =
  /^ (?:indication|indications|clinical|history|comparison|compared|prior|previous|renseignements?|motif|antecedents?|atcd|technique|comparaison|examen precedent) /;

/** Whether some sentence of a study's words calls the liver, or its tissue, normal. */
export function saysLiverNormal(text: string | undefined): boolean {
  if (!text || NOT_NORMAL.test(normaliseText(text))) return false;
  return text.split(/[.;\n]+/).some((sentence) => {
    const folded = normaliseText(sentence);
    if (NOT_A_FINDING.test(folded)) return false;
    return NORMAL_LIVER.test(folded) || (NAMES_LIVER.test(folded) && NORMAL_TISSUE.test(folded));
  });
}
