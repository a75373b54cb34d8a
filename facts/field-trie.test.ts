import { describe, expect, test } from '@jest/globals';
import { FieldTrie } from './field-trie.js';

/** Walks a run of fields from the start. */
function walk(trie: FieldTrie<string>, fields: readonly (string | number)[]) {
  let node = trie.start();
  for (const f of fields) node = trie.step(node, f);
  return node;
}

describe('FieldTrie', () => {
  test.each<[string, readonly (string | number)[], readonly (string | number)[]]>([
    ['one field split in two is another run', ['ab'], ['a', 'b']],
    ['a count and its digits are different fields', [1], ['1']],
    ['a shorter run is not the longer one', ['a'], ['a', '']],
    ['the order of fields matters', ['a', 'b'], ['b', 'a']],
  ])('%s', (_name, first, second) => {
    const trie = new FieldTrie<string>(100);
    const a = walk(trie, first);
    a.has = true;
    a.value = 'first';
    expect(walk(trie, second).has).toBe(false);
    expect(walk(trie, first).value).toBe('first');
  });

  test('past its cap the trie starts afresh', () => {
    const trie = new FieldTrie<string>(3);
    const kept = walk(trie, ['a']);
    kept.has = true;
    for (const f of ['b', 'c', 'd']) walk(trie, [f]);
    expect(walk(trie, ['a']).has).toBe(false);
  });
});
