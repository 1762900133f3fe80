import { Client, Partials } from 'discord.js';
import { intentsFor } from './gateway-intents.js';
import type { DiscordSettings } from './settings.js';

/**
 * A discord.js client with the fewest intents the settings need. `Partials.Channel` lets DMs
 * through: a DM channel is not cached until its first message, which would otherwise be
 * dropped. Nothing the bot sends pings anyone unless a message names who may be pinged.
 */
export function createDiscordClient(settings: DiscordSettings): Client {
  return new Client({
    intents: intentsFor(settings),
    partials: [Partials.Channel],
    rest: { api: settings.apiUrl },
    allowedMentions: { parse: [] },
  });
}
