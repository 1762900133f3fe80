import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { addressOf, type ChannelRegistry } from './channels.js';
import type { Engine } from './engine.js';

export interface RetrySettings {
  /** Give up on a message after this many attempts (it stays `failed`, listed by `aftercare inbox failed`). */
  maxAttempts: number;
  /** Wait this long after a failure before retrying, doubling per attempt: the platform's own redelivery goes first. */
  firstDelayMs: number;
  /** At most this many messages per sweep. */
  batch: number;
}

/**
 * Runs again the turns that failed part-way (a model crash, a full disk) and sends their
 * replies through the channel's adapter, so a message is never left unanswered just because
 * its platform does not redeliver. Several processes may sweep: the inbox lease lets one
 * of them take a message, and a replayed (duplicate) outcome is never sent twice.
 */
export class FailedTurnRetrier {
  constructor(
    private readonly engine: Engine,
    private readonly store: Store,
    private readonly channels: ChannelRegistry,
    private readonly logger: Logger,
    private readonly settings: RetrySettings,
  ) {}

  async sweep(now = new Date()): Promise<{ retried: number; delivered: number }> {
    let retried = 0;
    let delivered = 0;
    for (const entry of await this.store.inbox.listByStatus('failed', this.settings.batch)) {
      if (entry.attempts >= this.settings.maxAttempts) continue;
      const due = entry.updatedAt.getTime() + this.settings.firstDelayMs * 2 ** (entry.attempts - 1);
      if (due > now.getTime()) continue;
      retried++;
      const context = { channel: entry.channel, messageId: entry.messageId, attempt: entry.attempts + 1 };
      let outcome;
      try {
        outcome = await this.engine.handle(entry.inbound);
      } catch {
        // The engine logged it and the message stays failed, one attempt further on.
        continue;
      }
      if (outcome.duplicate || !outcome.reply) continue;
      const conversation = await this.store.conversations.findByKey(entry.channel, entry.conversationKey);
      if (!conversation || !this.channels.has(entry.channel)) {
        this.logger.warn(context, 'failed turn answered on retry, but no adapter in this process can deliver the reply');
        continue;
      }
      try {
        await this.channels.send(addressOf(conversation), { author: 'bot', text: outcome.reply, citations: outcome.citations });
        delivered++;
        this.logger.info(context, 'failed turn answered on retry and delivered');
      } catch (error) {
        this.logger.error({ ...context, err: error }, 'failed turn answered on retry, but the reply could not be delivered');
      }
    }
    return { retried, delivered };
  }
}
