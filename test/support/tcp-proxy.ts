import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy a test controls, to cut a service (PostgreSQL, Redis) off and bring it back. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every connection and refuses new ones, as a network outage would. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port (nothing to do when it already does). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (an ephemeral port) and forwards each connection to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    if (server) return;
    const s = createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', resolve);
    });
    port = (s.address() as { port: number }).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    cut: stop,
    restore: listen,
    close: stop,
  };
}
