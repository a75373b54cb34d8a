import { describe, expect, test } from '@jest/globals';
import { loadWords, pageLocale, say } from './page-words.js';

const argsOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the worklist’s words', () => {
  const words = loadWords();
  const en = words.get('en')!;
  const fr = words.get('fr')!;

  test('French has every English word, with the same arguments, and no English left in it', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect([key, argsOf(fr[key]!)]).toEqual([key, argsOf(en[key]!)]);
    const same = Object.keys(en).filter((k) => en[k] === fr[k]);
    // Words that are the same in both languages.
    expect(same.sort()).toEqual(['col.actions', 'col.patient', 'detail.demographics']);
  });

  test('the page follows CARD_LOCALE unless ?lang= asks for a language the service has', () => {
    expect(pageLocale({ query: {} }, 'fr')).toBe('fr');
    expect(pageLocale({ query: { lang: 'en' } }, 'fr')).toBe('en');
    expect(pageLocale({ query: { lang: 'de' } }, 'fr')).toBe('fr');
    expect(pageLocale({ query: { lang: ['en', 'fr'] } }, 'fr')).toBe('fr');
  });

  test('a word takes its arguments; a missing word shows its key', () => {
    expect(say(en, 'page.signedInAs', { name: 'Ada' })).toBe('Signed in as Ada');
    expect(say(en, 'no.such.word')).toBe('no.such.word');
  });
});
