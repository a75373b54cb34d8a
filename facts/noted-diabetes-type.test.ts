import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import { typesNotedOtherwise } from './noted-diabetes-type.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);

describe("a diabetes type a Condition's notes put in doubt", () => {
  test.each<[string, readonly string[], readonly string[], readonly string[]]>([
    ['a type 2 whose note says LADA', ['t2d'], ['GAD65 Ab positive 2019 (34 U/mL), c/w LADA.'], ['t1d', 't2d']],
    ['a type 2 whose note leaves MODY open', ['t2d'], ['? MODY, génétique en cours'], ['diabetes-other-type', 't2d']],
    ['a type 2 whose note denies LADA', ['t2d'], ['LADA ruled out, GAD negative'], []],
    ['a type 2 whose note speaks of its treatment', ['t2d'], ['Continue basal-bolus, HbA1c in 3 months'], []],
    ['a type 2 with no note', ['t2d'], [], []],
    ['a steatosis whose note says type 1', ['steatosis'], ['Known type 1 diabetes'], []],
  ])('%s', (_name, ids, notes, doubted) => {
    expect(typesNotedOtherwise(valueSets, ids, notes).sort()).toEqual([...doubted].sort());
  });
});
