/*
 * The words a report or a problem text uses around a finding, folded (no accents, lower case):
 * what denies it, hedges it, puts it in the past or says it is gone, and the notations of forms.
 * finding-text.ts reads a finding's mentions with them.
 */

// Words that deny a finding named after them in their clause: "pas de stéatose", "absence
// d'image évocatrice de stéatose", "no sonographic evidence of hepatic steatosis", "sans stéatose".
export const DENIES_NEXT = new Set([
  'pas',
  'absence',
  'sans',
  'aucun',
  'aucune',
  'no',
  'not',
  'without',
  'negative',
  'free',
  'ni',
  // "Neither steatosis nor focal lesion" (a review of report wordings, 2026-12-06).
  'neither',
  'nor',
]);
// Words after the finding that deny it: "stéatose absente", "stéatose exclue", "steatosis: absent".
export const DENIES_PREVIOUS = new Set([
  'absence',
  'absente',
  'absent',
  'exclue',
  'exclu',
  'excluded',
  'negative',
  'negatif',
  'negative',
  'neg',
]);
// The predicates whose denial, right after the finding, denies it: "fatty liver not seen on US",
// "stéatose non vue", "steatosis not identified". Folded: no accents, lower case.
const DENIED_PREDICATES =
  '(?:seen|visualized|visualised|identified|detected|demonstrated|present|found|visible|appreciated|noted|observed|evident|apparent|vue|revue|visualisee|revisualisee|retrouvee|objectivee|mise en evidence|constatee|observee|notee)';
