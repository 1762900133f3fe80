import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketModeServer } from './fake-slack-socket.js';
import { WebSocketPeer } from './websocket-peer.js';

/** One Web API call as the app made it: method, decoded arguments, and the bearer token. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  /** What the fake answered. */
  response: Record<string, unknown>;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  display_name?: string;
  real_name?: string;
}

export interface FakeSlack {
  /** Put in SLACK_API_URL (ends in /api/). */
  url: string;
  calls: SlackCall[];
  callsTo(method: string, predicate?: (call: SlackCall) => boolean): SlackCall[];
  /** Resolves with the first call (already made or still to come) that matches. */
  waitFor(method: string, predicate?: (call: SlackCall) => boolean): Promise<SlackCall>;
  /** The next call to `method` answers with this Slack error (`{ok: false, error}`). */
  failNext(method: string, error: string): void;
  addUser(user: FakeSlackUser): void;
  /** The Socket Mode endpoint that `apps.connections.open` hands out. */
  socketMode: FakeSocketModeServer;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const jsonFields = new Set(['blocks', 'attachments', 'metadata']);

/** Form fields the Web API client JSON-encodes (blocks, attachments) are decoded back. */
function decodeArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = jsonFields.has(key) ? JSON.parse(value) : value === 'true' ? true : value === 'false' ? false : value;
  }
  return args;
}

/**
 * A Slack Web API stand-in on 127.0.0.1: the real HTTP protocol the `@slack/web-api` client
 * speaks (form-encoded POST per method, bearer token, `{ok, ...}` answers). It records every
 * call so tests can assert what the app posted, updated and reacted.
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const waiters: Array<{ method: string; predicate: (call: SlackCall) => boolean; resolve: (call: SlackCall) => void }> = [];
  const failures = new Map<string, string[]>();
  const users = new Map<string, FakeSlackUser>();
  const socketMode = new FakeSocketModeServer();
  let port = 0;
  let sequence = 0;
  const nextTs = () => `${1_700_000_000 + ++sequence}.${String(sequence).padStart(6, '0')}`;

  const answer = (call: SlackCall): Record<string, unknown> => {
    const failure = failures.get(call.method)?.shift();
    if (failure) return { ok: false, error: failure };
    switch (call.method) {
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=fake` };
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'Demo shop', user: 'aftercare' };
      case 'chat.postMessage':
        return { ok: true, channel: call.args.channel, ts: nextTs(), message: { text: call.args.text } };
      case 'chat.update':
        return { ok: true, channel: call.args.channel, ts: call.args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'reactions.add':
        return { ok: true };
      case 'users.info': {
        const user = users.get(String(call.args.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id: user.id, name: user.name, real_name: user.real_name ?? '', profile: { display_name: user.display_name ?? '', real_name: user.real_name ?? '' } },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const method = req.url?.replace(/^\/api\//, '').split('?')[0] ?? '';
    const body = await readBody(req);
    const auth = req.headers.authorization;
    const call: SlackCall = { method, args: decodeArgs(body, req.headers['content-type']), token: auth?.replace(/^Bearer /, '') ?? null, response: {} };
    call.response = call.token ? answer(call) : { ok: false, error: 'not_authed' };
    calls.push(call);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.response));
    for (const waiter of [...waiters]) {
      if (waiter.method === method && waiter.predicate(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  });
  server.on('upgrade', (req, socket, head) => WebSocketPeer.accept(req, socket, head, (peer) => socketMode.accept(peer)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;

  const callsTo = (method: string, predicate: (call: SlackCall) => boolean = () => true) => calls.filter((call) => call.method === method && predicate(call));
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo,
    waitFor(method, predicate = () => true) {
      const done = callsTo(method, predicate)[0];
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiters.push({ method, predicate, resolve }));
    },
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    addUser(user) {
      users.set(user.id, user);
    },
    socketMode,
    async close() {
      socketMode.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
