import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { SharedLimiterStore } from '../../src/http/shared-limiter-store.js';
import type { RateLimitRepository } from '../../src/store/types.js';

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
