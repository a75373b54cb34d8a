import { normaliseText } from '../rules/value-sets.js';

/*
 * Whether one sentence of a laboratory's note on an HbA1c says the laboratory does not vouch for
 * the value (docs/clinical-rules.md, "Laboratory values"). Two kinds of words make the doubt:
 *
 * - a finding in this sample that interferes with the assay (a hemoglobin variant, an abnormal
 *   peak, a raised fetal hemoglobin, hemolysis, a clotted sample), read once denials ("no variant
 *   detected") and conditions ("en cas d'hémolyse") are taken out;
 * - a verdict on this result ("may be inaccurate", "not valid", "sous-estimé ou surestimé",
 *   "rendu sous réserve", "interpret with caution"), read only in a sentence that sets no condition
 *   and names no class of patients or use: the footnotes laboratories print on every result ("not
 *   valid for 3 months after transfusion", "may be inaccurate in patients with...", "do not use to
 *   diagnose") are no doubt.
 *
 * Hemoglobin variants (HbS, HbC, HbE, HbD) and a raised HbF interfere with many HbA1c methods
 * (NGSP, "HbA1c Assay Interferences", ngsp.org; ADA Standards of Care, section 2, on HbA1c
 * limitations); a review of realistic notes (2026-12-07) found "Abnormal hemoglobin peak detected
 * (possible Hb E). A1c result may be inaccurate", "Présence d'une hémoglobine anormale (type HbC) :
 * le résultat d'HbA1c est sous-estimé ou surestimé", "Elevated Hb F (11.8 %) detected" and
 * "Résultat rendu sous réserve : échantillon partiellement coagulé" read as no doubt.
 */

// Findings: an interfering hemoglobin or hemolysis ("Présence d'un variant de l'hémoglobine",
// "Hb variant detected", "HbS trait", "sample hemolyzed").
const HEMOLYSIS = / (?:hemolyse|hemolysee|hemolysed|hemolyzed) /;
const VARIANT_FOUND =
  / (variant detected|variant detecte|variant present|presence d un variant|hemoglobin variant present|hbs trait|trait drepanocytaire|hemoglobinopathie detectee|hemoglobinopathy detected|hemoglobine variante|hb variante|hemoglobines variantes|variante de l hemoglobine|hbas|hb as|hemoglobine s heterozygote|hb s heterozygote|heterozygote s|heterozygote as|trait s) /;

// A hemoglobin the laboratory calls abnormal, an abnormal or unidentified peak on the
// chromatogram, a named variant found or suspected ("possible Hb E", "suspicion d'hémoglobine D").
const ABNORMAL_HEMOGLOBIN =
  / (?:hemoglobines? anormales?|hb anormale|abnormal (?:hemoglobin|haemoglobin|hb)|(?:abnormal|unidentified|unknown|extra) (?:[a-z]+ )?peak|pics? (?:anormal|anormaux|inconnus?|non identifies?|supplementaires?)|(?:possible|probable|suspected|suspicion d|suspicion de|presence d une|presence de) (?:hb|hemoglobine|hemoglobin|haemoglobin) [cdes]|(?:hb [cdes]|hbc|hbd|hbe|hbs|hemoglobin [cdes]|hemoglobine [cdes]) (?:trait|detected|detectee|present|presente|heterozygote|homozygote|disease|pattern)|presence d (?:hb ?[cdes]|hemoglobine [cdes])|sickle cell trait|sickle trait|drepanocytose heterozygote) /;

// A variant the laboratory says interfered with this sample ("Interference: HbS", "Hemoglobin S
// interference noted", "interference from HbS detected"), not one that may interfere ("variants
// such as HbS may interfere with this method", the footnote printed on every result).
const INTERFERENCE_WORD = '(?:interference|interferences|interfering|interferant|interferente)';
const NAMED_HEMOGLOBIN =
  '(?:hbs|hbc|hbd|hbe|hb [cdes]|hemoglobin [cdes]|haemoglobin [cdes]|hemoglobine [cdes]|hemoglobin variant|hemoglobine variante|variante?s?)';
const INTERFERENCE = new RegExp(
  ` (?:${INTERFERENCE_WORD} (?:[a-z]+ ){0,3}${NAMED_HEMOGLOBIN}|${NAMED_HEMOGLOBIN} (?:[a-z]+ ){0,2}${INTERFERENCE_WORD}) `,
);
const MAY = / (?:may|might|can|could|peut|peuvent|pourrait|pourraient|possible|known) /;

