import { z } from 'zod';
import { bool } from '../../src/config/settings-helpers.js';
import { ConfigError } from '../../src/config/errors.js';
import type { SettingsOf } from '../channel-adapter.js';

/** Discord: DMs to the bot, and a support channel with a thread per customer. Off without a bot token. */
export const discordSettings = {
  // Three dot-separated base64url parts; a pasted client secret or application id fails here, at start-up.
  DISCORD_BOT_TOKEN: z
    .string()
    .regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'must be the bot token (Developer Portal → Bot → Reset Token), not the client secret or application ID')
    .optional(),
  DISCORD_SUPPORT_CHANNEL: z
    .string()
    .regex(/^\d{17,20}$/, 'must be a channel ID (Developer Mode → right-click the channel → Copy Channel ID), not a name')
    .optional(),
  DISCORD_PRIVATE_THREADS: bool.default(true),
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
};

export const discordSecretKeys = ['DISCORD_BOT_TOKEN'] as const;

export type DiscordEnv = SettingsOf<typeof discordSettings>;

export interface DiscordSettings {
  token: string;
  /** Customers who write here get a thread of their own; unset = DMs only. */
  supportChannelId?: string;
  privateThreads: boolean;
  apiUrl: string;
}

/** Null when Discord is not configured (the adapter is off). */
export function discordSettingsOf(config: DiscordEnv): DiscordSettings | null {
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
