import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLatencyProxy } from '../../bench/latency-proxy.js';

/** How the FHIR server misbehaves. */
export type Misbehaviour =
  | { readonly mode: 'refuse' } // nothing listens on the port
  | { readonly mode: 'status500' }
  | { readonly mode: 'unauthorized' } // 401
  | { readonly mode: 'forbidden' } // 403
  | { readonly mode: 'html' } // 200 with an HTML page
  | { readonly mode: 'wrongType' } // a Bundle of Patients whatever was asked
  | { readonly mode: 'hang' } // accepts the connection, never answers
  | { readonly mode: 'drip'; readonly intervalMs: number } // 200, then one byte per interval, never ends
  | { readonly mode: 'endlessNext'; readonly delayMs?: number } // every page links to another page
  | { readonly mode: 'offServerNext'; readonly nextUrl: string } // the next link points elsewhere
  | { readonly mode: 'redirect'; readonly location: string } // 302 elsewhere
  | { readonly mode: 'latency'; readonly ms: number; readonly target: string }; // a real store, slowly

/** A request the server saw. */
export interface SeenRequest {
  readonly url: string;
  readonly authorization?: string;
}

/** A running misbehaving server: its FHIR base URL and what it saw. */
export interface MisbehavingServer {
  readonly baseUrl: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
}

function handler(m: Misbehaviour, base: () => string): (res: ServerResponse) => void {
  let page = 0;
  return (res) => {
    switch (m.mode) {
      case 'status500':
        return json(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] });
      case 'unauthorized':
        return json(res, 401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
      case 'forbidden':
        return json(res, 403, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] });
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<!doctype html><html><body>Login required</body></html>');
      case 'wrongType':
        return json(res, 200, {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [{ resource: { resourceType: 'Patient', id: 'someone' }, search: { mode: 'match' } }],
        });
      case 'hang':
        return; // never answers; close() destroys the socket
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/fhir+json' });
        res.write('{"resourceType":"Bundle","type":"searchset","entry":[');
        const timer = setInterval(() => res.write(' '), m.intervalMs);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'endlessNext':
      case 'offServerNext': {
        page++;
        const next = m.mode === 'endlessNext' ? `${base()}/Observation?page=${page + 1}` : m.nextUrl;
        const bundle = {
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: next }],
          entry: [],
        };
        const delay = m.mode === 'endlessNext' ? (m.delayMs ?? 0) : 0;
        if (delay === 0) return json(res, 200, bundle);
        const timer = setTimeout(() => json(res, 200, bundle), delay);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'redirect':
        res.writeHead(302, { location: m.location });
        return void res.end();
      default:
        return json(res, 500, {});
    }
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Starts a small FHIR server on loopback that fails in one chosen way, recording the
 * requests (and their Authorization headers) it receives.
 */
export async function startMisbehavingFhirServer(m: Misbehaviour): Promise<MisbehavingServer> {
  const requests: SeenRequest[] = [];
  if (m.mode === 'latency') {
    const proxy = await startLatencyProxy(m.target, m.ms);
    return { baseUrl: proxy.url, requests, close: () => proxy.close() };
  }
  let baseUrl = '';
  const respond = handler(m, () => baseUrl);
  const server = createServer((req, res) => {
    requests.push({
      url: req.url ?? '',
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    respond(res);
  });
  const port = await listen(server);
  baseUrl = `http://127.0.0.1:${port}/fhir`;
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (m.mode === 'refuse') await close(); // the port is now free: connections are refused
  return { baseUrl, requests, close: m.mode === 'refuse' ? async () => {} : close };
}
