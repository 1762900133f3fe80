/**
 * The shop's side of the generic webhook, in its own process so that counting replies does
 * not share the load generator's event loop: receives the signed callbacks, counts replies
 * per message, and reports on `GET /stats` (and `POST /responded` for replies that came back
 * in the webhook's own response). Prints its base URL on the first line of stdout.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const replies = new Map<string, number>();
let total = 0;
const count = (messageId: string) => {
  total++;
  replies.set(messageId, (replies.get(messageId) ?? 0) + 1);
};

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ distinct: replies.size, total }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { inReplyTo?: string; messageIds?: string[] };
    if (req.url === '/responded') for (const id of body.messageIds ?? []) count(id);
    else if (body.inReplyTo) count(body.inReplyTo);
    res.writeHead(200).end('ok');
  });
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
