import type { BackgroundTasks } from '../../src/background-tasks.js';
import type { DeferredReplies } from '../../src/core/deferred-replies.js';
import type { Logger } from '../../src/logger.js';
import type { DeliveryRepository } from '../../src/store/types.js';
import { late, loggedByEngine, turnErrorKind, withinBudget } from './turn-runner.js';

/** One platform request (the first delivery of a message or one of its retries) waiting for its answer. */
export interface DeadlineRequest<T> {
  channel: string;
  messageId: string;
  /** How long this request may wait before answering without the reply; Infinity when nothing could send it later. */
  budgetMs: number;
  /**
   * Produces the answer. Every request for the message calls it (`first` tells whether this is
   * the first delivery), so it must be idempotent: the engine replays a handled message id.
   */
  produce(first: boolean): Promise<T>;
  /**
   * What the response carries when `produce` fails within the budget; null makes `reply`
   * throw (the caller answers with a retryable error). After the acknowledgement a failure
   * sends nothing at once: the recovery sweep runs the turn again, and tells the customer
   * only once it gives up.
   */
  fallback(error: unknown): T | null;
  /** Whether the answer can travel in the response body (e.g. one WeChat message of at most 2047 bytes). */
  fitsResponse(answer: T): boolean;
  encode(answer: T): string;
  decode(payload: string): T;
  /**
   * The answer that missed the response as a message for the channel's registered
   * `DeferredReplySender` (recipient included); null when there is nothing to say.
   */
  prepare(answer: T): string | null;
}

export type DeadlineDecision<T> =
  /** Put `answer` in the response body; `replay` when an earlier request already gave it. */
  | { kind: 'respond'; answer: T; replay: boolean }
  /** Acknowledge without the answer; it is (or was) sent through the API. */
  | { kind: 'deferred' };

/** Raised in the response phase when the turn failed and the channel prefers the caller to retry. */
export class AnswerUnavailableError extends Error {
  override readonly name = 'AnswerUnavailableError';
}

type Produced<T> = { answer: T } | { answer: null; error?: unknown };

/**
 * Answers a platform request within its deadline, or acknowledges it and delivers the reply
 * through the API later — and makes sure exactly one of the two reaches the customer, however
 * many retries of the message arrive, in whichever process, at whatever moment.
 *
 * Every request for a message runs the same steps against the message's delivery slot in the
 * store: a settled passive reply is replayed (the platform only retries when it did not get
 * the earlier response, so the replay is the copy the customer sees); a deferred one is
 * acknowledged; a pending one waits for the answer up to the budget and then settles the slot
 * by compare-and-set — passive if the answer is in hand and fits, deferred otherwise. Whoever
 * holds the answer once the slot is deferred sends it through `DeferredReplies` (one claim
 * wins). A deferred slot is leased to this worker: if it stops (or its turn fails), the
 * recovery sweep of any process finishes the turn and sends what is owed.
 */
export class DeadlineReplier {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly replies: DeferredReplies,
    private readonly background: BackgroundTasks,
    private readonly logger: Logger,
    /** How long this worker owns a deferred reply before the recovery sweep of any process may send it. */
    private readonly ownerLeaseMs: number,
  ) {}

  async reply<T>(request: DeadlineRequest<T>): Promise<DeadlineDecision<T>> {
    const { channel, messageId } = request;
    const { delivery, created } = await this.deliveries.open(channel, messageId);
    const context = { channel, messageId, request: delivery.requests };
    if (delivery.status === 'passive') {
      this.logger.info(context, 'retry answered with the reply already given');
      return { kind: 'respond', answer: request.decode(delivery.payload ?? ''), replay: true };
    }
    if (delivery.status !== 'pending') {
      // A deferred reply may have lost its worker (a crash): producing again is cheap (the
      // engine replays) and only one claim to send can win.
      if (delivery.status === 'deferred') this.sendWhenReady(request, this.produce(request, created));
      this.logger.info({ ...context, status: delivery.status }, 'retry acknowledged; the reply goes through the API');
      return { kind: 'deferred' };
    }

    if (request.budgetMs <= 0) return this.acknowledgeFirst(request, created);
    const produced = this.produce(request, created);
    const inTime = await this.within(request.budgetMs, produced);
    if (inTime?.answer != null && request.fitsResponse(inTime.answer)) {
      if (await this.deliveries.settlePassive(channel, messageId, request.encode(inTime.answer))) {
        return { kind: 'respond', answer: inTime.answer, replay: false };
      }
    } else if (inTime && inTime.answer === null && 'error' in inTime) {
      const substitute = request.fallback(inTime.error);
      if (substitute === null) throw new AnswerUnavailableError(`no answer for ${channel}/${messageId}`, { cause: inTime.error });
      if (await this.deliveries.settlePassive(channel, messageId, request.encode(substitute))) {
        return { kind: 'respond', answer: substitute, replay: false };
      }
    } else {
      await this.deliveries.defer(channel, messageId, this.ownerLeaseMs);
    }

    // The slot is decided (by this request or a concurrent one): follow it.
    const decided = await this.deliveries.get(channel, messageId);
    if (decided?.status === 'passive') return { kind: 'respond', answer: request.decode(decided.payload ?? ''), replay: true };
    this.logger.info({ ...context, budgetMs: request.budgetMs, ready: inTime !== null }, 'reply deferred to the send API');
    this.sendWhenReady(request, produced);
    return { kind: 'deferred' };
  }

  /**
   * No budget: the answer always goes through the send API, so the acknowledgement is sent
   * before the turn starts instead of waiting behind its first stages.
   */
  private async acknowledgeFirst<T>(request: DeadlineRequest<T>, created: boolean): Promise<DeadlineDecision<T>> {
    const { channel, messageId } = request;
    await this.deliveries.defer(channel, messageId, this.ownerLeaseMs);
    const decided = await this.deliveries.get(channel, messageId);
    if (decided?.status === 'passive') return { kind: 'respond', answer: request.decode(decided.payload ?? ''), replay: true };
    const produced = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.produce(request, created));
    this.sendWhenReady(request, produced);
    return { kind: 'deferred' };
  }

  private produce<T>(request: DeadlineRequest<T>, first: boolean): Promise<Produced<T>> {
    return request.produce(first).then(
      (answer) => ({ answer }),
      (error: unknown) => {
        // Another worker owns the message right now: it will settle the slot, not us.
        if (turnErrorKind(error) === 'in_progress') return { answer: null };
        if (!loggedByEngine(error)) {
          this.logger.error({ err: error, channel: request.channel, messageId: request.messageId }, 'producing the answer failed');
        }
        return { answer: null, error };
      },
    );
  }

  private async within<T>(budgetMs: number, produced: Promise<Produced<T>>): Promise<Produced<T> | null> {
    const inTime = await withinBudget(budgetMs, produced);
    return inTime === late ? null : inTime;
  }

  private sendWhenReady<T>(request: DeadlineRequest<T>, produced: Promise<Produced<T>>): void {
    const { channel, messageId } = request;
    this.background.run(`deliver ${channel}/${messageId}`, async () => {
      const result = await produced;
      // A failed turn, or one another worker holds: the recovery sweep finishes it and sends what is owed.
      if (result.answer === null) return;
      await this.replies.deliver(channel, messageId, request.prepare(result.answer));
    });
  }
}
