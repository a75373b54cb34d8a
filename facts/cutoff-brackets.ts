// A cut-off printed in brackets beside the patient's value ("15,2 kPa (seuil F4 : 12,5 kPa)", "6.1 kPa
// (cut-off for cirrhosis 12.5 kPa)"): the brackets are the laboratory's, not the patient's, and
// taken out the sentence still gives the value. A regression review (2026-12-07, night) found the
// whole sentence passed over, and a cut-off naming cirrhosis read as one. Read by the liver studies
// (imaging-cirrhosis.ts) and by the reports that state a disease (disease-in-words.ts).
const CUTOFF_BRACKETS =
  /\((?=[^()]*\b(?:seuils?|threshold|thresholds|cut[- ]?offs?|valeurs? de r[ée]f[ée]rence|reference values?|normal)\b)[^()]*\)/giu;

/** Words without the cut-offs printed in brackets. */
export function withoutCutoffs(text: string): string {
  return text.replace(CUTOFF_BRACKETS, ' ');
}
