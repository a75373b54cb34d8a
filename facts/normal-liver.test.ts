import { describe, expect, test } from '@jest/globals';
import { saysLiverNormal } from './normal-liver.js';

describe('a liver study that calls the liver normal', () => {
  test.each([
    ['The liver is normal in size and echogenicity.', true],
    ['Conclusion : foie normal.', true],
    ['Normal liver. No gallstones.', true],
    ['Liver: normal.', true],
    ["Foie d'aspect normal. Vésicule alithiasique.", true],
    ['Foie sans particularité.', true],
    ['Hepatic parenchyma is unremarkable.', true],
    ['Liver unremarkable. Spleen 11 cm.', true],
    ['Normal-appearing liver.', true],
    ['Échogénicité hépatique normale.', true],
  ])('%s reads as normal', (text, expected) => {
    expect(saysLiverNormal(text)).toBe(expected);
  });

  test.each([
    ['Taille du foie normale (14 cm). Lithiase vésiculaire.'],
    ['Liver is normal in size. Gallstones.'],
    ['Le foie est de taille normale.'],
    ['Flèche hépatique normale.'],
    ['Foie normal en taille.'],
    ['Kidneys: normal echogenicity. Liver not well seen.'],
    ['Normal renal echogenicity.'],
    ['Pancréas d’échostructure homogène.'],
    [''],
    // Homogeneous is not normal: a diffusely fatty liver is homogeneous too.
    ["Foie de taille normale, d'échostructure homogène."],
    ['Homogeneous echogenicity of the liver.'],
    // Words of fat, brightness or an exception veto the whole study (review, 2026-12-07).
    ["Foie de taille normale, hyperéchogène, d'échostructure homogène."],
    ["Foie d'échostructure homogène, brillant."],
    ['The liver demonstrates homogeneous echotexture and increased echogenicity.'],
    ['Liver: normal echotexture, increased echogenicity.'],
    ['Normal liver size with fatty infiltration.'],
    ['Liver is normal except for fatty infiltration.'],
    ['Foie normal hormis une surcharge graisseuse.'],
    ['Foie normal en morphologie, stéatosique.'],
    ['Indication: T2DM, normal liver function tests. Liver is enlarged and echogenic.'],
    // What came before, or why the study was asked, is not this study's finding.
    ['History of normal liver ultrasound in 2019. Gallstones.'],
    ['Comparison: prior study showed normal liver. Gallbladder sludge.'],
    ['Indication: abnormal LFTs, normal liver function otherwise. Gallstones.'],
    // "Normal liver" that is another thing: its tests, a graft, its outline; or none of it.
    ['Normal liver enzymes. Gallstones.'],
    ['Normal liver transplant Doppler study.'],
    ['Normal liver contour. Gallstones.'],
    ['No normal liver parenchyma identified.'],
    ['Liver is normal in contour.'],
  ])('%s says nothing of the liver tissue', (text) => {
    expect(saysLiverNormal(text)).toBe(false);
  });
});
