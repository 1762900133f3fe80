import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Discord: DMs to the bot, and a support channel with a thread per customer. Off without a bot token. */
export const discordSettings = {
  // Three dot-separated base64url parts; a pasted client secret or application id fails here, at start-up.
  DISCORD_BOT_TOKEN: z
    .string()
    .regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'must be the bot token (Developer Portal → Bot → Reset Token), not the client secret or application ID')
    .optional(),
  DISCORD_SUPPORT_CHANNEL: z.string().regex(/^\d{17,20}$/, 'must be a channel ID (Developer Mode → right-click the channel → Copy Channel ID), not a name').optional(),
  DISCORD_PRIVATE_THREADS: bool.default(true),
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
};

export const discordSecretKeys = ['DISCORD_BOT_TOKEN'] as const;
