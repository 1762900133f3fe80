import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChannelRegistry } from '../core/channels.js';
import type { CommittedTurn } from '../core/engine.js';
import type { Templates } from '../llm/templates.js';
import type { Logger } from '../logger.js';
import type { Conversation } from '../domain/types.js';
import type { Escalation, StaffMember, StaffNote, Store } from '../store/types.js';
import { withConversation, type HandoffContext, type HandoffOptions } from './context.js';
import { EscalationNotFoundError } from './errors.js';
import { relayStaffReply, relayToEscalation, type RelayResult, type StaffReply } from './relay.js';
import { sendDueReminders } from './reminders.js';
import { closeLocked, takeOverLocked, type StaffAction, type StaffActionResult } from './staff-actions.js';
import type { StaffDesk } from './staff-desk.js';
import { mirrorLocked, publishClaimStaleMs, publishLocked, refreshCard } from './staff-thread.js';

export interface HandoffDependencies {
  store: Store;
  channels: ChannelRegistry;
  templates: Templates;
  logger: Logger;
  options: HandoffOptions;
}

export interface QueueEntry {
  escalation: Escalation;
  conversation: Conversation;
}

const auditedActions: Record<StaffAction, string> = { take_over: 'took', resolve: 'resolved', hand_back: 'handed_back' };

/** Escalations older than this are not posted late: a desk attached today should not replay last month. */
const latePublishWindowMs = 24 * 60 * 60_000;
const sweepBatch = 50;

/**
 * The channel-agnostic staff side: an escalation from any channel is posted to the staff
 * desk once, the conversation is mirrored into its thread, staff take over, reply, resolve
 * or hand back, and nobody waits unnoticed. Everything shared lives in the store.
 */
export class Handoff {
  private readonly ctx: HandoffContext;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private readonly claimant = `${hostname()}:${process.pid}:${randomUUID()}`;

  constructor(private readonly deps: HandoffDependencies) {
    this.ctx = { ...deps, desk: null, claimant: this.claimant };
  }

  /** Connects the external staff surface and starts the sweep (late posts, reminders) that runs without any event. */
  attachDesk(desk: StaffDesk, options: { sweepEveryMs?: number } = {}): void {
    this.ctx.desk = desk;
    const { reminderMinutes } = this.deps.options;
    // A reminder is at most a quarter of its interval late; the sweep runs at least once a minute, at most every 5 s.
    const every = options.sweepEveryMs ?? (reminderMinutes > 0 ? Math.min(60_000, Math.max(5_000, (reminderMinutes * 60_000) / 4)) : 60_000);
    this.stopSweeper();
    this.sweeper = setInterval(() => {
      if (!this.sweeping) void this.sweep(new Date());
    }, every);
    this.sweeper.unref();
    this.deps.logger.info({ desk: desk.name, reminderMinutes, sweepEveryMs: every }, 'staff desk attached');
  }

  get deskName(): string | null {
    return this.ctx.desk?.name ?? null;
  }

  /**
   * Whether anyone can answer an escalation here: an external desk (Slack) is attached, or
   * the console has at least one staff account that can sign in.
   */
  async staffDeskAvailable(): Promise<boolean> {
    return this.ctx.desk !== null || (await this.deps.store.staffAccounts.countActive()) > 0;
  }

  private context(): HandoffContext {
    return this.ctx;
  }

  /** The engine's post-commit listener: posts new escalations and mirrors conversations that are with staff. */
  readonly onTurnCommitted = async (turn: CommittedTurn): Promise<void> => {
    const ctx = this.ctx;
    if (!ctx.desk) return;
    const desk = ctx.desk;
    const ratings = turn.events.filter((event) => event.type === 'handoff_rating');
    if (!turn.outcome.escalated && ratings.length === 0) return;
    await withConversation(ctx, turn.conversationId, async () => {
      const active = await ctx.store.escalations.open(turn.conversationId);
      if (active) {
        if (!active.staffThread) await publishLocked(ctx, active.id, new Date());
        else await mirrorLocked(ctx, active.id);
      }
      for (const event of ratings) {
        const escalationId = String(event.data?.escalationId);
        const rated = await ctx.store.escalations.get(escalationId);
        if (!rated?.staffThread) continue;
        await refreshCard(ctx, escalationId);
        await desk.note(rated.staffThread, { kind: 'rating', rating: Number(event.data?.rating) });
      }
    });
  };