// A raised fetal hemoglobin: "Elevated Hb F (11.8 %)", "HbF élevée", "HPFH".
const HBF =
  '(?:hb f|hbf|hemoglobine f|hemoglobin f|haemoglobin f|hemoglobine foetale|fetal hemoglobin|fetal haemoglobin)';
const RAISED_HBF = new RegExp(
  ` (?:(?:elevated|increased|raised|high) ${HBF}|${HBF}(?: \\d+){0,2} (?:elevee|eleve|augmentee|elevated|increased)|taux eleve d hbf|hpfh|persistance hereditaire de l hemoglobine foetale|hereditary persistence of fetal hemoglobin) `,
);

// A sample that could not give a true value: clotted ("échantillon partiellement coagulé").
const CLOTTED =
  / (?:(?:echantillon|prelevement|sample|specimen|tube)(?: [a-z]+){0,2} (?:coagule|coagulee|clotted)|clotted (?:sample|specimen)|caillots?|microcaillots?) /;

// Verdicts on this result; read only where the sentence sets no condition (CONDITIONAL).
const VERDICT =
  / (?:not reportable|non reportable|unable to report|cannot be reported|ne peut etre rendu|ne peut pas etre rendu|non rendu|ininterpretable|non interpretable|not interpretable|uninterpretable|cannot be interpreted|unreliable|not reliable|non fiable|peu fiable|inaccurate|not accurate|inexact|inexacte|not valid|non valide|non valable|invalide|sous estime|sous estimee|surestime|surestimee|underestimated|overestimated|under or overestimated|sous (?:toutes? )?reserves?(?! (?:d|de|du|des|que|qu) )|with reservations?|interpret with caution|interpret with care|use with caution|interpreter avec prudence|interpreter avec precaution|interpretation prudente) /;

// A sentence that sets a condition or speaks of a class of patients or a use: a footnote.
const CONDITIONAL =
  / (?:en cas d|en cas de|in case of|in the presence of|en presence d|en presence de|if|si|lors d|lors de|when|lorsque|in patients|patients with|chez les patients|chez le patient|chez la femme enceinte|for (?:the )?diagnos[a-z]*|to diagnose|pour le diagnostic|au diagnostic|for screening|pour le depistage|in pregnancy|during pregnancy|pendant la grossesse|for \d+ (?:months?|weeks?|days?)|pendant \d+ (?:mois|semaines|jours)|after (?:a )?(?:recent )?transfusion|apres (?:une )?transfusion|some|certain|certains|certaines|such as|tels que|telles que|known to) /;

// A bias the laboratory puts down to a cause in this patient ("falsely elevated due to iron
// deficiency anemia"). Without a cause it is the usual footnote ("may be falsely low in patients
// with...", "faussement abaissé en présence de..."), printed on every result: no doubt (a
// regression review, 2026-12-05, found footnotes such as "not valid for the diagnosis in pregnancy"
// and "do not use to diagnose" silencing cards).
const CAUSED_BIAS =
  / (?:falsely|faussement|falsement) [a-z]+(?: [a-z]+){0,2} (?:due to|because of|secondary to|caused by|du fait d|du fait de|en raison d|en raison de|lie a|liee a|lie au|liee au|secondaire a) /;

// A result the laboratory withdrew in its note though its status says final: another patient's
// sample, a cancelled test, a value to disregard ("Wrong patient - result to be disregarded",
// "Erreur d'identification, résultat annulé"). A note that this result replaces an earlier one
// ("annule et remplace", "corrected") vouches for it (a review of laboratory notes, 2026-12-06).
const WITHDRAWN =
  / (?:wrong patient|mauvais patient|erreur d identification|erreur d identite|identitovigilance|mislabeled|mislabelled|disregard this result|to be disregarded|ne pas tenir compte|a ne pas prendre en compte|resultat annule|resultat annulee|examen annule|analyse annulee|result cancelled|result canceled|invalid result|result invalid|resultat invalide|resultat non valide|entered in error|erreur de saisie) /;
const REPLACES = / (?:annule et remplace|remplace|replaces|corrige|corrigee|corrected|amended) /;
// A caution the laboratory ties to this patient, with no "en cas de" ("Résultat à interpréter avec
// prudence (anémie ferriprive)"): the value is in doubt, as with a bias put down to a cause.
const CAUTION_WITH_CAUSE =
  / (?:prudence|caution|prudente) (?:[a-z]+ ){0,3}(?:anemie|anemia|ferriprive|carence martiale|iron deficiency|transfusion|transfuse|transfusee|transfused|hemorragie|saignement|bleeding|dialyse|dialysis|erythropoietine) /;
