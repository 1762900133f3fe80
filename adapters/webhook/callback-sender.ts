import { randomUUID } from 'node:crypto';
import type { WebhookChannelSettings } from './settings.js';
import type { ChannelSender, ConversationAddress, OutboundMessage } from '../../src/core/channels.js';
import type { Outcome } from '../../src/domain/types.js';
import type { Logger } from '../../src/logger.js';
import { withRetries, type RetryVerdict } from '../shared/retry.js';
import { DELIVERY_HEADER, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

/** What the shop's callback URL receives for every message to a customer. */
export interface CallbackPayload {
  /** Unique per message and the same on every retry of it: the shop's idempotency key. */
  id: string;
  type: 'message';
  channel: string;
  conversation: string;
  userId: string;
  author: OutboundMessage['author'];
  authorName?: string;
  text: string;
  citations?: OutboundMessage['citations'];
  /** The customer message this answers, for bot replies that missed the response. */
  inReplyTo?: string;
  outcome?: Outcome;
  /** Set when the bot could not produce an answer and this is its apology. */
  error?: string;
  /** The `context` the shop sent with the customer's latest message. */
  context?: Record<string, unknown>;
  sentAt: string;
}

export class CallbackDeliveryError extends Error {
  override readonly name = 'CallbackDeliveryError';
  constructor(
    readonly channel: string,
    readonly attempts: number,
    readonly status: number | null,
    detail: string,
  ) {
    super(`Callback to channel "${channel}" failed after ${attempts} attempt(s): ${detail}`);
  }
}

class AttemptFailed extends Error {
  constructor(
    readonly status: number | null,
    readonly verdict: RetryVerdict,
    detail: string,
  ) {
    super(detail);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Writes to a conversation of a shop's own system by POSTing a signed JSON message to its
 * callback URL, retrying with exponential backoff on network errors, timeouts, 408, 425,
 * 429 and 5xx (honouring Retry-After); any other 4xx is final.
 */
export class CallbackSender implements ChannelSender {
  readonly channel: string;

  constructor(
    private readonly name: string,
    private readonly settings: WebhookChannelSettings,
    private readonly logger: Logger,
  ) {
    this.channel = `webhook:${name}`;
  }

  async send(to: ConversationAddress, message: OutboundMessage, extra: Partial<CallbackPayload> = {}): Promise<void> {
    await this.deliver(this.payloadFor(to, message, extra));
  }

  /** The callback body for a message; its `id` is fixed here, so every retry (and resend after a crash) of this body carries it. */
  payloadFor(to: ConversationAddress, message: OutboundMessage, extra: Partial<CallbackPayload> = {}): CallbackPayload {
    return {
      id: randomUUID(),
      type: 'message',
      channel: this.name,
      conversation: to.conversationKey,
      userId: to.userId,
      author: message.author,
      ...(message.authorName ? { authorName: message.authorName } : {}),
      text: message.text,
      ...(message.citations?.length ? { citations: message.citations } : {}),
      ...(to.replyContext?.context ? { context: to.replyContext.context as Record<string, unknown> } : {}),
      sentAt: new Date().toISOString(),
      ...extra,
    };
  }

  async deliver(payload: CallbackPayload): Promise<void> {
    const body = JSON.stringify(payload);
    let attempts = 0;
    try {
      await withRetries(
        async () => {
          attempts++;
          await this.post(payload.id, body);
        },
        { attempts: this.settings.maxAttempts, baseDelayMs: 1000, maxDelayMs: 60_000 },
        (error) => (error instanceof AttemptFailed ? error.verdict : { retry: false }),
      );
    } catch (error) {
      const status = error instanceof AttemptFailed ? error.status : null;
      throw new CallbackDeliveryError(this.name, attempts, status, (error as Error).message);
    }
    this.logger.info({ channel: this.channel, delivery: payload.id, author: payload.author, attempts }, 'callback delivered');
  }

  private async post(id: string, body: string): Promise<void> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    let response: Response;
    try {
      response = await fetch(this.settings.callbackUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'aftercare-webhook/1',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signBody(this.settings.secret, timestamp, body),
          [DELIVERY_HEADER]: id,
        },
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await response.arrayBuffer();
    } catch (error) {
      this.logger.warn({ channel: this.channel, delivery: id, err: (error as Error).message }, 'callback attempt failed');
      throw new AttemptFailed(null, { retry: true }, (error as Error).message);
    }
    if (response.ok) return;
    const retryable = response.status >= 500 || [408, 425, 429].includes(response.status);
    this.logger.warn({ channel: this.channel, delivery: id, status: response.status, retryable }, 'callback attempt refused');
    throw new AttemptFailed(response.status, retryable ? { retry: true, afterMs: retryAfterMs(response.headers.get('retry-after')) } : { retry: false }, `HTTP ${response.status}`);
  }
}