  async act(action: StaffAction, escalationId: string, staff: StaffMember, now = new Date()): Promise<StaffActionResult> {
    const ctx = this.context();
    const escalation = await ctx.store.escalations.get(escalationId);
    if (!escalation) throw new EscalationNotFoundError(escalationId);
    const result = await withConversation(ctx, escalation.conversationId, () =>
      action === 'take_over' ? takeOverLocked(ctx, escalationId, staff, now) : closeLocked(ctx, escalationId, action === 'resolve' ? 'resolved' : 'handed_back', staff, now),
    );
    this.deps.logger.info({ action, escalationId, result: result.kind }, 'staff action');
    // Whichever surface it came from (Slack or the console), who did what is on record.
    if (result.kind === 'done')
      await ctx.store.audit.record({ actor: staff, action: auditedActions[action], target: `escalation:${escalationId}`, detail: { conversation: escalation.conversationId } });
    return result;
  }

  /** Active escalations, waiting ones first (oldest first), then those with staff. */
  async queue(limit = 25): Promise<QueueEntry[]> {
    const { store } = this.deps;
    const active = [...(await store.escalations.listByStatus('open', limit)), ...(await store.escalations.listByStatus('taken', limit))];
    const entries: QueueEntry[] = [];
    for (const escalation of active.slice(0, limit)) {
      const conversation = await store.conversations.get(escalation.conversationId);
      if (conversation) entries.push({ escalation, conversation });
    }
    return entries;
  }

  relay(reply: StaffReply): Promise<RelayResult> {
    return relayStaffReply(this.context(), reply);
  }

  /**
   * A reply written in the console, sent through the customer's own channel by the same relay
   * the desk uses. `replyId` (one per rendered form) makes a resubmitted form a duplicate, not a second message.
   */
  replyFromConsole(escalationId: string, staff: StaffMember, text: string, options: { replyId?: string; now?: Date } = {}): Promise<RelayResult> {
    const messageId = `console:${options.replyId ?? randomUUID()}`;
    return relayToEscalation(this.context(), escalationId, { staff, text, messageId, now: options.now ?? new Date() }, { from: 'console' });
  }

  /** An internal note written in the console: stored with the conversation and shown in the desk's thread. */
  async addNote(escalationId: string, staff: StaffMember, text: string, now = new Date()): Promise<StaffNote> {
    const ctx = this.context();
    const escalation = await ctx.store.escalations.get(escalationId);
    if (!escalation) throw new EscalationNotFoundError(escalationId);
    const note = (await ctx.store.staffNotes.add({ conversationId: escalation.conversationId, escalationId, author: staff, text, createdAt: now }))!;
    await ctx.store.audit.record({ actor: staff, action: 'noted', target: `escalation:${escalationId}`, detail: { conversation: escalation.conversationId } });
    if (escalation.staffThread && ctx.desk) {
      await ctx.desk
        .note(escalation.staffThread, { kind: 'internal_note', by: staff, text, at: now })
        .catch((error: unknown) => ctx.logger.warn({ err: error, escalationId }, 'could not show a console note on the staff desk'));
    }
    return note;
  }

  /**
   * One pass of the work no event triggers: escalations that were never posted (the desk was
   * down, or a process died mid-post) and reminders that are due. Safe to run from every process.
   */
  sweep(now: Date): Promise<void> {
    const run: Promise<void> = (this.sweeping ?? Promise.resolve()).then(() => this.sweepOnce(now));
    const tracked = run.finally(() => {
      if (this.sweeping === tracked) this.sweeping = null;
    });
    this.sweeping = tracked;
    return tracked;
  }

  private async sweepOnce(now: Date): Promise<void> {
    const ctx = this.ctx;
    if (!ctx.desk) return;
    try {
      const since = new Date(now.getTime() - latePublishWindowMs);
      for (const escalation of await ctx.store.escalations.listUnpublished(since, now, publishClaimStaleMs, sweepBatch)) {
        await withConversation(ctx, escalation.conversationId, async () => {
          if (await publishLocked(ctx, escalation.id, now)) await mirrorLocked(ctx, escalation.id);
        });
      }
      await sendDueReminders(ctx, now);
    } catch (error) {
      ctx.logger.error({ err: error }, 'handoff sweep failed');
    }
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  async close(): Promise<void> {
    this.stopSweeper();
    await this.sweeping;
  }
}
