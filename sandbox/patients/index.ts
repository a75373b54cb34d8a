import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { FixturePatient } from './fixture.js';
import { ORDER_FIXTURES } from './order-scenarios.js';
import { PUMP_FIXTURES } from './pump-patients.js';
import { REAL_WORLD_FIXTURES } from './real-world/real-world-fixtures.js';
import { TRIAL_FIXTURES } from './trial-patients.js';

export type { FixturePatient } from './fixture.js';

/** Every synthetic patient with its expected cards. */
export const ALL_FIXTURES: readonly FixturePatient[] = [
  ...PUMP_FIXTURES,
  ...TRIAL_FIXTURES,
  ...REAL_WORLD_FIXTURES,
  ...ORDER_FIXTURES,
];

/**
 * A FHIR transaction bundle loading one fixture patient: one `PUT <type>/<id>` per resource, so
 * loading twice leaves the same resources with the same ids. The Patient goes first, then
 * stand-alone Medications, so that references resolve in servers that check them in order.
 */
export function fixtureBundle(fixture: FixturePatient, today: Date): Bundle<FhirResource> {
  const rank = (r: FhirResource) => (r.resourceType === 'Patient' ? 0 : r.resourceType === 'Medication' ? 1 : 2);
  const resources = [...fixture.resources(today)].sort((a, b) => rank(a) - rank(b));
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      fullUrl: `${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id ?? ''}` },
    })),
  };
}
