import { describe, expect, test } from '@jest/globals';
import { alcoholInWords } from './steatosis-alcohol-words.js';

describe('what a steatosis record’s words say of alcohol', () => {
  test.each([
    ['Hepatic steatosis (EtOH-related)', 'cause'],
    ['Stéatose hépatique OH', 'cause'],
    ['Fatty liver 2/2 EtOH use', 'cause'],
    ['Alcohol-associated hepatic steatosis', 'cause'],
    ['Fatty liver, alcohol-related', 'cause'],
    ['Stéatose hépatique éthylo-métabolique', 'cause'],
    // Alcohol named, the cause not stated plainly, or denied or doubted further on: to confirm.
    ["Stéatose hépatique (consommation d'alcool 40 g/j)", 'mentioned'],
    ['Steatosis, AUD', 'mentioned'],
    ['fatty liver, binge drinking', 'mentioned'],
    ['Stéatose hépatique, pastis 4/j', 'mentioned'],
    ['Pt drinks 6 beers daily', 'mentioned'],
    ['Fatty liver, not due to alcohol', 'mentioned'],
    ['Stéatose hépatique, alcool exclu', 'mentioned'],
    ['Stéatose hépatique, OH : 0', 'mentioned'],
    ['NAFLD (abstinent from alcohol)', 'mentioned'],
    // Denied right before, or no alcohol at all: nothing.
    ['Non-alcoholic fatty liver disease', undefined],
    ['NAFLD (nonalcoholic fatty liver disease)', undefined],
    ['Stéatose hépatique non alcoolique, pas d’OH', undefined],
    ['No EtOH', undefined],
    ['denies alcohol use', undefined],
    ['Fatty (change of) liver, not elsewhere classified', undefined],
    ['25-OH vitamin D deficiency', undefined],
    ['MASLD', undefined],
  ])('%s: %s', (text, said) => {
    expect(alcoholInWords(text)).toBe(said);
  });
});
