import type { Logger } from '../logger.js';
import type { InboxEntry, TurnStore } from './ports/store.js';
import { addressOf, type ChannelRegistry } from './channels.js';
import type { DeferredReplies } from './deferred-replies.js';
import type { Engine } from './engine.js';
import type { Outcome } from '../domain/types.js';

export interface RecoverySettings {
  /** Give up on a message after this many attempts (it stays `failed`, listed by `aftercare inbox`). */
  maxAttempts: number;
  /** Wait this long after a failure before retrying, doubling per attempt: the platform's own redelivery goes first. */
  firstDelayMs: number;
  /** At most this many messages of each kind per sweep. */
  batch: number;
}

export interface SweepResult {
  /** Turns taken over from a worker that stopped (`received`/`processing` past their lease). */
  tookOver: number;
  /** Failed turns run again. */
  retried: number;
  /** Replies sent (deferred slots, or through the channel's sender for channels without one). */
  delivered: number;
  /** Messages given up after their last attempt whose customer was told so. */
  gaveUp: number;
}

/**
 * The one place that finishes what a worker left unfinished, for every channel: turns whose
 * worker stopped (lease expired), turns that failed part-way (after a back-off), and deferred
 * replies whose sender stopped. Several processes may sweep at once: taking a turn over goes
 * through the engine (the conversation lock and the inbox claim let one worker run it, the
 * others replay its outcome), and a deferred reply is sent by whoever wins its slot's claim.
 */
export class RecoverySweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly store: TurnStore,
    private readonly channels: ChannelRegistry,
    private readonly replies: DeferredReplies,
    private readonly logger: Logger,
    private readonly settings: RecoverySettings,
  ) {}

  /** Sweeps now (what a previous process left) and then every `intervalMs`; 0 never. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.running = this.running.then(() => this.sweep()).catch((error: unknown) => this.logger.error({ err: error }, 'recovery sweep failed'));
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async sweep(now = new Date()): Promise<SweepResult> {
    const result: SweepResult = { tookOver: 0, retried: 0, delivered: 0, gaveUp: 0 };
    const { batch, maxAttempts, firstDelayMs } = this.settings;
    const stuck = await this.store.inbox.listStuck(now, batch);
    const due = (await this.store.inbox.listRetryable(maxAttempts, batch)).filter((entry) => entry.updatedAt.getTime() + firstDelayMs * 2 ** (entry.attempts - 1) <= now.getTime());
    if (stuck.length > 0) this.logger.warn({ messages: stuck.length }, 'taking over messages whose worker stopped');
    // All at once: the engine runs the turns of one conversation in the order they are handed over.
    await Promise.all([
      ...stuck.map(async (entry) => {
        result.tookOver++;
        if (await this.rerun(entry, now)) result.delivered++;
      }),
      ...due.map(async (entry) => {
        result.retried++;
        if (await this.rerun(entry, now)) result.delivered++;
      }),
    ]);

    for (const delivery of await this.store.deliveries.listUnsent(now, batch)) {
      const { channel, messageId } = delivery;
      const sender = this.replies.senderFor(channel);
      if (!sender) continue;
      const entry = await this.store.inbox.get(channel, messageId);
      let prepared: string | null;
      if (delivery.payload !== null) prepared = delivery.payload;
      else if (entry?.status === 'done' && entry.outcome) prepared = sender.answer(entry, entry.outcome);
      else if (entry?.status === 'failed' && entry.attempts >= maxAttempts) {
        prepared = sender.apology(entry);
        result.gaveUp++;
      } else if (!entry) {
        await this.replies.abandon(channel, messageId, 'nothing stored to answer it from (the worker stopped before recording the message)');
        continue;
      } else continue; // its turn is unfinished: taken over above once its lease or back-off allows
      this.logger.warn({ channel, messageId }, 'sending a late reply whose sender stopped');
      if ((await this.replies.deliver(channel, messageId, prepared)) === 'sent') result.delivered++;
    }
    return result;
  }

  /** Runs the message's turn again (the engine replays one already done) and delivers what is owed; true when a reply was sent. */
  private async rerun(entry: InboxEntry, now: Date): Promise<boolean> {
    const context = { channel: entry.channel, messageId: entry.messageId, status: entry.status, attempt: entry.attempts + 1 };
    let outcome: Outcome;
    try {
      outcome = await this.engine.handle(entry.inbound);
    } catch {
      // The engine logged it; the message stays failed (one attempt further on) or leased, for a later sweep.
      return false;
    }
    const { channel, messageId } = entry;
    const slot = await this.store.deliveries.get(channel, messageId);
    if (slot) {
      const sender = this.replies.senderFor(channel);
      if (!sender) return false;
      // The request that opened the slot died before deciding it: the reply is owed now.
      if (slot.status === 'pending') await this.store.deliveries.defer(channel, messageId);
      return (await this.replies.deliver(channel, messageId, sender.answer(entry, outcome))) === 'sent';
    }
    // A channel without delivery slots: a replayed outcome was sent by whoever ran the turn.
    if (outcome.duplicate || !outcome.reply) return false;
    const conversation = await this.store.conversations.findByKey(channel, entry.conversationKey);
    if (!conversation || !this.channels.has(channel)) {
      this.logger.warn(context, 'turn answered on retry, but no adapter in this process can deliver the reply');
      return false;
    }
    try {
      await this.channels.send(addressOf(conversation), { author: 'bot', text: outcome.reply, citations: outcome.citations });
      this.logger.info({ ...context, at: now.toISOString() }, 'turn answered on retry and delivered');
      return true;
    } catch (error) {
      this.logger.error({ ...context, err: error }, 'turn answered on retry, but the reply could not be delivered');
      return false;
    }
  }
}
