import { Events, GatewayIntentBits } from 'discord.js';
import type { Router } from 'express';
import type { Runtime } from '../../src/runtime.js';
import { InFlight } from '../shared/in-flight.js';
import { createDiscordClient } from './client.js';
import { handleCustomerMessage } from './customer-messages.js';
import { DiscordSender } from './discord-sender.js';
import { DiscordGateway } from './gateway-connection.js';
import { intentsFor } from './gateway-intents.js';
import { discordSettingsOf } from './settings.js';
import { SupportThreads } from './support-threads.js';

/**
 * Discord: DMs to the bot, and a support channel where each customer gets a thread. It talks
 * to Discord over the gateway (no inbound HTTP, so no routes) and logs in in the background:
 * a missing or wrong token is a log line, never a server that fails to start.
 */
export function discordChannel(runtime: Runtime): Router[] {
  const logger = runtime.logger.child({ channel: 'discord' });
  const settings = discordSettingsOf(runtime.config);
  if (!settings) {
    logger.info('discord adapter off: DISCORD_BOT_TOKEN is not set');
    return [];
  }
  const inFlight = new InFlight();
  const threads = new SupportThreads(runtime.store, { privateThreads: settings.privateThreads, logger, lockTimeoutMs: runtime.config.TURN_LOCK_TIMEOUT_MS });
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
  const sender = new DiscordSender(gateway, runtime.config.DEFAULT_LANGUAGE);
  const deps = {
    engine: runtime.engine,
    store: runtime.store,
    templates: runtime.templates,
    sender,
    threads,
    logger,
    defaultLanguage: runtime.config.DEFAULT_LANGUAGE,
    ...(settings.supportChannelId ? { supportChannelId: settings.supportChannelId } : {}),
  };
  runtime.channels.register(sender);
  // Close hooks run last-registered first: handlers in flight finish sending before the client goes.
  runtime.onClose(() => gateway.stop());
  runtime.onClose(() => inFlight.settled());
  logger.info(
    { supportChannel: settings.supportChannelId, privateThreads: settings.privateThreads, intents: intentsFor(settings).map((intent) => GatewayIntentBits[intent]) },
    'discord adapter on: logging in to the gateway',
  );
  gateway.start();
  return [];
}
