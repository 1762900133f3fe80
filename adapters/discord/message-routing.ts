import { ChannelType, type Message, MessageType } from 'discord.js';
import type { Store } from '../../src/store/types.js';
import { discordChannelName } from './discord-sender.js';

export type DiscordRoute =
  /** A DM to the bot: the DM channel is the conversation. */
  | { kind: 'dm'; conversationKey: string }
  /** A top-level message in the support channel: the customer's thread is opened or reused. */
  | { kind: 'support-channel' }
  /** The customer writing in their own thread. */
  | { kind: 'thread'; conversationKey: string };

export const dmKey = (channelId: string) => `dm:${channelId}`;
export const threadKey = (threadId: string) => `thread:${threadId}`;

/** Replies count as messages; joins, pins, thread-created notices and the like do not. */
const personMessageTypes = new Set([MessageType.Default, MessageType.Reply]);

/**
 * Who wrote this and where it belongs; null for anything the bot should not act on: bots
 * (itself included) and webhooks, system messages, guild channels other than the support
 * channel, and threads that are not a customer's — or are, but someone else wrote in them
 * (staff or moderators may talk there; the conversation is the customer's).
 */
export async function routeMessage(message: Message, supportChannelId: string | undefined, store: Store): Promise<DiscordRoute | null> {
  if (message.author.bot || message.system || message.webhookId || !personMessageTypes.has(message.type)) return null;
  if (!message.inGuild()) return message.channel.type === ChannelType.DM ? { kind: 'dm', conversationKey: dmKey(message.channelId) } : null;
  if (!supportChannelId) return null;
  if (message.channelId === supportChannelId) return { kind: 'support-channel' };
  const channel = message.channel;
  // A thread discord.js has not cached (after a restart) does not know its parent yet: the store decides.
  if (!channel.isThread() || (channel.parentId && channel.parentId !== supportChannelId)) return null;
  const conversation = await store.conversations.findByKey(discordChannelName, threadKey(message.channelId));
  if (!conversation || conversation.userId !== message.author.id) return null;
  return { kind: 'thread', conversationKey: conversation.conversationKey };
}
