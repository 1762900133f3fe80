import { GatewayIntentBits, PermissionsBitField } from 'discord.js';
import type { DiscordSettings } from './settings.js';

/**
 * The fewest gateway intents that serve the configuration:
 * - Guilds: discord.js keeps its channel and thread caches from these events (not privileged);
 * - DirectMessages: customers' DMs (their text arrives without Message Content);
 * - GuildMessages + MessageContent, only with a support channel: messages in the channel and
 *   in customer threads. Message Content is privileged: without it Discord sends those
 *   messages with empty text, and unless it is switched on in the Developer Portal (Bot →
 *   Privileged Gateway Intents) the gateway refuses the connection with 4014.
 */
export function intentsFor(settings: Pick<DiscordSettings, 'supportChannelId'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages];
  if (settings.supportChannelId) intents.push(GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent);
  return intents;
}

/** What the bot needs in the support channel; the invite link asks for exactly these. */
export const requiredPermissions = new PermissionsBitField([
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'CreatePrivateThreads',
  'CreatePublicThreads',
  'EmbedLinks',
  'ReadMessageHistory',
]);

export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({ client_id: applicationId, scope: 'bot', permissions: requiredPermissions.bitfield.toString() });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
