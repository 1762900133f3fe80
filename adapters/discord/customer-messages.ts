import type { Message } from 'discord.js';
import type { ConversationAddress } from '../../src/core/channels.js';
import { isWithStaff } from '../../src/core/turn.js';
import type { Inbound, Language } from '../../src/domain/types.js';
import type { Templates } from '../../src/llm/templates.js';
import type { Logger } from '../../src/logger.js';
import { detectLanguage } from '../../src/text/language.js';
import type { Store } from '../../src/store/types.js';
import { keepTyping } from '../shared/keep-typing.js';
import { discordChannelName, type DiscordReplyContext, type DiscordSender } from './discord-sender.js';
import { threadPointer } from './labels.js';
import { routeMessage, threadKey } from './message-routing.js';
import type { SupportThreads } from './support-threads.js';
import { withFollowUpLines } from '../shared/follow-up-lines.js';
import type { TurnRunner } from '../shared/turn-runner.js';

export interface CustomerMessageDependencies {
  turns: TurnRunner;
  store: Store;
  templates: Templates;
  sender: DiscordSender;
  threads: SupportThreads;
  logger: Logger;
  defaultLanguage: Language;
  supportChannelId?: string;
}

/**
 * Discord's indicator lasts ten seconds. It costs a REST call out of the bot's 50 a second, so a
 * quick answer goes without one.
 */
const typingRhythm = { firstAfterMs: 300, everyMs: 8000 };
const maxText = 20_000;

function textOf(message: Message): string {
  const botId = message.client.user.id;
  return message.content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), '')
    .trim()
    .slice(0, maxText);
}

function mediaOf(message: Message): string[] {
  const files = [...message.attachments.values()].map((a) => `[${a.contentType?.split('/')[0] === 'image' ? 'image' : 'file'}] ${a.url}`);
  const stickers = [...message.stickers.values()].map((s) => `[sticker] ${s.name}`);
  return [...files, ...stickers];
}

interface Place {
  /** Where the conversation continues: the DM, or the customer's thread. */
  channel: { id: string; sendTyping(): Promise<void> };
  conversationKey: string;
  /** A thread was opened for this message: the answer mentions the customer so they notice. */
  opened: boolean;
}

/**
 * One customer message: where it belongs (a DM, or the customer's thread under the support
 * channel — opened on their first message there), a turn of the core while "typing…" shows,
 * and the answer in the same place, split into Discord-sized messages. Every process on the
 * gateway receives the message; the core's inbox (and, for a new thread or a note about a
 * picture, a claim in the store) makes exactly one of them answer.
 */
export async function handleCustomerMessage(deps: CustomerMessageDependencies, message: Message): Promise<void> {
  const route = await routeMessage(message, deps.supportChannelId, deps.store);
  if (!route) return;
  const text = textOf(message);
  const media = mediaOf(message);
  if (!text && media.length === 0) return;
  const language = detectLanguage(text, deps.defaultLanguage).language;
  const place =
    route.kind === 'support-channel'
      ? await supportThreadFor(deps, message as Message<true>, language)
      : { channel: message.channel as Place['channel'], conversationKey: route.conversationKey, opened: false };
  if (!place) return;

  const replyContext: DiscordReplyContext = { channelId: place.channel.id, ...(message.guildId ? { guildId: message.guildId } : {}) };
  const address: ConversationAddress = { channel: discordChannelName, conversationKey: place.conversationKey, userId: message.author.id, replyContext: { ...replyContext } };
  let said = text;
  if (!said) {
    const conversation = await deps.store.conversations.findByKey(discordChannelName, place.conversationKey);
    if (!conversation || !isWithStaff(conversation.state)) {
      // Claimed, so that of the processes receiving the picture only one says so.
      if (!(await deps.store.deliveries.open(discordChannelName, `media-note:${message.id}`)).created) return;
      await deps.sender.send(address, { author: 'system', text: deps.templates.render('replies/media-not-supported', conversation?.language ?? deps.defaultLanguage, {}) });
      return;
    }
    // Staff read everything the customer sends while they have the conversation.
    said = media.join('\n');
  }
  const inbound: Inbound = {
    channel: discordChannelName,
    conversationKey: place.conversationKey,
    userId: message.author.id,
    userName: (message.member?.displayName ?? message.author.displayName).slice(0, 256),
    messageId: message.id,
    text: said,
    timestamp: message.createdAt,
    replyContext: { ...replyContext },
  };
  await answer(deps, inbound, address, place, language);
}

/** Opens or reuses the customer's thread and points them to it; null when another process has the message or the thread cannot be opened. */
async function supportThreadFor(deps: CustomerMessageDependencies, message: Message<true>, language: Language): Promise<Place | null> {
  const { logger } = deps;
  let claimed;
  try {
    claimed = await deps.threads.claim(message);
  } catch (error) {
    logger.error(
      { err: error, supportChannel: message.channelId },
      'discord support thread could not be opened: the bot needs View Channel, Send Messages, Create Private Threads (or Create Public Threads) and Send Messages in Threads in the support channel',
    );
    await message
      .reply({ content: deps.turns.apology(language).text, allowedMentions: { parse: [], repliedUser: false } })
      .catch((replyError: unknown) => logger.warn({ err: replyError }, 'discord customer could not be told about the failure either'));
    return null;
  }
  if (!claimed) {
    logger.debug({ messageId: message.id }, 'discord support message already taken by another worker');
    return null;
  }
  const pointer = claimed.opened ? threadPointer[language].opened : threadPointer[language].continued;
  await message.reply({ content: pointer(`<#${claimed.thread.id}>`), allowedMentions: { parse: [], repliedUser: false } });
  return { channel: claimed.thread, conversationKey: threadKey(claimed.thread.id), opened: claimed.opened };
}

/** The turn, with "typing…" while it runs, and its answer (or an apology when it failed). */
async function answer(deps: CustomerMessageDependencies, inbound: Inbound, address: ConversationAddress, place: Place, language: Language): Promise<void> {
  const { logger } = deps;
  const typing = keepTyping(
    () => place.channel.sendTyping(),
    typingRhythm,
    (error) => logger.warn({ err: error }, 'discord typing indicator could not be sent'),
  );
  const result = await deps.turns.run(inbound, { fallbackLanguage: language });
  await typing.stop();
  // A failed turn stays in the engine's inbox for `aftercare inbox retry`; the customer should not wait in silence.
  if (result.kind === 'failed') await deps.sender.send(address, result.apology);
  if (result.kind !== 'answered' || !result.reply) return;
  const reply = { text: withFollowUpLines(result.reply.text, result.reply.followUps), citations: result.reply.citations ?? [] };
  await deps.sender.send(address, { author: 'bot', ...reply }, place.opened ? { mention: inbound.userId } : {});
}
