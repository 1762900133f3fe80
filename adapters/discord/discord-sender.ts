import type { ChannelSender, ConversationAddress, OutboundMessage } from '../../src/core/channels.js';
import type { Language } from '../../src/domain/types.js';
import type { DiscordGateway } from './gateway-connection.js';
import { discordMessagesFor } from './outbound-messages.js';

export const discordChannelName = 'discord';

/** Where a Discord customer's conversation lives: their DM channel, or their thread under the support channel. */
export interface DiscordReplyContext {
  channelId: string;
  guildId?: string;
}

export class MissingDiscordChannelError extends Error {
  override readonly name = 'MissingDiscordChannelError';
  constructor(conversationKey: string) {
    super(`No Discord channel is stored for conversation "${conversationKey}"`);
  }
}

export function replyContextOf(to: ConversationAddress): DiscordReplyContext {
  const context = to.replyContext as Partial<DiscordReplyContext> | null;
  if (context?.channelId) return { channelId: context.channelId, ...(context.guildId ? { guildId: context.guildId } : {}) };
  // The key itself names the channel ("dm:<id>", "thread:<id>").
  const [, channelId] = to.conversationKey.split(':');
  if (!channelId) throw new MissingDiscordChannelError(to.conversationKey);
  return { channelId };
}

/**
 * Writes into a Discord customer's DM or thread through discord.js's REST layer: bot
 * answers, staff replies and notices, each split into Discord-sized messages in order.
 */
export class DiscordSender implements ChannelSender {
  readonly channel = discordChannelName;

  constructor(
    private readonly gateway: DiscordGateway,
    private readonly defaultLanguage: Language,
  ) {}

  async send(to: ConversationAddress, message: OutboundMessage, options: { mention?: string } = {}): Promise<void> {
    const { channelId } = replyContextOf(to);
    const channel = await this.gateway.current.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new MissingDiscordChannelError(to.conversationKey);
    for (const part of discordMessagesFor(message, { defaultLanguage: this.defaultLanguage, ...options })) await channel.send(part);
  }
}
