import { describe, expect, test } from '@jest/globals';
import { namesSecondaryDiabetes } from './secondary-diabetes-words.js';

describe('a diabetes whose own words give it a cause', () => {
  test.each([
    // A cause beside the diabetes, with words between that the fixed names did not allow.
    ['Diabète insulinorequérant cortico-induit', true],
    ['Diabète post-corticothérapie', true],
    ['Diabète induit par la prednisone', true],
    ['Diabète insulinodépendant secondaire à une pancréatectomie', true],
    ['Diabetes mellitus due to steroids, insulin-requiring', true],
    ['Steroid-related diabetes', true],
    ['Type 2 diabetes mellitus due to steroids', true],
    ['DT2 secondaire à une pancréatite chronique', true],
    ['Diabète sur hémochromatose génétique', true],
    ['Diabetes after Whipple procedure', true],
    ['Diabète induit par le tacrolimus', true],
    ['Diabetes secondary to chronic pancreatitis', true],
    ['Diabète iatrogène', true],
    ['Type 1 diabetes mellitus due to Keytruda (pembrolizumab)', true],
    ['Diabète de type 1 secondaire aux anti-PD-1 (nivolumab)', true],
    ['Diabetes due to immune checkpoint inhibitor therapy', true],
    ['Diabète induit par les inhibiteurs de points de contrôle immunitaire', true],
    // The cause denied, no diabetes named, or a steroid that causes nothing said.
    ['Diabète de type 2 non cortico-induit', false],
    ['Type 2 diabetes not steroid-induced', false],
    ['Myopathie cortico-induite', false],
    ['Ostéoporose secondaire à la corticothérapie', false],
    ['Diabète de type 1 inaugural, corticothérapie inhalée pour asthme', false],
    ['Type 1 diabetes mellitus, new onset', false],
    ['Diabète de type 2 sous insuline', false],
    ['Pancréatite aiguë biliaire 2019', false],
    ['Metastatic melanoma on Keytruda', false],
  ])('%s: %s', (text, named) => {
    expect(namesSecondaryDiabetes(text)).toBe(named);
  });
});
