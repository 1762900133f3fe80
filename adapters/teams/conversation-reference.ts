import { createHash } from 'node:crypto';
import type { Activity, ConversationReference } from 'botbuilder';
import type { ConversationAddress } from '../../src/core/channels.js';

export const teamsChannelName = 'teams';

/**
 * What a proactive message needs to reach a Teams conversation again: the Bot Connector
 * endpoint of the customer's region, the conversation (a personal chat, or a channel thread
 * whose id ends in `;messageid=<root>`), the tenant, and the bot's own account. Stored as
 * the conversation's reply context with every customer message, so the latest one wins.
 */
export interface TeamsReplyContext {
  serviceUrl: string;
  channelId: string;
  conversationId: string;
  conversationType?: string;
  tenantId?: string;
  botId: string;
  botName?: string;
  locale?: string;
}

export class MissingConversationReferenceError extends Error {
  override readonly name = 'MissingConversationReferenceError';
  constructor(conversationKey: string) {
    super(`No Teams conversation reference is stored for conversation "${conversationKey}"`);
  }
}

export function replyContextOf(activity: Partial<Activity>): TeamsReplyContext {
  const conversation = activity.conversation!;
  const tenantId = conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return {
    serviceUrl: activity.serviceUrl!,
    channelId: activity.channelId!,
    conversationId: conversation.id,
    ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
    ...(tenantId ? { tenantId } : {}),
    botId: activity.recipient!.id,
    ...(activity.recipient!.name ? { botName: activity.recipient!.name } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

export function storedReplyContext(to: ConversationAddress): TeamsReplyContext {
  const context = to.replyContext as Partial<TeamsReplyContext> | null;
  if (!context?.serviceUrl || !context.conversationId || !context.botId || !context.channelId) {
    throw new MissingConversationReferenceError(to.conversationKey);
  }
  return context as TeamsReplyContext;
}

/** A reference for `continueConversationAsync`: without an activity id, so the message is new, not a reply to an old one. */
export function conversationReferenceOf(context: TeamsReplyContext, userId: string): ConversationReference {
  return {
    channelId: context.channelId,
    serviceUrl: context.serviceUrl,
    conversation: {
      id: context.conversationId,
      isGroup: context.conversationType !== undefined && context.conversationType !== 'personal',
      conversationType: context.conversationType ?? 'personal',
      name: '',
      ...(context.tenantId ? { tenantId: context.tenantId } : {}),
    },
    bot: { id: context.botId, name: context.botName ?? '' },
    user: { id: userId, name: '' },
    ...(context.locale ? { locale: context.locale } : {}),
  };
}

const maxKeyLength = 256;
const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 43);

/**
 * The core's key for a Teams conversation: the conversation id (a channel thread's includes
 * its root message). Teams ids are usually well under the core's 256 characters; a longer one
 * is replaced by its digest rather than cut, so two threads can never share a key.
 */
export function conversationKeyOf(conversationId: string): string {
  return conversationId.length <= maxKeyLength ? conversationId : `sha256:${digest(conversationId)}`;
}

/** Activity ids are only unique within a conversation, so the dedupe key carries both. */
export function messageIdOf(conversationId: string, activityId: string): string {
  const plain = `${conversationId}|${activityId}`;
  return plain.length <= maxKeyLength ? plain : `sha256:${digest(conversationId)}|${activityId}`.slice(0, maxKeyLength);
}
