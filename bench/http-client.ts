import { Agent, request } from 'node:http';

/** An answer read in full. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** A keep-alive HTTP/1.1 client with a fixed number of sockets, as an EHR's connection pool. */
export class KeepAliveClient {
  private readonly agent: Agent;

  constructor(sockets = 1) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** Sends one request and reads the whole answer. */
  send(
    method: string,
    url: string,
    body?: string | Buffer,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...(body !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** POSTs a JSON body (already serialised). */
  postJson(url: string, body: string, headers: Readonly<Record<string, string>> = {}): Promise<HttpAnswer> {
    return this.send('POST', url, body, headers);
  }

  close(): void {
    this.agent.destroy();
  }
}
