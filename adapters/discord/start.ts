import { Events, GatewayIntentBits } from 'discord.js';
import type { ChannelContext, StartedChannel } from '../channel-adapter.js';
import { InFlight } from '../shared/in-flight.js';
import { createDiscordClient } from './client.js';
import { handleCustomerMessage } from './customer-messages.js';
import { DiscordSender } from './discord-sender.js';
import { DiscordGateway } from './gateway-connection.js';
import { intentsFor } from './gateway-intents.js';
import type { DiscordSettings } from './settings.js';
import { SupportThreads } from './support-threads.js';

/**
 * Talks to Discord over the gateway (no inbound HTTP, so no routes) and logs in in the
 * background: a wrong token is a log line, never a server that fails to start.
 */
export function startDiscord(ctx: ChannelContext<DiscordSettings>): StartedChannel {
  const { settings, logger } = ctx;
  const inFlight = new InFlight();
  const threads = new SupportThreads(ctx.store, { privateThreads: settings.privateThreads, logger, lockTimeoutMs: ctx.app.turnLockTimeoutMs });
  const gateway = new DiscordGateway({
    settings,
    logger,
    createClient: () => {
      const client = createDiscordClient(settings);
      client.on(Events.MessageCreate, (message) => {
        void inFlight.track(
          handleCustomerMessage(deps, message).catch((error: unknown) => logger.error({ err: error, messageId: message.id }, 'discord message could not be handled')),
        );
      });
      return client;
    },
  });
  const sender = new DiscordSender(gateway, ctx.app.defaultLanguage);
  const deps = {
    turns: ctx.turns,
    store: ctx.store,
    templates: ctx.templates,
    sender,
    threads,
    logger,
    defaultLanguage: ctx.app.defaultLanguage,
    ...(settings.supportChannelId ? { supportChannelId: settings.supportChannelId } : {}),
  };
  logger.info(
    { supportChannel: settings.supportChannelId, privateThreads: settings.privateThreads, intents: intentsFor(settings).map((intent) => GatewayIntentBits[intent]) },
    'discord adapter on: logging in to the gateway',
  );
  gateway.start();
  return {
    senders: [sender],
    async stop() {
      // Handlers in flight finish sending before the client goes.
      await inFlight.settled();
      await gateway.stop();
    },
  };
}