// A denied predicate right after the finding ("non exclue" is a hedge, read first; "non
// alcoolique" is a name), also after a word that dates it ("stéatose connue, non revue ce jour",
// "known steatosis, not seen today" deny it on this examination) or a copula ("steatosis is not
// present").
export const DENIED_AFTER = new RegExp(
  `^(?:(?:connue|known|decrite|described|ancienne) )?(?:(?:is|are|was|were|est) )?(?:not|non|pas) ${DENIED_PREDICATES}\\b`,
);
// What says a finding is not established: "NAFLD (imaging 2019, not confirmed)", "stéatose non
// confirmée" (a review of problem lists, 2026-12-06). Folded: no accents, lower case.
const UNCONFIRMED = '(?:confirmed|confirmee?s?|confirmes?|prouvee?s?|proven|verified|verifiee?s?)';
export const NOT_CONFIRMED = new RegExp(` (?:not|non|pas) ${UNCONFIRMED} `);
// A denied predicate, a denied exclusion (a hedge: "steatosis, not excluded"), a finding said gone
// ("previously reported, now resolved") or unconfirmed ("NAFLD (2019, not confirmed)"), set off by
// a comma, still belongs to the finding before it ("Stéatose connue, non revue ce jour", "Known
// steatosis, not seen today"): on the folded text, the comma is dropped before clauses are cut.
export const DENIAL_AFTER_COMMA = new RegExp(
  `,\\s*(?=(?:(?:not|non|pas)\\s+(?:${DENIED_PREDICATES}|exclue?s?|excluded)|(?:(?:now|since|maintenant|desormais)\\s+)?(?:resolved|resolue|disparue?|regressed|no longer|n.est plus)|(?:not|non|pas)\\s+${UNCONFIRMED})\\b)`,
  'g',
);
// Named, then said not to have been looked at, or not to matter: "Steatosis: not evaluated",
// "stéatose non évaluée", "N/A", "stéatose discrète non significative". The study does not say.
export const NOT_ASSESSED = new RegExp(
  '^(?:[a-z]+ )?(?:(?:is|was|est) )?(?:(?:not|non|pas) (?:evaluated|evaluee|evalue|assessed|applicable|documented|explored|exploree|recherchee|measured|mesuree|quantified|quantifiee|analysable|analyzable|significant|significative|significatif)|(?:n a|na|nd|n d|nr)$)',
);
// Ending the clause right after the finding, "non" and "no" deny it ("Stéatose : non"); followed by
// more words they qualify it ("stéatose non alcoolique").
export const DENIES_AT_END = new Set(['non', 'no', 'none', 'nil', 'neant']);
// "Non" right before the finding denies it: "non-fatty liver", "non-cirrhotic liver". Further off it
// names another thing ("non-alcoholic fatty liver" is a name of its own, read whole).
export const DENIES_RIGHT_BEFORE = 'non';
// A grade out of a scale ("stéatose 0/3", "S0/S3") is a grade of zero, not a range of grades: the
// scale is dropped before the words are read. "S0/S1" stays a choice of two grades.
export const GRADE_OUT_OF = /\b(s?0) ?\/ ?s?[2-4]\b/gi;
// The words that grade a finding zero: "grade 0", "S0", "grade: none".
export const ZERO_GRADES = new Set(['0', 's0', 'none', 'nil', 'neant']);
// Words between a finding and its grade: "steatosis grade 0", "stéatose estimée à 0 %".
export const GRADE_LEADS = new Set(['grade', 'stade', 'estimee', 'estime', 'estimated', 'evaluee', 'a', 'at']);
// Words that, between the liver and a denied adjective, make the adjective another thing's ("Foie
// normal, rate non hyperéchogène", "liver with a cyst, not echogenic", "liver tests normal, meals
// not fatty") or say a fat the denial would contradict ("Foie stéatosique, non hyperéchogène").
const NOT_OF_THE_LIVER =
  'reins?|renale?|kidneys?|rate|spleen|splenic|pancreas|pancreatique|pancreatic|vesicule|gallbladder|thyroide?|nodules?|lesions?|kystes?|cysts?|angiomes?|hemangiomas?|masses?|formations?|images?|zones?|plages?|areas?|foyers?|focus|foci|calculs?|stones?|cortex|corticale|parois?|walls?|muscles?|bone|os|moelle|marrow|tumeurs?|tumou?rs?|metastases?|metastasis|veines?|veins?|vessels?|vaisseaux|graft|greffon|transplant\\w*|food|meals?|diet|repas|alimentation|regime|acids?|acides?|stools?|selles|tests?|enzymes?|function|fonction|bilan|steato\\w*|fatty|fat|graisse\\w*|graisseu\\w*|surcharge|infiltrat\\w*|hyperecho\\w*|echogenic|brillante?|bright|mais|but|however|cependant|sauf|except';
