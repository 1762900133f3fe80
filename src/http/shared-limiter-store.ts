import type { IncrementResponse, Options, Store as LimiterStore } from 'express-rate-limit';
import type { RateLimitRepository } from '../store/types.js';

/** express-rate-limit's counters kept in aftercare's store, so every process counts against one limit. */
export class SharedLimiterStore implements LimiterStore {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly counters: RateLimitRepository,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const { hits, resetAt } = await this.counters.hit(`${this.prefix}${key}`, this.windowMs);
    return { totalHits: hits, resetTime: resetAt };
  }

  decrement(key: string): Promise<void> {
    return this.counters.undo(`${this.prefix}${key}`);
  }

  resetKey(key: string): Promise<void> {
    return this.counters.reset(`${this.prefix}${key}`);
  }
}
