import { badRequest, created, getResourceTypes, isOk, normalizeOperationOutcome } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import {
  createResourceImpl,
  FhirRouter,
  updateResourceImpl,
  type FhirRouteHandler,
  type HttpMethod,
} from '@medplum/fhir-router';
import type { CompartmentRepository } from './compartment-repository.js';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

let resourceTypes: ReadonlySet<string> | undefined;

/** True for a FHIR R4 resource type the store knows. */
export function isKnownResourceType(type: string): boolean {
  resourceTypes ??= new Set(getResourceTypes());
  return resourceTypes.has(type);
}

function replaceHandler(router: FhirRouter, method: HttpMethod, path: string, handler: FhirRouteHandler): void {
  const segments = path.split('/');
  const route = router.router.routes.find(
    (r) =>
      r.method === method && r.path.map((s) => (s.param ? `:${s.value}` : s.value)).join('/') === segments.join('/'),
  );
  if (!route) throw new Error(`medplum route ${method} ${path} not found`);
  route.handler = handler;
}

/**
 * medplum's FhirRouter with HAPI-like write semantics:
 * - `PUT Type/id` answers 201 when it creates the resource and 200 otherwise, and refuses
 *   ids that are not FHIR ids (https://hl7.org/fhir/R4/http.html#upsert);
 * - `POST Type` ignores an id in the body, as the spec requires (https://hl7.org/fhir/R4/http.html#create);
 * - the GraphQL endpoint is removed.
 */
export function createFhirRouter(store: CompartmentRepository): FhirRouter {
  const router = new FhirRouter();
  const graphql = router.router.routes.findIndex((r) => r.path.some((s) => s.value === '$graphql'));
  if (graphql >= 0) router.router.routes.splice(graphql, 1);

  replaceHandler(router, 'PUT', ':resourceType/:id', async (req, repo) => {
    const { resourceType = '', id = '' } = req.params;
    if (!FHIR_ID.test(id)) return [badRequest(`"${id.slice(0, 80)}" is not a valid FHIR id`)];
    const existed = store.has(resourceType, id);
    const ifMatch = /"([^"]+)"/.exec(String(req.headers?.['if-match'] ?? ''))?.[1];
    const [outcome, resource] = await updateResourceImpl(
      resourceType as Resource['resourceType'],
      id,
      req.body as Resource,
      repo,
      {
        ...(ifMatch ? { ifMatch } : {}),
      },
    );
    if (!resource) return [outcome];
    return [isOk(outcome) && !existed ? created : outcome, resource];
  });

  replaceHandler(router, 'POST', ':resourceType', async (req, repo, _router, options) => {
    const body = { ...(req.body as Resource) };
    // In a batch, medplum assigned the id itself (so that urn:uuid references resolve).
    if (!options?.batch) delete body.id;
    try {
      return await createResourceImpl(req.params.resourceType as Resource['resourceType'], body, repo);
    } catch (err) {
      return [normalizeOperationOutcome(err)];
    }
  });
  return router;
}
