import { addressOf } from '../core/channels.js';
import type { Conversation } from '../domain/types.js';
import type { HandoffContext } from './context.js';

export type Notice = 'staff_joined' | 'resolved' | 'handed_back';

/**
 * Tells the customer, on their own channel, what staff did. The notice is stored in the
 * transcript first (a web widget reads it from there); a failed delivery is returned, not
 * thrown, because the staff action itself has already happened.
 */
export async function tellCustomer(ctx: HandoffContext, conversation: Conversation, text: string, notice: Notice): Promise<Error | null> {
  await ctx.store.messages.append({
    conversationId: conversation.id,
    direction: 'out',
    author: 'bot',
    text,
    language: conversation.language,
    meta: { kind: 'handoff_notice', notice },
  });
  try {
    await ctx.channels.send(addressOf(conversation), { author: 'system', text });
    return null;
  } catch (error) {
    ctx.logger.warn({ err: error, channel: conversation.channel, notice }, 'could not tell the customer about a staff action');
    return error as Error;
  }
}
