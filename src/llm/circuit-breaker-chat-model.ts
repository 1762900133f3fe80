import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { LlmError, type ChatModel, type ChatRequest, type ChatResponse } from './chat-model.js';

export interface BreakerOptions {
  /** Share of failed calls (0..100) in the window that opens the circuit. */
  errorThresholdPercentage: number;
  /** Calls needed in the window before the share counts, so one early failure does not open it. */
  volumeThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  resetTimeoutMs: number;
  /** The rolling window failures are counted over. */
  rollingWindowMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

function toLlmError(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  if ((error as { code?: string })?.code === 'EOPENBREAKER') {
    return new LlmError('circuit_open', 'the language model is failing; calls are paused for a while', { cause: error });
  }
  return new LlmError('unavailable', String((error as Error)?.message ?? error), { cause: error });
}

/** Yields what a producer pushes, in order, until it ends or fails. */
class DeltaQueue {
  private readonly items: string[] = [];
  private finished = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  push(item: string) {
    this.items.push(item);
    this.wake?.();
  }
  end(error?: unknown) {
    this.finished = true;
    this.failure = error ?? null;
    this.wake?.();
  }
  async *drain(): AsyncIterable<string> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift()!;
        continue;
      }
      if (this.finished) {
        if (this.failure) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

/**
 * Stops calling a model that keeps failing (opossum): once the share of failures in the
 * window passes the threshold, calls fail at once with `circuit_open` — the reply stage then
 * answers from the passages without waiting — and after `resetTimeoutMs` one trial call
 * decides whether to close it again. State is per process: each worker learns on its own.
 * A request the server rejects (4xx) is our mistake, not an outage, and does not count.
 */
export class CircuitBreakerChatModel implements ChatModel {
  readonly id: string;
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(
    private readonly inner: ChatModel,
    options: BreakerOptions,
    logger?: Logger,
  ) {
    this.id = inner.id;
    this.breaker = new CircuitBreaker((task: () => Promise<unknown>) => task(), {
      name: inner.id,
      // The provider enforces each call's own budget; a breaker timeout would only race it.
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      resetTimeout: options.resetTimeoutMs,
      rollingCountTimeout: options.rollingWindowMs,
      errorFilter: (error: unknown) => error instanceof LlmError && error.kind === 'rejected',
    });
    this.breaker.on('open', () => logger?.warn({ llm: this.id, resetMs: options.resetTimeoutMs }, 'llm circuit opened: answering from passages'));
    this.breaker.on('halfOpen', () => logger?.info({ llm: this.id }, 'llm circuit half-open: trying one call'));
    this.breaker.on('close', () => logger?.info({ llm: this.id }, 'llm circuit closed'));
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  /** Calls `listener` on every change of state (for metrics and tests). */
  onStateChange(listener: (state: BreakerState) => void): void {
    this.breaker.on('open', () => listener('open'));
    this.breaker.on('halfOpen', () => listener('half_open'));
    this.breaker.on('close', () => listener('closed'));
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    try {
      return (await this.breaker.fire(() => this.inner.complete(request))) as ChatResponse;
    } catch (error) {
      throw toLlmError(error);
    }
  }

  /** The whole stream is one call for the breaker: it succeeds when the stream ends cleanly. */
  async *stream(request: ChatRequest): AsyncIterable<string> {
    const queue = new DeltaQueue();
    const consumer = new AbortController();
    const signal = request.signal ? AbortSignal.any([request.signal, consumer.signal]) : consumer.signal;
    const run = this.breaker.fire(async () => {
      for await (const delta of this.inner.stream({ ...request, signal })) queue.push(delta);
    });
    run.then(
      () => queue.end(),
      (error: unknown) => queue.end(toLlmError(error)),
    );
    try {
      yield* queue.drain();
    } finally {
      // The reader stopped early (it had enough, or its own budget ran out): stop the request too.
      consumer.abort();
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
