import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake model does with one request: answer, fail with a status, or be slow. */
export interface FakeReply {
  content?: string;
  status?: number;
  /** Server-side delay before answering, as a slow model would take. */
  delayMs?: number;
  /** Streaming: the deltas to send, as given (default: the content split into words). */
  chunks?: string[];
  /** Streaming: wait before each chunk after the first, as a model writing slowly. */
  chunkDelayMs?: number;
  /** Streaming: drop the connection after this many chunks, as a crashing server would. */
  failAfterChunks?: number;
  /** Streaming: before dropping the connection, wait for this (e.g. the client showed the first chunk). */
  failWhen?: Promise<void>;
  /** Streaming: after `afterChunks` chunks, wait for `until` before sending more (a model pausing mid-answer). */
  pauses?: Array<{ afterChunks: number; until: Promise<void> }>;
  /** Why the model stopped (default `stop`); `length` is a reply cut at `max_tokens`. */
  finishReason?: 'stop' | 'length';
}

export interface RecordedRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream: boolean;
  body: Record<string, unknown>;
  /** Resolves true if the client hung up before the answer was complete (it gave up waiting). */
  abandoned: Promise<boolean>;
}

export interface FakeOpenAiServer {
  /** Base URL to put in OPENAI_BASE_URL (ends in /v1). */
  url: string;
  requests: RecordedRequest[];
  setHandler(handler: (request: RecordedRequest) => FakeReply | Promise<FakeReply>): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1 for tests: the real HTTP
 * protocol the `openai` SDK speaks, including SSE streaming and error bodies.
 */
export async function startFakeOpenAi(initial: (request: RecordedRequest) => FakeReply | Promise<FakeReply> = () => ({ content: 'ok' })): Promise<FakeOpenAiServer> {
  let handler = initial;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = await readJson(req);
    let completed = false;
    const request: RecordedRequest = {
      model: String(body.model),
      messages: body.messages as RecordedRequest['messages'],
      stream: body.stream === true,
      body,
      abandoned: new Promise<boolean>((resolve) => res.once('close', () => resolve(!completed))),
    };
    requests.push(request);
    const reply = await handler(request);
    const wait = (ms: number) =>
      new Promise<void>((resolve) => {
        const closed = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          timers.delete(timer);
          res.off('close', closed);
          resolve();
        }, ms);
        timers.add(timer);
        res.once('close', closed);
      });
    if (reply.delayMs) {
      await wait(reply.delayMs);
      if (res.destroyed) return;
    }
    res.once('finish', () => (completed = true));
    if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake failure ${reply.status}`, type: 'server_error' } }));
      return;
    }
    const content = reply.content ?? '';
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (request.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      const pieces = reply.chunks ?? content.match(/\S+\s*|\s+/g) ?? [];
      for (const [index, piece] of pieces.entries()) {
        if (reply.failAfterChunks !== undefined && index >= reply.failAfterChunks) {
          await reply.failWhen;
          res.destroy();
          return;
        }
        for (const pause of reply.pauses ?? []) {
          if (pause.afterChunks !== index) continue;
          await pause.until;
          if (res.destroyed) return;
        }
        if (index > 0 && reply.chunkDelayMs) {
          await wait(reply.chunkDelayMs);
          if (res.destroyed) return;
        }
        const chunk = { id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
        // Each chunk is on the wire before the next step, so a later failure cannot swallow it.
        await new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(chunk)}\n\n`, () => resolve()));
      }
      const last = { id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta: {}, finish_reason: reply.finishReason ?? 'stop' }] };
      res.write(`data: ${JSON.stringify(last)}\n\ndata: [DONE]\n\n`);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: reply.finishReason ?? 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setHandler(next) {
      handler = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
