import { normaliseText } from '../rules/value-sets.js';
import { memoiseText } from './text-memo.js';

/*
 * A diabetes whose own words give it a cause, under whatever code: "Diabète insulinorequérant
 * cortico-induit", "Diabète induit par la prednisone", "Diabète insulinodépendant secondaire à une
 * pancréatectomie", "Diabetes mellitus due to steroids, insulin-requiring", "Steroid-related
 * diabetes". French coders often file such a diabetes under E10 (its CIM-10 title is "diabète
 * sucré insulinodépendant") or E11, and a review (2026-12-07) found these records given the
 * NCT05153070 card and, at order-sign, the pump card. The value set diabetes-other-type lists the
 * fixed phrasings as names; a word more in between ("insulinorequérant") broke them. Here a
 * diabetes word and a cause in the same problem-list item are enough, in either order, unless the
 * cause is denied right before it ("non cortico-induit", "not steroid-induced").
 *
 * The causes are those of the set's title (American Diabetes Association, Standards of Care 2025,
 * section 2: "specific types of diabetes due to other causes": drug- or chemical-induced,
 * diseases of the exocrine pancreas, after transplantation): glucocorticoids and the drugs that
 * cause diabetes most often, pancreatic surgery or disease, cystic fibrosis, hemochromatosis.
 * Immune checkpoint inhibitors by their brands too: a review (2026-12-07, night) found "Type 1
 * diabetes mellitus due to Keytruda (pembrolizumab)" given the NCT05153070 card.
 */

const DIABETES = / (?:diabete|diabetes|diabetic|diabetique|dt1|dt2|dm|dm1|dm2|t1dm|t2dm|iddm|niddm|did|dnid) /;
const DRUG =
  '(?:cortico\\w*|corticosteroid\\w*|glucocortico\\w*|steroid\\w*|prednison\\w*|prednisolon\\w*|methylprednisolon\\w*|dexamethason\\w*|hydrocortison\\w*|solupred|cortancyl|medrol|solumedrol|tacrolimus|ciclosporin\\w*|cyclosporin\\w*|antipsychoti\\w*|olanzapine|clozapine|immunosuppress\\w*|immunotherap\\w*|(?:immune )?checkpoint inhibitors?|inhibiteurs? de (?:points? de controle|checkpoint)\\w*|anti ?pd ?l?1|anti ?ctla ?4|nivolumab|pembrolizumab|ipilimumab|atezolizumab|durvalumab|avelumab|cemiplimab|dostarlimab|keytruda|opdivo|yervoy|tecentriq|imfinzi|bavencio|libtayo|jemperli)';
const PANCREAS_OR_DISEASE =
  '(?:pancreatectom\\w*|duodenopancreatectom\\w*|spleno ?pancreatectom\\w*|whipple|dpc|pancreatit\\w*|pancreas|pancreatic \\w+|cancer du pancreas|chirurgie pancreatique|cystic fibrosis|mucoviscidose|hemochromatos\\w*|acromegal\\w*|cushing|pheochromocytom\\w*|transplant\\w*|greffe\\w*)';
const NEGATED = '(?<!(?: non| not| pas| no| sans| without))';
const CAUSE = new RegExp(
  [
    // "cortico-induit", "steroid-induced", "prednisone induced", "glucocorticoid-related"
    `${NEGATED} ${DRUG} (?:induced|induit|induite|related|associated|provoked|lie|liee) `,
    `${NEGATED} corticoinduit\\w* `,
    // "induit par la prednisone", "induit par les corticoïdes", "sous corticothérapie"
    `${NEGATED} (?:induit|induite|provoque|provoquee) (?:par|sous) (?:la |le |les |l |une |un )?${DRUG} `,
    `${NEGATED} (?:post|apres|after|sous) (?:la |le |les |l |une |un )?(?:${DRUG}|${PANCREAS_OR_DISEASE}) `,
    // "due to steroids", "secondary to chronic pancreatitis", "secondaire à une pancréatectomie"
    `${NEGATED} (?:due to|secondary to|caused by|induced by|from|2 2|secondaire a|secondaire au|secondaire aux|lie a|liee a|lie au|liee au|sur) (?:a |an |the |la |le |les |l |une |un |des |d )?(?:chronic |chronique )?(?:${DRUG}|${PANCREAS_OR_DISEASE}) `,
    ` (?:iatrogene|iatrogenic|pancreatoprive|pancreatogenic|pancreatogene) `,
    // A syndrome or a disease named before the cause: "Diabète sur syndrome de Cushing".
    `${NEGATED} (?:due to|secondary to|secondaire a|secondaire au|lie a|liee a|sur) (?:a |an |the |un |une )?(?:syndrome|syndrome de|maladie de|disease|maladie) ${PANCREAS_OR_DISEASE} `,
    // A monogenic or atypical diabetes by its gene or its name: "Diabète lié à une mutation HNF1B
    // (RCAD)", "GCK-MODY", "Wolfram (WFS1)", "ketosis-prone (Flatbush) diabetes" (a review, 2026-12-07).
    `${NEGATED} (?:hnf ?1 ?a|hnf ?1 ?b|hnf ?4 ?a|gck|glucokinase|kcnj11|abcc8|wfs1|wolfram|didmoad|rcad|flatbush|ketosis prone) `,
  ].join('|'),
);

/** Whether one problem-list item names a diabetes together with a cause that makes it of another type. */
export const namesSecondaryDiabetes = memoiseText((text: string): boolean => {
  const folded = normaliseText(text);
  return DIABETES.test(folded) && CAUSE.test(folded);
});
