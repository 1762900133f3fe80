import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type IncrementResponse, type Options, type Store as LimiterStore } from 'express-rate-limit';
import type { RateLimitRepository } from '../../src/store/types.js';

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

/** The visitor's conversation when their token is valid, else their address (IPv6 by /56). */
export function visitorKey(req: Request, res: Response): string {
  const conversation = (res.locals as { visitor?: { conversation: string } }).visitor?.conversation;
  return conversation ? `c:${conversation}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
}

export function perVisitorLimit(counters: RateLimitRepository, name: string, perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    keyGenerator: visitorKey,
    store: new SharedLimiterStore(counters, `widget:${name}:`),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: 'rate_limited', retryable: true },
  });
}
