import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running latency proxy: `url` is the target's base URL as seen through the proxy. */
export interface LatencyProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts an HTTP proxy on loopback that forwards every request to `target`'s origin and
 * holds each answer until `latencyMs` have passed since the request arrived, as a remote
 * EHR's FHIR server would. The Host header is kept, so links the target builds point back
 * through the proxy. Used by the FHIR-path benchmark and the fallback tests.
 */
export async function startLatencyProxy(target: string, latencyMs: number): Promise<LatencyProxy> {
  const upstream = new URL(target);
  if (upstream.protocol !== 'http:') throw new Error('the latency proxy forwards to http targets only');
  const agent = new Agent({ keepAlive: true });

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const arrived = performance.now();
    const forward = request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port || 80,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const wait = Math.max(0, latencyMs - (performance.now() - arrived));
          setTimeout(() => {
            const headers = { ...answer.headers };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': Buffer.concat(chunks).length });
            res.end(Buffer.concat(chunks));
          }, wait);
        });
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
    });
    req.pipe(forward);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const path = upstream.pathname.replace(/\/+$/, '');
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