// An HbA1c the note says was estimated from a sensor's glucose readings rather than measured. The
// estimated average glucose a laboratory computes from the HbA1c ("eAG calculated from HbA1c") is
// a footnote, not this.
// A value the patient gave ("Pt reports A1c 8.6 at outside clinic", "Valeur déclarée par le
// patient") is no laboratory's either (a review, 2026-12-07, found one newer than a lab's 7.4 %).
const ESTIMATED_NOTE =
  / (?:estimated from (?:cgm|sensor|the sensor|glucose readings)|estimee (?:a partir du|par le) capteur|gmi|glucose management indicator|indicateur de gestion du glucose|estimated a1c|hba1c estimee|pt reports|patient reports|patient reported|self reported|reported by (?:the )?patient|per patient|declaree? par (?:le|la) patiente?|rapportee? par (?:le|la) patiente?|selon (?:le|la) patiente?|d apres (?:le|la) patiente?) /;

// "No hemoglobin variant detected", "absence de variant de l'hémoglobine", "pas de pic anormal",
// "no abnormal hemoglobin": a reassurance, taken out before the note is read.
const DENIED_INTERFERENCE =
  / (?:no|without|pas de|pas d|absence de|absence d|sans|aucun|aucune)(?: [a-z]+){0,4} (?:variants?|variantes?|interferences?|hemolyse|hemolysis|hemoglobinopathie|hemoglobinopathy|anormales?|abnormal|peaks?|pics?|caillots?|clots?)(?: [a-z]+){0,2} /g;
// The analyser's name is no finding ("HPLC Bio-Rad Variant II Turbo"), nor is a generic caveat
// ("Interpréter avec prudence en cas d'anémie, d'hémolyse ou de transfusion récente", "may be
// unreliable in case of hemolysis"): what follows "en cas de", "in case of" or "if" is a condition.
const ANALYSER = / variant ii(?: turbo)? /g;
const CAVEAT =
  / (?:en cas d|en cas de|in case of|in the presence of|en presence d|en presence de|if|si|lors d|lors de)(?= )(?: [a-z]+)*/g;

// A denial after the finding ("Hemoglobin variant: Not detected", "HbS trait not detected", "Hb
// variant: none detected"): a reassurance too.
const DENIED_AFTER =
  / (?:hb [a-z]|hbs|hbc|hbd|hbe|hbf|hemoglobin|hemoglobine|variants?|variantes?|trait|peaks?|pics?)(?: [a-z]+){0,3} (?:not detected|none detected|non detecte|non detectee|non detectes|not present|non retrouve|non retrouvee|not seen|absent|absente|negative|negatif|none) /g;

/** The note's words once reassurances, the analyser's name and generic caveats are taken out. */
function findingsOf(folded: string): string {
  return folded
    .replace(ANALYSER, ' ')
    .replace(DENIED_INTERFERENCE, ' ')
    .replace(DENIED_AFTER, ' ')
    .replace(CAVEAT, ' ');
}

/** Whether folded words, findings only, name a hemoglobin variant or a raised HbF in the patient. */
function variantIn(read: string): boolean {
  if ([VARIANT_FOUND, ABNORMAL_HEMOGLOBIN, RAISED_HBF].some((p) => p.test(read))) return true;
  return INTERFERENCE.test(read) && !MAY.test(read) && !CONDITIONAL.test(read);
}

/**
 * Whether one sentence of a laboratory's note names a hemoglobin variant or a raised fetal
 * hemoglobin in this patient: lifelong, so it casts doubt on every HbA1c of the same patient, not
 * only the sample it was found in (a review of US records, 2026-12-07, found a result withdrawn for
 * a variant let an older value of the same assay decide).
 */
export function noteNamesVariant(sentence: string): boolean {
  return variantIn(findingsOf(normaliseText(sentence)));
}

/** Whether one sentence of a laboratory's note says the laboratory does not vouch for the HbA1c. */
export function noteDoubtsHba1c(sentence: string): boolean {
  const folded = normaliseText(sentence);
  if (CAUSED_BIAS.test(folded) || ESTIMATED_NOTE.test(folded)) return true;
  if (WITHDRAWN.test(folded) && !REPLACES.test(folded)) return true;
  if (VERDICT.test(folded) && !CONDITIONAL.test(folded)) return true;
  const read = findingsOf(folded);
  return variantIn(read) || [HEMOLYSIS, CLOTTED, CAUTION_WITH_CAUSE].some((p) => p.test(read));
}
