import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy has seen since it started or since the last `resetCounts()`. */
export interface LatencyProxyCounts {
  /** Requests received. */
  readonly requests: number;
  /** The most requests held at one time: as many as were sent together, 1 for a waterfall. */
  readonly peakInFlight: number;
}

/** A running latency proxy: `url` is the target's base URL as seen through the proxy. */
export interface LatencyProxy {
  readonly url: string;
  /**
   * Lets a test check that requests went out together by counting, not by the clock: a
   * wall-clock bound trips on a loaded CI machine, an overlap count does not.
   */
  counts(): LatencyProxyCounts;
  resetCounts(): void;
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
  let requests = 0;
  let inFlight = 0;
  let peakInFlight = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const arrived = performance.now();
    requests += 1;
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      inFlight -= 1;
    };
    res.on('close', settle);
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
            settle();
            res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': Buffer.concat(chunks).length });
            res.end(Buffer.concat(chunks));
          }, wait);
        });
      },
    );
    forward.on('error', () => {
      settle();
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
    counts: () => ({ requests, peakInFlight }),
    resetCounts: () => {
      requests = 0;
      peakInFlight = inFlight;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
