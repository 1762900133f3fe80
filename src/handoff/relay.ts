import { addressOf } from '../core/channels.js';
import type { Escalation, StaffMember } from '../store/types.js';
import { withConversation, type HandoffContext } from './context.js';
import { EscalationNotFoundError } from './errors.js';
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
  | { kind: 'failed'; escalation: Escalation; error: string }
  /** Console only: a colleague has the conversation; the reply was not sent. */
  | { kind: 'not_yours'; escalation: Escalation };

/** Lines starting with this stay in the staff thread: "// checking the courier's site". */
export const internalNoteMarker = '//';

export function isInternalNote(text: string): boolean {
  return text.trimStart().startsWith(internalNoteMarker);
}

/**
 * Sends a staff member's thread reply to the customer on whatever channel they wrote from.
 * Replying to an escalation nobody has taken takes it over: the customer hears from the
 * person who answers, and the others see who has it. An internal note stays among staff
 * (and is kept with the conversation, so the console shows it too).
 */
export async function relayStaffReply(ctx: HandoffContext, reply: StaffReply): Promise<RelayResult> {
  const found = await ctx.store.escalations.findByStaffThread(reply.staffThread);
  if (isInternalNote(reply.text)) {
    if (found) {
      const text = reply.text.trimStart().slice(internalNoteMarker.length).trim();
      const note = await ctx.store.staffNotes.add({
        conversationId: found.conversationId,
        escalationId: found.id,
        author: reply.staff,
        text,
        sourceId: reply.messageId,
        createdAt: reply.now,
      });
      if (note) await ctx.store.audit.record({ actor: reply.staff, action: 'noted', target: `escalation:${found.id}`, detail: { conversation: found.conversationId } });
    }
    return { kind: 'internal_note' };
  }
  if (!found) return { kind: 'not_an_escalation' };
  return relayToEscalation(ctx, found.id, reply, { from: 'desk' });
}

export type ReplySurface =
  /** The external desk (Slack): the reply is already in its thread. */
  | { from: 'desk' }
  /** The console: only the colleague who has the conversation may write to the customer. */
  | { from: 'console' };

/** Call without the handoff lock: it takes it. */
export async function relayToEscalation(ctx: HandoffContext, escalationId: string, reply: Omit<StaffReply, 'staffThread'>, surface: ReplySurface): Promise<RelayResult> {
  const found = await ctx.store.escalations.get(escalationId);
  if (!found) throw new EscalationNotFoundError(escalationId);
  return withConversation(ctx, found.conversationId, async () => {
    let escalation = (await ctx.store.escalations.get(found.id))!;
    if (escalation.status === 'resolved' || escalation.status === 'handed_back') return { kind: 'closed', escalation };
    if (surface.from === 'console' && escalation.status === 'taken' && escalation.assignee !== reply.staff.id) return { kind: 'not_yours', escalation };
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
    // A reply written in the console is shown in the desk's thread too: both views tell one story.
    if (surface.from === 'console' && escalation.staffThread && ctx.desk) {
      await ctx.desk
        .note(escalation.staffThread, { kind: 'staff_reply', by: reply.staff, text: reply.text, at: reply.now })
        .catch((error: unknown) => ctx.logger.warn({ err: error, escalationId }, 'could not show a console reply on the staff desk'));
    }
    try {
      await ctx.channels.send(addressOf(conversation), { author: 'staff', authorName: reply.staff.name, text: reply.text });
    } catch (error) {
      const message = (error as Error).message;
      await ctx.store.events.record({ type: 'handoff_relay_failed', conversationId: conversation.id, data: { channel: conversation.channel, error: message } });
      ctx.logger.warn({ err: error, channel: conversation.channel, escalationId: escalation.id }, 'staff reply could not be delivered');
      await ctx.store.audit.record({
        actor: reply.staff,
        action: 'replied',
        target: `escalation:${escalation.id}`,
        detail: { conversation: conversation.id, delivered: false, via: surface.from },
      });
      return { kind: 'failed', escalation, error: message };
    }
    await ctx.store.events.record({ type: 'handoff_relayed', conversationId: conversation.id, data: { channel: conversation.channel } });
    await ctx.store.audit.record({
      actor: reply.staff,
      action: 'replied',
      target: `escalation:${escalation.id}`,
      detail: { conversation: conversation.id, tookOver, via: surface.from },
    });
    return { kind: 'delivered', escalation, tookOver };
  });
}
