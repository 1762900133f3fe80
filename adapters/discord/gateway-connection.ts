import { ChannelType, type Client, Events } from 'discord.js';
import type { Logger } from '../../src/logger.js';
import { inviteUrl } from './gateway-intents.js';
import type { DiscordSettings } from './settings.js';

/** The adapter is on, but there is no live gateway session to send through (login failed or still pending). */
export class DiscordNotConnectedError extends Error {
  override readonly name = 'DiscordNotConnectedError';
  constructor() {
    super('The Discord bot is not connected (see the "discord login failed" log line)');
  }
}

interface LoginFailure {
  /** A wrong token or a refused intent will fail the same way every time: no retry. */
  permanent: boolean;
  reason: string;
}

/** Turns what discord.js throws from `login` into what an operator should do about it. */
export function explainLoginFailure(error: unknown): LoginFailure {
  const { code, message = String(error) } = error as { code?: string; message?: string };
  if (code === 'TokenInvalid' || message === 'Authentication failed') {
    return { permanent: true, reason: 'Discord refused the bot token: copy a new one from the Developer Portal (your application → Bot → Reset Token) into DISCORD_BOT_TOKEN' };
  }
  if (message === 'Used disallowed intents') {
    return {
      permanent: true,
      reason:
        'the Message Content intent is not enabled for this bot (needed for DISCORD_SUPPORT_CHANNEL): Developer Portal → your application → Bot → Privileged Gateway Intents → Message Content Intent',
    };
  }
  if (['Used invalid intents', 'Invalid shard', 'Sharding is required', 'Used an invalid API version'].includes(message)) {
    return { permanent: true, reason: `the Discord gateway refused the connection: ${message}` };
  }
  return { permanent: false, reason: `Discord could not be reached: ${message}` };
}

export interface GatewayOptions {
  settings: DiscordSettings;
  logger: Logger;
  /** Builds a client with the adapter's listeners attached; a new one for each login attempt. */
  createClient: () => Client;
  /** First wait before logging in again after a network failure; doubles up to five minutes. */
  retryDelayMs?: number;
}

/**
 * The bot's gateway session. discord.js keeps a session alive by itself (heartbeats, resume
 * after a dropped connection, re-identify when a resume is refused); this class covers what
 * it does not: a login that fails is logged with what to do, never thrown at the server, and
 * a login that failed for a network reason is tried again later with a fresh client.
 */
export class DiscordGateway {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private loggedInClient = false;
  private readonly loggedIn: Promise<boolean>;
  private settle!: (ok: boolean) => void;

  constructor(private readonly options: GatewayOptions) {
    this.loggedIn = new Promise((resolve) => (this.settle = resolve));
  }

  /**
   * The logged-in client, for sending; throws while there is none. Sending goes over REST,
   * so it works while the gateway is reconnecting.
   */
  get current(): Client {
    if (!this.client || !this.loggedInClient) throw new DiscordNotConnectedError();
    return this.client;
  }

  /** Resolves true once connected, false when login failed for good (or the adapter stopped). */
  ready(): Promise<boolean> {
    return this.loggedIn;
  }

  start(): void {
    void this.login();
  }

  private async login(): Promise<void> {
    if (this.stopped) return;
    const { logger, settings } = this.options;
    this.attempt++;
    const client = this.options.createClient();
    watchLifecycle(client, logger, settings);
    this.client = client;
    try {
      await client.login(settings.token);
      this.loggedInClient = true;
      this.attempt = 0;
      this.settle(true);
    } catch (error) {
      // discord.js has destroyed the client already; a later attempt needs a new one.
      if (this.client === client) this.client = null;
      if (this.stopped) return this.settle(false);
      const failure = explainLoginFailure(error);
      if (failure.permanent) {
        logger.error({ reason: failure.reason }, 'discord login failed: the adapter stays off until the setting is fixed and the server restarted');
        return this.settle(false);
      }
      const delayMs = Math.min(300_000, (this.options.retryDelayMs ?? 5000) * 2 ** (this.attempt - 1));
      logger.error({ reason: failure.reason, retryInMs: delayMs, attempt: this.attempt }, 'discord login failed: trying again later');
      this.retryTimer = setTimeout(() => void this.login(), delayMs);
      this.retryTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.settle(false);
    await this.client?.destroy();
    this.client = null;
  }
}

const closeReasons: Record<number, string> = {
  4004: 'the bot token was refused (DISCORD_BOT_TOKEN)',
  4013: 'invalid intents',
  4014: 'a privileged intent (Message Content) is not enabled in the Developer Portal',
};

/** One log line per lifecycle change, so an operator can see the bot connect, drop and resume. */
function watchLifecycle(client: Client, logger: Logger, settings: DiscordSettings): void {
  client.once(Events.ClientReady, (ready) => {
    logger.info({ bot: ready.user.tag, botId: ready.user.id, servers: ready.guilds.cache.size, invite: inviteUrl(ready.application.id) }, 'discord adapter connected');
    if (!settings.supportChannelId) return;
    const channel = ready.channels.cache.get(settings.supportChannelId);
    if (!channel) {
      logger.warn(
        { supportChannel: settings.supportChannelId, invite: inviteUrl(ready.application.id) },
        'DISCORD_SUPPORT_CHANNEL is not visible to the bot: invite it to that server with the link, and let it view the channel',
      );
    } else if (channel.type !== ChannelType.GuildText) {
      logger.warn(
        { supportChannel: settings.supportChannelId, type: ChannelType[channel.type] },
        'DISCORD_SUPPORT_CHANNEL must be a text channel: customer threads are created in it',
      );
    }
  });
  client.on(Events.ShardReconnecting, (shard) => logger.warn({ shard }, 'discord gateway connection lost: reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'discord gateway session resumed'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.error({ shard, code: event.code, reason: closeReasons[event.code] ?? 'see Discord gateway close codes' }, 'discord gateway closed for good'),
  );
  client.on(Events.ShardError, (error, shard) => logger.warn({ err: error, shard }, 'discord gateway error'));
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord client warning'));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
}
