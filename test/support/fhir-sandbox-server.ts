import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../config/logger.js';
import { cors } from '../../hooks/cors.js';
import { createSandboxFhir, type SandboxFhir } from '../../sandbox/fhir/sandbox-fhir.js';
import { ALL_FIXTURES } from '../../sandbox/patients/index.js';

/** The embedded sandbox FHIR server listening on a loopback port, mounted at /fhir as the app mounts it. */
export interface RunningSandbox extends SandboxFhir {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the sandbox (fixtures, plus generated patients if asked) behind the app's CORS middleware, on port 0. */
export async function startSandboxServer(
  options: { today?: Date; extraPatients?: number; requireToken?: string } = {},
): Promise<RunningSandbox> {
  const sandbox = await createSandboxFhir({
    fixtures: ALL_FIXTURES,
    today: options.today ?? new Date(),
    extraPatients: options.extraPatients ?? 0,
    logger: createLogger('silent'),
    ...(options.requireToken !== undefined ? { requireToken: options.requireToken } : {}),
  });
  const app = express();
  app.use(cors());
  app.use('/fhir', sandbox.router);
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...sandbox,
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
