import { defineChannel } from '../channel-adapter.js';
import { discordSecretKeys, discordSettings, discordSettingsOf, type DiscordSettings } from './settings.js';

/** Discord: DMs to the bot, and a support channel where each customer gets a thread. */
export const discordChannel = defineChannel<typeof discordSettings, DiscordSettings>({
  name: 'discord',
  settings: discordSettings,
  secretKeys: discordSecretKeys,
  configure(env) {
    const settings = discordSettingsOf(env);
    return settings ? { settings } : { off: 'discord adapter off: DISCORD_BOT_TOKEN is not set' };
  },
  // Loaded only when the channel is on: reading the configuration never pulls in discord.js.
  start: async (ctx) => (await import('./start.js')).startDiscord(ctx),
});