// The liver named, then up to 80 characters of its sentence naming nothing else (group 1), then
// an adjective of fat or brightness denied: "n'est pas", "n'apparaît pas", "ne semble pas",
// "non" before "stéatosique"/"hyperéchogène"; "is not", "does not appear", "not", "non-" before
// "fatty", "steatotic", "hyperechoic", "echogenic", "bright". Folded: no accents, lower case.
const LIVER_ADJECTIVE_DENIED = new RegExp(
  `(\\b(?:foie|liver|parenchyme hepatique|hepatic parenchyma)\\b(?:(?!\\b(?:${NOT_OF_THE_LIVER})\\b)[^.;\\n]){0,80}?)` +
    '(?:' +
    `(?:\\bn['’ ]?\\s?(?:est|apparait|semble|parait)|\\bne (?:semble|parait|apparait)) (?:pas|plus)(?: d['’ ]?\\s?aspect)? (?:steatosique|hyperechogene|brillant)` +
    `|\\bnon[- ]?(?:hyperechogene|brillant)` +
    `|(?:\\b(?:is|does|appears|looks|seems)(?: not|n['’]t)(?: (?:appear|look|seem))?(?: to be)?|\\bnot) (?:fatty|steatotic|hyperechoic|hyperechogenic|echogenic|bright)` +
    `|\\bnon[- ]?(?:fatty|hyperechoic|hyperechogenic)` +
    ')\\b',
  'gi',
);
// Notations of forms and checklists, rewritten into words before reading: "Stéatose (-)" denies,
// "Steatosis (+)" affirms, a dash ending the line ("Steatosis -") leaves it open, and a fat
// fraction under 5 % ("steatosis < 5 %", "stéatose inférieure à 5 %") is the normal liver, grade 0.
export const NOTATIONS: readonly [RegExp, string][] = [
  [/\(\s*[-−]\s*\)/g, ' negative '],
  [/\(\s*\+\s*\)/g, ' '],
  [/\s[-−–]\s*(?=$|[.;\n])/g, ' ? '],
  [/(?:<|less than|below|under|inferieure? a|moins de)\s*5\s*%/g, ' 0 '],
  // "Foie non stéatosique", "non-steatotic liver": a denial the names, read whole, would miss.
  [/\bnon[- ]?steatosique\b/gi, ' sans steatose '],
  [/\bnon[- ]?steatotic\b/gi, ' without steatosis '],
  // The liver, then an adjective of fat or brightness denied ("Le foie n'est pas stéatosique",
  // "The liver does not appear fatty", "Foie d'échostructure normale, non hyperéchogène"): a
  // denial of steatosis, which a review (2026-12-07) found read as no finding about the liver. The
  // adjective alone is no name ("fatty acids"); rewritten as "steatosis absent", which only a
  // denial or a hedge can read.
  [LIVER_ADJECTIVE_DENIED, '$1 steatosis absent '],
];
// Words that leave a finding named near them unaffirmed: suspected, possible, to be confirmed,
// or a question ("rule out steatosis"). A report that only hedges says nothing either way.
export const HEDGES = new Set([
  'possible',
  'possibly',
  'probable',
  'probably',
  'likely',
  'unlikely',
  'suspected',
  'suspect',
  'suspicion',
  'suspecte',
  'suspectee',
  'questionable',
  'equivocal',
  'indeterminate',
  'doute',
  'douteuse',
  'douteux',
  'eventuelle',
  'eventuel',
  'confirmer',
  'confirm',
  'cannot',
  'peut',
  'rule',
  // "which may represent steatosis", "could be due to", "aspect pouvant correspondre à une
  // stéatose", "steatosis versus diffuse infiltration", "differential includes steatosis".
  'may',
  'might',
  'could',
  'pouvant',
  'pourrait',
  'versus',
  'vs',
  'differential',
  'differentiel',
  // "suspicious for", "concerning for", "raises the possibility of", "consider hepatic steatosis"
  // (a review of US reports, 2026-12-06). "Suggestive of", like the French "évoquant", is how an
  // ultrasound reports steatosis, and affirms it.
  'suspicious',
  'concerning',
  'possibility',
  'consider',
  'worrisome',
  // A study that could not tell: "unable to assess for steatosis", "stéatose non évaluable",
  // "impossible d'évaluer la stéatose" (a review of report wordings, 2026-12-06).
  'unable',
  'evaluable',
  'impossible',
  'interpretable',
  'assessable',
  // "Stéatose hépatique à contrôler", "à vérifier": to be checked, not yet affirmed.
  'controler',
  'verifier',
  // A finding offered as one explanation among others (a review of report wordings, 2026-12-06):
  // "fatty liver is a consideration", "can be seen with steatosis or fibrosis", "which can reflect
  // steatosis", "often seen with hepatic steatosis", "stéatose vraisemblable".
  'consideration',
  'can',
  'often',
  'nonspecific',
  'aspecifique',
  'vraisemblable',
  'vraisemblablement',
  // "Stéatose débutante à discuter", "difficult to exclude", "is doubtful", "stéatose incertaine",
  // "non affirmée", "improbable", "low likelihood of" (a review of liver reports, 2026-12-07).
  'discuter',
  'difficult',
  'doubtful',
  'incertaine',
  'incertain',
  'affirmee',
  'affirme',
  'improbable',
  'likelihood',
  'demontree',
]);
// A fat deposit in one part of the liver ("focal steatosis", "stéatose focale", "stéatose
// localisée", "segmental steatosis", "multifocal fatty liver") is not the diffuse steatosis asked
// for: the report then says nothing of the rest of the liver, and the criterion stays to confirm.
// "Patchy" and "hétérogène" are left out: they describe how a diffuse steatosis is spread.
export const FOCAL = new Set([
  'focal',
  'focale',
  'focales',
  'focaux',
  'nodular',
  'nodulaire',
  'nodulaires',
  'localized',
  'localised',
  'localise',
  'localisee',
  'localisees',
  'segmental',
  'segmentaire',
  'multifocal',
  'multifocale',
  'multifocales',
  'multifocaux',
]);
// What a focal word may describe instead of the finding: "Hepatic steatosis, focal lesion in
// segment VI" or "focal nodular hyperplasia" names a lesion beside a steatosis, not a focal one.
export const FOCAL_OBJECT = new Set([
  'lesion',
  'lesions',
  'nodule',
  'nodules',
  'mass',
  'masses',
  'cyst',
  'cysts',
  'hyperplasia',
]);
// The same, written after a comma ("Hepatic steatosis, focal", "Stéatose, localisée au segment
// IV"): on the folded text the comma is dropped, so that the word stays in the finding's clause.
// "Steatosis, focal fatty sparing" and "focal areas of sparing" are left alone: a spared area
// implies a diffuse steatosis; so is "steatosis, focal lesion", a lesion beside it.
export const FOCAL_AFTER_COMMA = new RegExp(
  `,\\s*(?=(?:${[...FOCAL].join('|')})\\b(?!\\s+(?:(?:fatty|areas?\\s+of)\\s+)?sparing)(?!\\s+(?:\\w+\\s+)?(?:${[...FOCAL_OBJECT].join('|')})\\b))`,
  'g',
);
// A steatosis said to be diffuse is not in one part, whatever else the clause says.
export const DIFFUSE = new Set(['diffuse', 'diffus', 'diffusely', 'diffuses']);
// "Focal fatty sparing" names the spared part of a fatty liver, not a focal steatosis.
export const SPARING = new Set(['sparing', 'epargne']);
// A part of the liver named before the finding: "zone de stéatose", "îlot de stéatose", "area of
// steatosis", "foyer de stéatose", "plages de surcharge graisseuse". The rest of the liver is not
// said to be fatty.
export const FOCAL_AREA =
  / (?:zones?|ilots?|plages?|foyers?|areas?|focus|foci|regions?) (?:de|d|des|du|of)(?: la| l| une| un)?$/;
