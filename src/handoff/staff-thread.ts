import type { Escalation } from '../store/types.js';
import type { HandoffContext } from './context.js';
import { buildEscalationCard } from './escalation-card.js';

/** A claim older than this is presumed to belong to a process that died while posting. */
export const publishClaimStaleMs = 2 * 60_000;
const mirrorBatch = 50;

const isActive = (escalation: Escalation) => escalation.status === 'open' || escalation.status === 'taken';

/**
 * Posts an escalation to the staff desk once: the store claim keeps a second process (or a
 * retry) from posting it again. Call with the conversation's handoff lock held.
 */
export async function publishLocked(ctx: HandoffContext, escalationId: string, now: Date): Promise<boolean> {
  const desk = ctx.desk;
  if (!desk) return false;
  const current = await ctx.store.escalations.get(escalationId);
  if (!current || current.staffThread || !isActive(current)) return false;
  if (!(await ctx.store.escalations.claimStaffThread(escalationId, ctx.claimant, now, publishClaimStaleMs))) return false;
  try {
    const { card, lastMessageId } = await buildEscalationCard(ctx.store, escalationId, ctx.options.transcriptMessages);
    const staffThread = await desk.publish(card);
    await ctx.store.escalations.setStaffThread(escalationId, staffThread, lastMessageId);
    ctx.logger.info({ escalationId, desk: desk.name, channel: card.customer.channel, reasons: card.reasons.map((r) => r.reason) }, 'escalation posted to staff');
    return true;
  } catch (error) {
    // Let the next sweep try again rather than leave it claimed for minutes.
    await ctx.store.escalations.releaseStaffThreadClaim(escalationId, ctx.claimant);
    throw error;
  }
}

/**
 * Writes what the conversation said since the thread was last brought up to date: the
 * customer's messages and the bot's replies. Staff lines are already in the thread, and
 * notices about staff actions have their own thread notes. Call with the handoff lock held.
 */
export async function mirrorLocked(ctx: HandoffContext, escalationId: string): Promise<void> {
  const escalation = await ctx.store.escalations.get(escalationId);
  const desk = ctx.desk;
  if (!escalation?.staffThread || !desk) return;
  for (;;) {
    const messages = await ctx.store.messages.after(escalation.conversationId, escalation.staffCursor, mirrorBatch);
    if (messages.length === 0) return;
    for (const message of messages) {
      const shown = message.author !== 'staff' && message.meta?.kind !== 'handoff_notice';
      if (shown) {
        const kind = message.author === 'customer' ? 'customer_message' : 'bot_message';
        await desk.note(escalation.staffThread, { kind, text: message.text, at: message.createdAt });
      }
      await ctx.store.escalations.advanceStaffCursor(escalationId, message.id);
      escalation.staffCursor = message.id;
    }
    if (messages.length < mirrorBatch) return;
  }
}

/** Redraws the escalation on the desk from the store. */
export async function refreshCard(ctx: HandoffContext, escalationId: string): Promise<void> {
  const { card, escalation } = await buildEscalationCard(ctx.store, escalationId, ctx.options.transcriptMessages);
  if (escalation.staffThread && ctx.desk) await ctx.desk.update(escalation.staffThread, card);
}
