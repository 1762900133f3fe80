import { addressOf } from '../core/channels.js';
import type { Escalation, StaffMember } from '../store/types.js';
import { withConversation, type HandoffContext } from './context.js';
import { takeOverLocked } from './staff-actions.js';

export interface StaffReply {
  /** The thread the staff member wrote in. */
  staffThread: string;
  staff: StaffMember;
  /** Plain text, already converted from the staff surface's markup. */
  text: string;
  /** The staff surface's id for the message: a redelivery of it is not relayed twice. */
  messageId: string;
  now: Date;
}

export type RelayResult =
  | { kind: 'delivered'; escalation: Escalation; tookOver: boolean }
  /** Starts with the internal-note marker: stays among staff. */
  | { kind: 'internal_note' }
  /** The thread is not an escalation's. */
  | { kind: 'not_an_escalation' }
  /** Resolved or handed back: the customer is with the bot again, so nothing was sent. */
  | { kind: 'closed'; escalation: Escalation }
  | { kind: 'duplicate' }
  /** Stored, but the customer's channel refused it; the staff member should know. */
  | { kind: 'failed'; escalation: Escalation; error: string };

/** Lines starting with this stay in the staff thread: "// checking the courier's site". */
export const internalNoteMarker = '//';

export function isInternalNote(text: string): boolean {
  return text.trimStart().startsWith(internalNoteMarker);
}

/**
 * Sends a staff member's thread reply to the customer on whatever channel they wrote from.
 * Replying to an escalation nobody has taken takes it over: the customer hears from the
 * person who answers, and the others see who has it.
 */
export async function relayStaffReply(ctx: HandoffContext, reply: StaffReply): Promise<RelayResult> {
  if (isInternalNote(reply.text)) return { kind: 'internal_note' };
  const found = await ctx.store.escalations.findByStaffThread(reply.staffThread);
  if (!found) return { kind: 'not_an_escalation' };
  return withConversation(ctx, found.conversationId, async () => {
    let escalation = (await ctx.store.escalations.get(found.id))!;
    if (escalation.status === 'resolved' || escalation.status === 'handed_back') return { kind: 'closed', escalation };
    const conversation = (await ctx.store.conversations.get(escalation.conversationId))!;
    const stored = await ctx.store.messages.appendOnce({
      conversationId: conversation.id,
      direction: 'out',
      author: 'staff',
      text: reply.text,
      channelMessageId: reply.messageId,
      language: conversation.language,
      meta: { staffId: reply.staff.id, staffName: reply.staff.name },
      createdAt: reply.now,
    });
    if (!stored) return { kind: 'duplicate' };
    let tookOver = false;
    if (escalation.status === 'open') {
      const result = await takeOverLocked(ctx, escalation.id, reply.staff, reply.now);
      tookOver = result.kind === 'done';
      escalation = result.escalation;
    }
    try {
      await ctx.channels.send(addressOf(conversation), { author: 'staff', authorName: reply.staff.name, text: reply.text });
    } catch (error) {
      const message = (error as Error).message;
      await ctx.store.events.record({ type: 'handoff_relay_failed', conversationId: conversation.id, data: { channel: conversation.channel, error: message } });
      ctx.logger.warn({ err: error, channel: conversation.channel, escalationId: escalation.id }, 'staff reply could not be delivered');
      return { kind: 'failed', escalation, error: message };
    }
    await ctx.store.events.record({ type: 'handoff_relayed', conversationId: conversation.id, data: { channel: conversation.channel } });
    return { kind: 'delivered', escalation, tookOver };
  });
}