// An alternative right beside the finding, undenied: "hepatic steatosis or other hepatocellular
// disease", "steatosis and/or fibrosis", "stéatose ou hépatopathie chronique". "No steatosis or
// biliary dilatation" is a denial of both, read as such.
export const ALTERNATIVE = new Set(['or', 'ou']);
// Words that put a finding in the past: "history of steatosis", "antécédent de stéatose". The
// report then says what was, not what is.
export const PAST = new Set([
  'history',
  'hx',
  'antecedent',
  'antecedents',
  'atcd',
  'previously',
  'prior',
  'previous',
  'ancienne',
  // "Par rapport à l'examen précédent qui montrait une stéatose, le foie est normal."
  'precedent',
  'precedente',
  'anterieur',
  'anterieure',
]);
// Past, said after the finding: "steatosis previously reported", "stéatose décrite auparavant".
export const PAST_AFTER = new Set(['previously', 'auparavant', 'anterieurement']);
// A question rather than a finding: "R/O fatty liver", "rule out NAFLD", "evaluate for steatosis".
export const RULE_OUT =
  / (?:r o|rule out|evaluate for|eval for|evaluation for|workup for|w u for|a eliminer|bilan de|depistage|screening for|screen for|recherche de|recherche d une) /;
// "Échographie demandée pour éliminer une stéatose" asks the question too, but only of what follows
// it at once: in "Bilan pour éliminer une hépatite : foie hyperéchogène évoquant une stéatose" the
// question is about the hepatitis.
export const ELIMINATE = / eliminer(?: une| un| la| le| l| des)?$/;
// A finding that is gone: "steatosis has resolved", "stéatose disparue", "steatosis ruled out".
export const GONE = new Set(['resolved', 'resolue', 'disparue', 'disparu', 'ruled', 'longer']);
// A regression that is not said to be complete leaves some: "nette régression de la stéatose",
// "régression partielle", "steatosis has regressed" say less steatosis, not none.
export const REGRESSION = new Set(['regression', 'regressed', 'regresse', 'regressee']);
export const COMPLETE = new Set(['complete', 'totale', 'completely', 'completement', 'totalement', 'entierement']);
// Gone, said before the finding: "disparition de la stéatose", "résolution de la stéatose",
// "normalisation ... disparition", "resolved hepatic steatosis", "interval resolution of",
// "no longer", "il n'existe plus de stéatose", "plus de stéatose".
export const GONE_BEFORE = new Set([
  'disparition',
  'resolution',
  'normalisation',
  'normalization',
  'resolved',
  'longer',
  'plus',
]);
// Gone, said later in the clause: "la stéatose décrite en 2021 n'est plus visible", "n'est plus
// retrouvée", "steatosis seen in 2019 is no longer present".
// Also "stéatose décrite en 2022 non retrouvée", "steatosis reported in 2019 not seen".
export const GONE_LATER =
  / (?:n est plus|ne sont plus|n apparait plus|no longer|a disparu|ont disparu|has resolved|have resolved|non retrouvee|non revue|non visible|not seen|not visualized|not visualised) /;
