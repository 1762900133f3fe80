import { randomUUID } from 'node:crypto';
import type { DiscordUser, messagePayload } from './discord-payloads.js';
import type { WebSocketPeer } from './websocket-peer.js';

export interface Identify {
  token: string;
  intents: number;
}

export interface GatewaySession {
  sessionId: string;
  seq: number;
  intents: number;
  peer: WebSocketPeer | null;
  /** Dispatches sent while the connection was down, replayed on RESUME. */
  missed: Array<{ t: string; d: unknown }>;
}

type MessagePayload = ReturnType<typeof messagePayload>;

export const Intents = { Guilds: 1, GuildMessages: 1 << 9, DirectMessages: 1 << 12, MessageContent: 1 << 15 };

export interface GatewayWorld {
  token: string;
  bot: DiscordUser;
  applicationId: string;
  guildId: string;
  /** GUILD_CREATE for the one server the bot is in. */
  guildCreate(): unknown;
  resumeUrl(): string;
  allowMessageContent: boolean;
  /** Called after every gateway event, so waiters can re-check. */
  changed(): void;
}

/**
 * The server side of Discord's gateway (API v10, JSON, no compression): HELLO, IDENTIFY with
 * the token and intents checked (4004 for a wrong token; 4014 for the privileged Message
 * Content intent unless the bot is allowed it), READY and GUILD_CREATE, heartbeat ACKs,
 * RESUME replaying what the session missed, and dispatches — each to every session whose
 * intents cover it, as Discord sends each event to every connection of a bot.
 */
export class FakeDiscordGateway {
  readonly sessions: GatewaySession[] = [];
  readonly identifies: Identify[] = [];
  readonly resumes: string[] = [];

  constructor(private readonly world: GatewayWorld) {}

  accept(peer: WebSocketPeer): void {
    let session: GatewaySession | null = null;
    peer.sendText(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    peer.onText((text) => {
      const { op, d } = JSON.parse(text) as { op: number; d: Record<string, unknown> };
      if (op === 1) return peer.sendText(JSON.stringify({ op: 11 }));
      if (op === 2) session = this.identify(peer, d) ?? session;
      if (op === 6) session = this.resume(peer, d) ?? session;
      this.world.changed();
    });
    peer.onClose(() => {
      if (session?.peer === peer) session.peer = null;
    });
  }

  private identify(peer: WebSocketPeer, d: Record<string, unknown>): GatewaySession | null {
    const { world } = this;
    const intents = Number(d.intents);
    this.identifies.push({ token: String(d.token), intents });
    if (d.token !== world.token) {
      peer.close(4004, 'Authentication failed.');
      return null;
    }
    if (intents & Intents.MessageContent && !world.allowMessageContent) {
      peer.close(4014, 'Disallowed intent(s).');
      return null;
    }
    const session: GatewaySession = { sessionId: randomUUID().replace(/-/g, ''), seq: 0, intents, peer, missed: [] };
    this.sessions.push(session);
    this.send(session, 'READY', {
      v: 10,
      user: world.bot,
      guilds: [{ id: world.guildId, unavailable: true }],
      session_id: session.sessionId,
      resume_gateway_url: world.resumeUrl(),
      shard: [0, 1],
      application: { id: world.applicationId, flags: 0 },
    });
    if (intents & Intents.Guilds) this.send(session, 'GUILD_CREATE', world.guildCreate());
    return session;
  }

  private resume(peer: WebSocketPeer, d: Record<string, unknown>): GatewaySession | null {
    this.resumes.push(String(d.session_id));
    const known = this.sessions.find((s) => s.sessionId === d.session_id);
    if (!known || d.token !== this.world.token) {
      peer.sendText(JSON.stringify({ op: 9, d: false }));
      return null;
    }
    known.peer = peer;
    for (const event of known.missed.splice(0)) this.send(known, event.t, event.d);
    this.send(known, 'RESUMED', null);
    return known;
  }

  private send(session: GatewaySession, t: string, d: unknown): void {
    if (!session.peer?.isOpen) {
      session.missed.push({ t, d });
      return;
    }
    session.peer.sendText(JSON.stringify({ op: 0, t, s: ++session.seq, d }));
  }

  /** MESSAGE_CREATE as each session may see it: DMs need DirectMessages, server messages GuildMessages, and their text Message Content. */
  dispatchMessage(message: MessagePayload): void {
    const { bot } = this.world;
    for (const session of this.sessions) {
      const inGuild = 'guild_id' in message;
      if (!(session.intents & (inGuild ? Intents.GuildMessages : Intents.DirectMessages))) continue;
      const mentionsBot = message.mentions.some((user) => user.id === bot.id);
      const blank = inGuild && !(session.intents & Intents.MessageContent) && !mentionsBot && message.author.id !== bot.id;
      this.send(session, 'MESSAGE_CREATE', blank ? { ...message, content: '', attachments: [], embeds: [] } : message);
    }
  }

  /** Channel and thread events, which need the Guilds intent. */
  dispatchGuildEvent(t: string, d: unknown): void {
    for (const session of this.sessions) if (session.intents & Intents.Guilds) this.send(session, t, d);
  }

  live(): GatewaySession[] {
    return this.sessions.filter((s) => s.peer?.isOpen);
  }

  /** Every open connection drops without a close frame, as on a network failure. */
  dropAll(): void {
    for (const session of this.sessions) session.peer?.drop();
  }
}
