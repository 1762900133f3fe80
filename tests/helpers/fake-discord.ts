import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChannelTypes,
  discordUser,
  dmChannel,
  guildCreate,
  guildTextChannel,
  messagePayload,
  snowflake,
  threadChannel,
  type DiscordUser,
} from './discord-payloads.js';
import { WebSocketPeer } from './websocket-peer.js';

/** One REST call the bot made, decoded. */
export interface RestCall {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
  authorization: string | null;
}

/** A message the bot posted (POST /channels/{id}/messages), with what Discord answered. */
export interface SentMessage {
  channelId: string;
  body: Record<string, unknown>;
  message: ReturnType<typeof messagePayload>;
}

export interface Identify {
  token: string;
  intents: number;
}

interface Session {
  sessionId: string;
  seq: number;
  intents: number;
  peer: WebSocketPeer | null;
  /** Dispatches sent while the connection was down, replayed on RESUME. */
  missed: Array<{ t: string; d: unknown }>;
}

const Intents = { Guilds: 1, GuildMessages: 1 << 9, DirectMessages: 1 << 12, MessageContent: 1 << 15 };

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : null;
}

function json(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Discord on 127.0.0.1, both halves of what a bot talks to:
 * - the REST API (v10) that discord.js's REST layer calls — gateway discovery, messages,
 *   typing, threads and thread members, channel lookups — recorded for assertions;
 * - the gateway WebSocket: HELLO, IDENTIFY (token and intents checked, the privileged
 *   Message Content intent refused with 4014 unless allowed), READY and GUILD_CREATE,
 *   heartbeats, RESUME with replay of what was missed, and dispatches the tests send.
 * Every connected session receives every dispatch, as each process of a bot would.
 */
export async function startFakeDiscord(options: { allowMessageContent?: boolean } = {}) {
  const token = `${Buffer.from(snowflake()).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
  const bot = discordUser('aftercare', { bot: true });
  const applicationId = bot.id;
  const owner = discordUser('shop-owner');
  const guildId = snowflake();
  const supportChannel = guildTextChannel(guildId, 'support');
  const otherChannel = guildTextChannel(guildId, 'general');
  const channels = new Map<string, Record<string, unknown>>([
    [supportChannel.id, supportChannel],
    [otherChannel.id, otherChannel],
  ]);
  const calls: RestCall[] = [];
  const sent: SentMessage[] = [];
  const identifies: Identify[] = [];
  const resumes: string[] = [];
  const sessions: Session[] = [];
  const threadMembers: Array<{ threadId: string; userId: string }> = [];
  const sendFailures: number[] = [];
  let discoveryFailures = 0;
  let refuseThreads = false;
  const waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  let url = '';

  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.check()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const until = (check: () => boolean) => (check() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ check, resolve })));

  const sendTo = (session: Session, t: string, d: unknown) => {
    if (!session.peer?.isOpen) {
      session.missed.push({ t, d });
      return;
    }
    session.peer.sendText(JSON.stringify({ op: 0, t, s: ++session.seq, d }));
  };

  /** What a session with these intents receives of a message (Discord blanks content without Message Content). */
  const messageFor = (session: Session, message: ReturnType<typeof messagePayload>) => {
    const inGuild = 'guild_id' in message;
    const needed = inGuild ? Intents.GuildMessages : Intents.DirectMessages;
    if (!(session.intents & needed)) return null;
    const mentionsBot = message.mentions.some((user) => user.id === bot.id);
    if (inGuild && !(session.intents & Intents.MessageContent) && !mentionsBot && message.author.id !== bot.id) {
      return { ...message, content: '', attachments: [], embeds: [] };
    }
    return message;
  };

  const dispatchMessage = (message: ReturnType<typeof messagePayload>) => {
    for (const session of sessions) {
      const visible = messageFor(session, message);
      if (visible) sendTo(session, 'MESSAGE_CREATE', visible);
    }
  };

  const dispatchToGuildSessions = (t: string, d: unknown) => {
    for (const session of sessions) if (session.intents & Intents.Guilds) sendTo(session, t, d);
  };

  const channelTypeOf = (channelId: string) => Number((channels.get(channelId) as { type?: number } | undefined)?.type ?? ChannelTypes.GuildText);

  const rest = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const body = req.method === 'GET' ? null : await readBody(req);
    const authorization = (req.headers.authorization as string | undefined) ?? null;
    calls.push({ method: req.method ?? '', path, body, authorization });
    notify();
    if (authorization !== `Bot ${token}`) return json(res, 401, { message: '401: Unauthorized', code: 0 });

    if (req.method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      if (discoveryFailures > 0) {
        discoveryFailures--;
        return json(res, 502, { message: 'Bad Gateway', code: 0 });
      }
      return json(res, 200, {
        url: `ws://127.0.0.1:${new URL(url).port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    let match = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (req.method === 'POST' && match) {
      const channelId = match[1]!;
      const channel = channels.get(channelId);
      if (!channel) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      const failure = sendFailures.shift();
      if (failure) return json(res, failure, { message: 'Missing Access', code: 50001 });
      const guildId = (channel as { guild_id?: string }).guild_id;
      const message = messagePayload({
        author: bot,
        channelId,
        content: String(body?.content ?? ''),
        channelType: channelTypeOf(channelId),
        embeds: (body?.embeds as unknown[] | undefined) ?? [],
        ...(guildId ? { guildId } : {}),
      });
      sent.push({ channelId, body: body ?? {}, message });
      json(res, 200, message);
      // The bot receives its own messages over the gateway too.
      dispatchMessage(message);
      return notify();
    }
    match = /^\/channels\/(\d+)\/typing$/.exec(path);
    if (req.method === 'POST' && match) return json(res, 204);
    if (refuseThreads && req.method === 'POST' && /^\/channels\/\d+(\/messages\/\d+)?\/threads$/.test(path)) {
      return json(res, 403, { message: 'Missing Permissions', code: 50013 });
    }
    match = /^\/channels\/(\d+)\/threads$/.exec(path);
    if (req.method === 'POST' && match) {
      const parent = channels.get(match[1]!) as { guild_id: string } | undefined;
      if (!parent) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      const thread = threadChannel({ guildId: parent.guild_id, parentId: match[1]!, ownerId: bot.id, name: String(body?.name), type: Number(body?.type ?? ChannelTypes.PrivateThread), invitable: Boolean(body?.invitable) });
      channels.set(thread.id, thread);
      json(res, 201, thread);
      dispatchToGuildSessions('THREAD_CREATE', { ...thread, newly_created: true });
      return notify();
    }
    match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (req.method === 'POST' && match) {
      const parent = channels.get(match[1]!) as { guild_id: string } | undefined;
      if (!parent) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      // A thread started from a message takes the message's id.
      const thread = threadChannel({ id: match[2]!, guildId: parent.guild_id, parentId: match[1]!, ownerId: bot.id, name: String(body?.name), type: ChannelTypes.PublicThread });
      channels.set(thread.id, thread);
      json(res, 201, thread);
      dispatchToGuildSessions('THREAD_CREATE', { ...thread, newly_created: true });
      return notify();
    }
    match = /^\/channels\/(\d+)\/thread-members\/(\d+)$/.exec(path);
    if (req.method === 'PUT' && match) {
      threadMembers.push({ threadId: match[1]!, userId: match[2]! });
      json(res, 204);
      return notify();
    }
    match = /^\/channels\/(\d+)$/.exec(path);
    if (match) {
      const channel = channels.get(match[1]!);
      if (!channel) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      if (req.method === 'GET') return json(res, 200, channel);
      if (req.method === 'PATCH') {
        const metadata = (channel as { thread_metadata?: Record<string, unknown> }).thread_metadata;
        if (metadata && body) {
          for (const key of ['archived', 'locked'] as const) if (key in body) metadata[key] = body[key];
        }
        json(res, 200, channel);
        dispatchToGuildSessions('THREAD_UPDATE', channel);
        return notify();
      }
    }
    return json(res, 404, { message: `404: Not Found (${req.method} ${path})`, code: 0 });
  };

  const gateway = (peer: WebSocketPeer) => {
    let session: Session | null = null;
    peer.sendText(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    peer.onText((text) => {
      const { op, d } = JSON.parse(text) as { op: number; d: Record<string, unknown> };
      if (op === 1) return peer.sendText(JSON.stringify({ op: 11 }));
      if (op === 2) {
        identifies.push({ token: String(d.token), intents: Number(d.intents) });
        notify();
        if (d.token !== token) return peer.close(4004, 'Authentication failed.');
        if (Number(d.intents) & Intents.MessageContent && !(options.allowMessageContent ?? true)) return peer.close(4014, 'Disallowed intent(s).');
        session = { sessionId: randomUUID().replace(/-/g, ''), seq: 0, intents: Number(d.intents), peer, missed: [] };
        sessions.push(session);
        sendTo(session, 'READY', {
          v: 10,
          user: bot,
          guilds: [{ id: guildId, unavailable: true }],
          session_id: session.sessionId,
          resume_gateway_url: `ws://127.0.0.1:${new URL(url).port}/gateway`,
          shard: [0, 1],
          application: { id: applicationId, flags: 0 },
        });
        if (session.intents & Intents.Guilds) {
          sendTo(session, 'GUILD_CREATE', guildCreate({ id: guildId, name: 'Demo shop', channels: [supportChannel, otherChannel], bot, ownerId: owner.id }));
        }
        return notify();
      }
      if (op === 6) {
        resumes.push(String(d.session_id));
        notify();
        const known = sessions.find((s) => s.sessionId === d.session_id);
        if (!known || d.token !== token) return peer.sendText(JSON.stringify({ op: 9, d: false }));
        session = known;
        known.peer = peer;
        for (const event of known.missed.splice(0)) sendTo(known, event.t, event.d);
        sendTo(known, 'RESUMED', null);
        notify();
      }
    });
    peer.onClose(() => {
      if (session?.peer === peer) session.peer = null;
    });
  };

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    if (path.startsWith('/api/v10/')) return void rest(req, res, path.slice('/api/v10'.length));
    json(res, 404, { message: '404: Not Found', code: 0 });
  });
  server.on('upgrade', (req, socket) => {
    const peer = WebSocketPeer.accept(req, socket);
    if (peer) gateway(peer);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const liveSessions = () => sessions.filter((s) => s.peer?.isOpen);

  return {
    url,
    /** Put in DISCORD_API_URL. */
    apiUrl: `${url}/api`,
    token,
    bot,
    applicationId,
    guildId,
    supportChannelId: supportChannel.id,
    otherChannelId: otherChannel.id,
    calls,
    sent,
    identifies,
    resumes,
    threadMembers,
    channels,
    sentTo: (channelId: string) => sent.filter((message) => message.channelId === channelId),
    /** Resolves once `check` holds (now or after a later call or message). */
    until,
    /** The bot's sessions with an open connection. */
    liveSessions,
    /** A customer's DM to the bot; the DM channel is created on the first one. */
    customerDm(author: DiscordUser, content: string, extra: { id?: string; type?: number; attachments?: unknown[] } = {}) {
      let channel = [...channels.values()].find((c) => c.type === ChannelTypes.DM && (c as ReturnType<typeof dmChannel>).recipients[0]!.id === author.id);
      if (!channel) {
        channel = dmChannel(author);
        channels.set(String(channel.id), channel);
      }
      const message = messagePayload({ author, channelId: String(channel.id), content, channelType: ChannelTypes.DM, ...extra });
      dispatchMessage(message);
      return message;
    },
    /** A member's message in a server channel or thread. */
    guildMessage(author: DiscordUser, channelId: string, content: string, extra: { id?: string; type?: number; mentions?: DiscordUser[]; attachments?: unknown[] } = {}) {
      const message = messagePayload({ author, channelId, content, guildId, channelType: channelTypeOf(channelId), ...extra });
      dispatchMessage(message);
      return message;
    },
    /** A member opens a thread under `parentId` (not the bot): THREAD_CREATE as Discord sends it. */
    memberThread(parentId: string, ownerId: string, name: string) {
      const thread = threadChannel({ guildId, parentId, ownerId, name, type: ChannelTypes.PublicThread });
      channels.set(thread.id, thread);
      dispatchToGuildSessions('THREAD_CREATE', { ...thread, newly_created: true });
      return thread;
    },
    /** Staff change a thread in the Discord client (lock, archive): THREAD_UPDATE follows. */
    updateThread(threadId: string, metadata: { locked?: boolean; archived?: boolean }) {
      const thread = channels.get(threadId) as { thread_metadata: Record<string, unknown> };
      Object.assign(thread.thread_metadata, metadata);
      dispatchToGuildSessions('THREAD_UPDATE', thread);
    },
    /** Delivers an already-dispatched message again (a replay after a resume, another shard). */
    redeliver(message: ReturnType<typeof messagePayload>) {
      dispatchMessage(message);
    },
    /** The next `count` message sends fail with this status (e.g. 403 when the bot lost access). */
    failSends(status: number, count = 1) {
      for (let i = 0; i < count; i++) sendFailures.push(status);
    },
    /** The next `count` gateway discoveries (GET /gateway/bot) fail with 502, as during a Discord incident. */
    failGatewayDiscovery(count: number) {
      discoveryFailures = count;
    },
    /** The bot lacks the permission to create threads (403 Missing Permissions) until told otherwise. */
    refuseThreadCreation(refuse: boolean) {
      refuseThreads = refuse;
    },
    /** Every open gateway connection drops without a close frame, as on a network failure. */
    dropConnections() {
      for (const session of sessions) session.peer?.drop();
    },
    async close() {
      for (const session of sessions) session.peer?.drop();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
export { discordUser };
