import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from './bulk-http.js';
import { fixedToken } from './token-source.js';

// A real server and Node's own fetch: the socket a server drops without answering must fail the
// way the retry expects (undici's UND_ERR_SOCKET), or the retry would never run in practice.
let server: Server;
let base: string;
let requests = 0;
let dropFirst = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    if (requests <= dropFirst) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const http = { fetch, tokens: fixedToken('t'), requestTimeoutMs: 5000 };

test('a poll whose connection the server drops without answering is sent again and succeeds', async () => {
  requests = 0;
  dropFirst = 1;
  const res = await send(http, `${base}/fhir/$export-poll-status/1`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
  expect(requests).toBe(2);
});

test('a server that drops every connection leaves the request unreachable after two tries', async () => {
  requests = 0;
  dropFirst = 10;
  await expect(send(http, `${base}/fhir/$export-poll-status/1`)).rejects.toMatchObject({ kind: 'unreachable' });
  expect(requests).toBe(2);
});
