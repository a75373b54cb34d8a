// Runs unit tests first, then integration tests, then browser tests, within one Jest run: a
// broken fact or rule is reported in the first minute, before servers and browsers start.
// Within each kind, Jest's own order (failed first, then slowest first) is kept.
import Sequencer from '@jest/test-sequencer';

const KIND_ORDER = ['unit', 'int', 'browser'];

/** The kind of a test file, from its name (jest.config.js uses the same names for its projects). */
export function kindOf(path) {
  if (path.endsWith('.browser.test.ts')) return 'browser';
  if (path.endsWith('.int.test.ts')) return 'int';
  return 'unit';
}

export default class KindSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (test) => KIND_ORDER.indexOf(kindOf(test.path));
    // Array.prototype.sort is stable: Jest's order survives inside each kind.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
