import type { Config } from '../../src/config/schema.js';
import { ConfigError } from '../../src/config/load-config.js';

export interface DiscordSettings {
  token: string;
  /** Customers who write here get a thread of their own; unset = DMs only. */
  supportChannelId?: string;
  privateThreads: boolean;
  apiUrl: string;
}

/** Null when Discord is not configured (the adapter is off). */
export function discordSettingsOf(config: Config): DiscordSettings | null {
  const token = config.DISCORD_BOT_TOKEN;
  if (!token) {
    if (config.DISCORD_SUPPORT_CHANNEL) throw new ConfigError(['DISCORD_BOT_TOKEN is required when DISCORD_SUPPORT_CHANNEL is set']);
    return null;
  }
  return {
    token,
    privateThreads: config.DISCORD_PRIVATE_THREADS,
    apiUrl: config.DISCORD_API_URL.replace(/\/+$/, ''),
    ...(config.DISCORD_SUPPORT_CHANNEL ? { supportChannelId: config.DISCORD_SUPPORT_CHANNEL } : {}),
  };
}