// "non exclue", "not excluded": a denial word before an exclusion is a hedge, not a negative.
// "Non formellement exclue", "not entirely excluded": an adverb between leaves it a hedge.
export const NOT_EXCLUDED =
  /\b(non|not|pas|cannot be|can t be|ne peut etre) (?:(?:formellement|totalement|completely|entirely|formally|definitely) )?(exclue|exclu|excluded|exclus)\b/;
// The finding named of an organ other than the liver: "stéatose pancréatique", "renal sinus fat".
export const OTHER_ORGAN = new Set([
  'pancreas',
  'pancreatic',
  'pancreatique',
  'renal',
  'renale',
  'rein',
  'kidney',
  'myocardial',
  'myocardique',
  'cardiac',
  'cardiaque',
  'muscle',
  'musculaire',
  'medullaire',
  'marrow',
  'thymus',
  // Bone marrow and the heart's fat: "stéatose médullaire vertébrale", "epicardial fat" (a review, 2026-12-07).
  'vertebral',
  'vertebrale',
  'osseuse',
  'bone',
  'epicardial',
  'epicardique',
]);
export const LIVER = new Set(['hepatic', 'hepatique', 'liver', 'foie']);

/**
 * Whether folded words (normaliseText) name an organ other than the liver and not the liver: a
 * problem "Stéatose du parenchyme pancréatique" or "Pancreatic fatty infiltration/steatosis" is
 * about that organ, however its finding is worded.
 */
export function namesOtherOrganOnly(folded: string): boolean {
  const words = folded.trim().split(' ');
  return words.some((w) => OTHER_ORGAN.has(w)) && !words.some((w) => LIVER.has(w));
}
// A denial of a change, not of the finding: "no interval change in the hepatic steatosis",
// "pas d'évolution de la stéatose" say it is still there.
export const CHANGE = new Set([
  'change',
  'changes',
  'changed',
  'evolution',
  'modification',
  'progression',
  'worsening',
]);
