// A cut-off printed in brackets beside the patient's value ("15,2 kPa (seuil F4 : 12,5 kPa)", "6.1 kPa
// (cut-off for cirrhosis 12.5 kPa)"): the brackets are the laboratory's, not the patient's, and
// taken out the sentence still gives the value. A regression review (2026-12-07, night) found the
// whole sentence passed over, and a cut-off naming cirrhosis read as one. Read by the liver studies
// (imaging-cirrhosis.ts) and by the reports that state a disease (disease-in-words.ts).
// Only brackets that hold a cut-off word and a figure: "(consistent with cirrhosis; spleen normal)"
// is the finding itself.
const CUTOFF_BRACKETS =
  /\((?=[^()]*\b(?:seuils?|threshold|thresholds|cut[- ]?offs?|valeurs? de r[ée]f[ée]rence|reference values?)\b)(?=[^()]*\d)[^()]*\)/giu;

/** Words without the cut-offs printed in brackets. */
export function withoutCutoffs(text: string): string {
  return text.replace(CUTOFF_BRACKETS, ' ');
}
