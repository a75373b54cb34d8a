import { describe, expect, test } from '@jest/globals';
import { reportParts } from './report-sections.js';

// A report pasted whole: the question under its heading, then the answer under its own. A heading
// takes the stop before it; text before the first heading is a part of its own, not asked.
describe('the parts of a report told apart by their headings', () => {
  test.each<[string, [string, boolean][]]>([
    ['foie normal.', [['foie normal.', false]]],
    [
      'indication: nafld. findings: normal liver. impression: normal study.',
      [
        [' nafld', true],
        [' normal liver', false],
        [' normal study.', false],
      ],
    ],
    [
      'renseignements cliniques : steatose. conclusion : foie normal',
      [
        [' steatose', true],
        [' foie normal', false],
      ],
    ],
    [
      'steatose hepatique. motif de l examen : cytolyse',
      [
        ['steatose hepatique', false],
        [' cytolyse', true],
      ],
    ],
    // A word that is a heading elsewhere, without its colon, is only a word.
    ['no history of steatosis', [['no history of steatosis', false]]],
  ])('%s', (folded, parts) => {
    expect(reportParts(folded).map((p) => [p.text, p.asked])).toEqual(parts);
  });
});
