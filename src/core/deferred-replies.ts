import type { Logger } from '../logger.js';
import type { DeferredDeliveries, InboxEntry } from './ports/store.js';
import type { Outcome } from '../domain/types.js';

/**
 * Implemented by every adapter whose replies can follow the platform's acknowledgement
 * (the JSON webhook's callback, WeChat's and WeCom's send APIs): how to word the message
 * owed for a stored turn, and how to send a prepared one. A prepared message is a
 * self-contained string (recipient included), stored before it is first sent, so that any
 * process — the one that acknowledged the message, or the one that took over after it died —
 * sends the same bytes.
 */
export interface DeferredReplySender {
  readonly channel: string;
  /**
   * True when sending the same prepared message twice is harmless because it carries an id
   * the receiver deduplicates by (the webhook's callback id). Then a send whose worker died
   * mid-way is sent again; otherwise (WeChat's APIs take no such id) it is not, since it may
   * have reached the customer: the slot is marked failed and reported instead.
   */
  readonly idempotent: boolean;
  /** The message answering `entry` with its committed outcome; null when there is nothing to say (staff own the conversation). */
  answer(entry: InboxEntry, outcome: Outcome): string | null;
  /** What the customer is told once their message is given up after its last attempt; null for nothing. */
  apology(entry: InboxEntry): string | null;
  /**
   * Work that can happen before the send is claimed (fetching an access token), so that a
   * non-idempotent send spends as little time as possible in the state a crash leaves ambiguous.
   */
  warmUp?(): Promise<void>;
  send(prepared: string): Promise<void>;
}

export type DeliverResult = 'sent' | 'nothing_to_say' | 'not_owed' | 'failed';

/**
 * The one way a deferred reply leaves the bot, for the worker that acknowledged the message
 * and for the recovery sweep alike: store the prepared message once (the first one stored
 * wins), claim the send (one claim wins, across processes), send, record the result.
 */
export class DeferredReplies {
  private readonly senders = new Map<string, DeferredReplySender>();

  constructor(
    private readonly deliveries: DeferredDeliveries,
    private readonly logger: Logger,
    /** How long a claimed send may take before another worker presumes it dead and sends again. */
    private readonly sendLeaseMs: number,
  ) {}

  register(sender: DeferredReplySender): void {
    this.senders.set(sender.channel, sender);
  }

  senderFor(channel: string): DeferredReplySender | undefined {
    return this.senders.get(channel);
  }

  /** Sends what the message's deferred slot owes, if it still owes it; `prepared` null means nothing to say. */
  async deliver(channel: string, messageId: string, prepared: string | null): Promise<DeliverResult> {
    const sender = this.senders.get(channel);
    if (!sender) throw new Error(`no deferred-reply sender registered for channel "${channel}"`);
    const slot = await this.deliveries.get(channel, messageId);
    if (slot?.status === 'sending' && !sender.idempotent) {
      // Its sender died mid-send (the claim below only succeeds once the lease ran out).
      const reason = 'the worker sending it stopped mid-send; it may have reached the customer, and this platform has no idempotency key, so it is not sent again';
      return (await this.abandon(channel, messageId, reason)) ? 'failed' : 'not_owed';
    }
    const stored = prepared === null ? null : ((await this.deliveries.prepare(channel, messageId, prepared)) ?? prepared);
    if (stored !== null) await sender.warmUp?.();
    if (!(await this.deliveries.claimSend(channel, messageId, this.sendLeaseMs))) return 'not_owed';
    if (stored === null) {
      await this.deliveries.markSent(channel, messageId);
      return 'nothing_to_say';
    }
    try {
      await sender.send(stored);
      await this.deliveries.markSent(channel, messageId);
      this.logger.info({ channel, messageId }, 'late reply delivered through the send API');
      return 'sent';
    } catch (error) {
      await this.deliveries.markFailed(channel, messageId, String((error as Error)?.message ?? error));
      this.logger.error({ err: error, channel, messageId }, 'late reply could not be delivered');
      return 'failed';
    }
  }

  /** Closes a slot whose message can no longer be answered (nothing stored to rebuild it from), so it is reported, not retried forever. */
  async abandon(channel: string, messageId: string, reason: string): Promise<boolean> {
    if (!(await this.deliveries.claimSend(channel, messageId, this.sendLeaseMs))) return false;
    await this.deliveries.markFailed(channel, messageId, reason);
    this.logger.error({ channel, messageId, reason }, 'late reply abandoned');
    return true;
  }
}
