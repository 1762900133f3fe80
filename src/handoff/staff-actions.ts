import { conversationLockKey } from '../core/engine.js';
import type { Conversation } from '../domain/types.js';
import type { Escalation, StaffMember } from '../store/types.js';
import type { HandoffContext } from './context.js';
import { tellCustomer } from './customer-notices.js';
import { EscalationNotFoundError } from './errors.js';
import { refreshCard } from './staff-thread.js';
import type { ThreadNote } from './staff-desk.js';

export type StaffAction = 'take_over' | 'resolve' | 'hand_back';

export type StaffActionResult =
  | { kind: 'done'; escalation: Escalation }
  /** Someone (maybe the same person) already took it over. */
  | { kind: 'already_taken'; escalation: Escalation }
  /** It was resolved or handed back already. */
  | { kind: 'already_closed'; escalation: Escalation };

async function load(ctx: HandoffContext, escalationId: string): Promise<{ escalation: Escalation; conversation: Conversation }> {
  const escalation = await ctx.store.escalations.get(escalationId);
  const conversation = escalation && (await ctx.store.conversations.get(escalation.conversationId));
  if (!escalation || !conversation) throw new EscalationNotFoundError(escalationId);
  return { escalation, conversation };
}

/**
 * The state change runs under the conversation's turn lock: a turn in flight read the old
 * state and would otherwise write it back over the staff member's change when it commits.
 */
function underTurnLock<T>(ctx: HandoffContext, conversation: Conversation, task: () => Promise<T>): Promise<T> {
  return ctx.store.locks.runExclusive(conversationLockKey(conversation.channel, conversation.conversationKey), task, {
    timeoutMs: ctx.options.lockTimeoutMs,
  });
}

async function refused(ctx: HandoffContext, escalationId: string): Promise<StaffActionResult> {
  const current = (await ctx.store.escalations.get(escalationId))!;
  return current.status === 'taken' ? { kind: 'already_taken', escalation: current } : { kind: 'already_closed', escalation: current };
}

async function afterChange(ctx: HandoffContext, escalation: Escalation, note: ThreadNote, deliveryError: Error | null, channel: string): Promise<void> {
  const thread = escalation.staffThread;
  const desk = ctx.desk;
  if (!thread || !desk) return;
  // The change is committed and the customer told; a desk hiccup (a deleted card, a timeout) must not undo that or hide it.
  const steps: Array<() => Promise<void>> = [
    () => refreshCard(ctx, escalation.id),
    () => desk.note(thread, note),
    ...(deliveryError ? [() => desk.note(thread, { kind: 'customer_unreachable', channel, error: deliveryError.message })] : []),
  ];
  for (const step of steps) {
    await step().catch((error: unknown) => ctx.logger.warn({ err: error, escalationId: escalation.id, note: note.kind }, 'could not update the staff desk'));
  }
}

/** Call with the conversation's handoff lock held. */
export async function takeOverLocked(ctx: HandoffContext, escalationId: string, staff: StaffMember, now: Date): Promise<StaffActionResult> {
  const { conversation } = await load(ctx, escalationId);
  const taken = await underTurnLock(ctx, conversation, () => ctx.store.escalations.take(escalationId, staff, now));
  if (!taken) return refused(ctx, escalationId);
  await ctx.store.events.record({
    type: 'handoff_taken',
    conversationId: conversation.id,
    data: { escalationId, channel: conversation.channel, waitSeconds: Math.round((now.getTime() - taken.createdAt.getTime()) / 1000) },
  });
  const language = conversation.language ?? ctx.options.defaultLanguage;
  const error = await tellCustomer(ctx, conversation, ctx.templates.render('handoff/staff-joined', language, { name: staff.name }), 'staff_joined');
  await afterChange(ctx, taken, { kind: 'taken', by: staff, at: now }, error, conversation.channel);
  return { kind: 'done', escalation: taken };
}

/** Call with the conversation's handoff lock held. */
export async function closeLocked(ctx: HandoffContext, escalationId: string, status: 'resolved' | 'handed_back', staff: StaffMember, now: Date): Promise<StaffActionResult> {
  const { conversation } = await load(ctx, escalationId);
  const closed = await underTurnLock(ctx, conversation, () => ctx.store.escalations.close(escalationId, status, staff, now));
  if (!closed) return refused(ctx, escalationId);
  await ctx.store.events.record({
    type: status === 'resolved' ? 'handoff_resolved' : 'handoff_handed_back',
    conversationId: conversation.id,
    data: { escalationId, channel: conversation.channel, openSeconds: Math.round((now.getTime() - closed.createdAt.getTime()) / 1000) },
  });
  const language = conversation.language ?? ctx.options.defaultLanguage;
  let text: string;
  let note: ThreadNote;
  if (status === 'resolved') {
    const askRating = ctx.options.askRating;
    if (askRating) await ctx.store.escalations.requestRating(escalationId, now);
    text = ctx.templates.render('handoff/resolved', language, {});
    if (askRating) text += `\n\n${ctx.templates.render('handoff/rating-request', language, {})}`;
    note = { kind: 'resolved', by: staff, at: now, ratingRequested: askRating };
  } else {
    text = ctx.templates.render('handoff/handed-back', language, {});
    note = { kind: 'handed_back', by: staff, at: now };
  }
  const error = await tellCustomer(ctx, conversation, text, status === 'resolved' ? 'resolved' : 'handed_back');
  await afterChange(ctx, closed, note, error, conversation.channel);
  return { kind: 'done', escalation: closed };
}
