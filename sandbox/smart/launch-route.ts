import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { CompartmentRepository } from '../fhir/compartment-repository.js';
import { sendRefusal } from './fhir-outcome.js';
import type { LaunchContexts } from './launch-contexts.js';

/** Where the community CDS Hooks Sandbox asks its FHIR server for a launch id. */
export const LAUNCH_PATH = '/_services/smart/Launch';

const LAUNCH_REQUEST = z.object({
  launchUrl: z.url({ protocol: /^https?$/ }),
  parameters: z.object({
    patient: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id'),
    appContext: z.string().max(16_384).optional(),
    smart_messaging_origin: z.string().max(2048).optional(),
  }),
});

/**
 * `POST <fhir base>/_services/smart/Launch` with `{launchUrl, parameters: {patient,
 * appContext?, smart_messaging_origin?}}` answers `{launch_id}`: what the CDS Hooks Sandbox
 * calls before it opens `<launchUrl>?launch=<launch_id>&iss=<fhir base>` for a card's SMART
 * link. The patient must be in the store. Open, like the rest of the sandbox EHR's user side.
 */
export function launchHandler(launches: LaunchContexts, store: CompartmentRepository): RequestHandler {
  return (req, res) => {
    const parsed = LAUNCH_REQUEST.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      return sendRefusal(res, {
        status: 400,
        issue: 'invalid',
        code: 'invalid-launch',
        diagnostics: `${field}: ${issue.message}`,
        expression: field,
      });
    }
    const { launchUrl, parameters } = parsed.data;
    if (!store.has('Patient', parameters.patient)) {
      return sendRefusal(res, {
        status: 400,
        issue: 'not-found',
        code: 'unknown-patient',
        diagnostics: `parameters.patient: there is no Patient/${parameters.patient} in the sandbox`,
        expression: 'parameters.patient',
      });
    }
    const launchId = launches.start({
      launchUrl,
      patient: parameters.patient,
      ...(parameters.appContext !== undefined ? { appContext: parameters.appContext } : {}),
      ...(parameters.smart_messaging_origin !== undefined
        ? { smartMessagingOrigin: parameters.smart_messaging_origin }
        : {}),
    });
    res.set('Cache-Control', 'no-store').json({ launch_id: launchId });
  };
}
