import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived, for signature checks. */
  raw: string;
  json: Record<string, unknown>;
  status: number;
}

/**
 * A shop's callback endpoint on 127.0.0.1: records every request and answers with the
 * statuses queued by the test (200 once the queue is empty).
 */
export async function startCallbackReceiver() {
  const received: ReceivedCallback[] = [];
  const answers: Array<{ status: number; headers?: Record<string, string> }> = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const conditions: Array<{ holds: (received: readonly ReceivedCallback[]) => boolean; resolve: () => void }> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const answer = answers.shift() ?? { status: 200 };
    received.push({ headers: req.headers, raw, json: JSON.parse(raw) as Record<string, unknown>, status: answer.status });
    res.writeHead(answer.status, answer.headers).end(answer.status < 300 ? 'ok' : 'not now');
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    for (const condition of [...conditions]) {
      if (condition.holds(received)) {
        conditions.splice(conditions.indexOf(condition), 1);
        condition.resolve();
      }
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/aftercare/callback`,
    received,
    /** The next requests are answered with these statuses, in order. */
    answerWith(...queued: Array<{ status: number; headers?: Record<string, string> }>) {
      answers.push(...queued);
    },
    waitFor(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    /** Resolves once what was received satisfies `holds` (checked on every request); rejects after `timeoutMs`. */
    waitUntil(what: string, holds: (received: readonly ReceivedCallback[]) => boolean, timeoutMs = 30_000): Promise<void> {
      if (holds(received)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          conditions.splice(
            conditions.findIndex((c) => c.resolve === done),
            1,
          );
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        conditions.push({ holds, resolve: done });
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
