import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../../config/project-paths.js';
import { scopeCovers } from '../../facts/fact-scope.js';
import { loadServices } from '../load-services.js';
import { PUMP_CARD_FACTS, PUMP_CARD_NAMES, type PumpCardFacts } from './pump-card.js';

/**
 * The pump card reads only what its service computes. The compiler holds the first half: the
 * lines under @ts-expect-error below must not compile (`npm run typecheck` fails if they do).
 */
export function readsOnlyItsFacts(facts: PumpCardFacts): unknown[] {
  return [
    facts.hba1c,
    facts.named('condition.t2d'),
    // @ts-expect-error the pump card does not declare the eGFR, so it cannot read it
    facts.egfr,
    // @ts-expect-error nor a value-set fact it did not name
    facts.named('condition.t1d'),
  ];
}

describe('the pump card reads only what its service computes', () => {
  const pump = loadServices(DEFAULT_RULES_DIR).services.find((s) => s.definition.id === 'pump-evaluation')!;

  test.each([...PUMP_CARD_FACTS])('its scope computes %s', (fact) => {
    expect(pump.factScope.facts.has(fact)).toBe(true);
  });

  test.each([...PUMP_CARD_NAMES])('its scope computes %s', (name) => {
    expect(scopeCovers(pump.factScope, name)).toBe(true);
    expect(pump.factScope.named.has(name)).toBe(true);
  });

  test('and not what no rule or card of it reads', () => {
    expect(pump.factScope.facts.has('egfr')).toBe(false);
    expect(scopeCovers(pump.factScope, 'medication.metformin')).toBe(false);
  });
});
