import express from 'express';
import type { AddressInfo } from 'node:net';

/*
 * The baseline of `npm run bench`: a bare Express 5 app that parses a JSON body and sends it
 * back, run in its own process like the service. Whatever the service does beyond this
 * (validation, facts, rules, cards, logging, metrics) is the cost the ratios show.
 */
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json({ limit: process.env.BODY_LIMIT ?? '1mb' }));
app.post('/echo', (req, res) => {
  res.json(req.body);
});
const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'ready', port: (server.address() as AddressInfo).port }));
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
