import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelTypes, discordUser, dmChannel, guildCreate, guildTextChannel, messagePayload, snowflake, threadChannel, type DiscordUser } from './discord-payloads.js';
import { FakeDiscordGateway } from './fake-discord-gateway.js';
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
 * Discord on 127.0.0.1, both halves of what a bot talks to: the REST API (v10) that
 * discord.js's REST layer calls — gateway discovery, messages, typing, threads and thread
 * members, channel lookups — recorded for assertions; and the gateway (`FakeDiscordGateway`)
 * over a WebSocket on the same port, through which the tests' messages arrive.
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

  const gateway = new FakeDiscordGateway({
    token,
    bot,
    applicationId,
    guildId,
    guildCreate: () => guildCreate({ id: guildId, name: 'Demo shop', channels: [supportChannel, otherChannel], bot, ownerId: owner.id }),
    resumeUrl: () => `ws://127.0.0.1:${new URL(url).port}/gateway`,
    allowMessageContent: options.allowMessageContent ?? true,
    changed: () => notify(),
  });
  const dispatchMessage = (message: ReturnType<typeof messagePayload>) => gateway.dispatchMessage(message);
  const dispatchToGuildSessions = (t: string, d: unknown) => gateway.dispatchGuildEvent(t, d);

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
      const thread = threadChannel({
        guildId: parent.guild_id,
        parentId: match[1]!,
        ownerId: bot.id,
        name: String(body?.name),
        type: Number(body?.type ?? ChannelTypes.PrivateThread),
        invitable: Boolean(body?.invitable),
      });
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

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    if (path.startsWith('/api/v10/')) return void rest(req, res, path.slice('/api/v10'.length));
    json(res, 404, { message: '404: Not Found', code: 0 });
  });
  server.on('upgrade', (req, socket, head) => WebSocketPeer.accept(req, socket, head, (peer) => gateway.accept(peer)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

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
    identifies: gateway.identifies,
    resumes: gateway.resumes,
    threadMembers,
    channels,
    sentTo: (channelId: string) => sent.filter((message) => message.channelId === channelId),
    /** Resolves once `check` holds (now or after a later call or message). */
    until,
    /** The bot's sessions with an open connection. */
    liveSessions: () => gateway.live(),
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
      gateway.dropAll();
    },
    async close() {
      gateway.dropAll();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
export { discordUser };
