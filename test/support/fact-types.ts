import type { FactNameInfo } from '../../facts/fact-names.js';
import { expectEqual } from './expect-equal.js';

/**
 * Expects every fact to hold a value of the type the fact-name registry gives it, in one
 * assertion that lists every fact when one differs. A number known only within a range (an
 * object) is still a number fact.
 */
export function expectRegisteredTypes(
  values: ReadonlyMap<string, unknown>,
  names: ReadonlyMap<string, FactNameInfo>,
): void {
  const typed = [...values].map(([name, value]) => [name, typeof value === 'object' ? 'number' : typeof value]);
  expectEqual(
    typed,
    typed.map(([name]) => [name, names.get(name!)?.type]),
  );
}
