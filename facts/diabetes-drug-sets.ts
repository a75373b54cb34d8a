import { INSULIN_SETS } from './insulin-roles.js';

/**
 * The medication value sets of drugs given for diabetes: the insulins and every other class. A
 * record of one shows a diabetes treated since it began (NCT05153070 asks for a type 1 diabetes
 * diagnosed under 3 months ago). A few are given for something else too (metformin in the
 * polycystic ovary syndrome, a GLP-1 agonist for weight): a patient on one for long then leaves
 * the recent diagnosis unmet, a card withheld rather than one shown wrongly.
 */
export const DIABETES_DRUG_SETS: ReadonlySet<string> = new Set([
  ...INSULIN_SETS,
  'metformin',
  'sulfonylureas',
  'glinides',
  'dpp4-inhibitors',
  'sglt2-inhibitors',
  'glp1-agonists',
  'glitazones',
  'alpha-glucosidase-inhibitors',
  'antidiabetics-other',
]);
