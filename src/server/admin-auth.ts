import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from '../logger.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of a presented secret with the expected one (as SHA-256 digests, so length does not leak either). */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Guards admin routes with `Authorization: Bearer <ADMIN_TOKEN>`. With no token configured
 * the admin API is off (404), never open. Tokens are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length leaks through timing; failed
 * attempts are rate limited per client and logged without the token.
 */
export function adminAuth(token: string | undefined, logger: Logger): RequestHandler[] {
  if (!token) {
    return [
      (_req: Request, res: Response) => {
        res.status(404).json({ error: 'admin_api_disabled', message: 'set ADMIN_TOKEN to turn the admin API on' });
      },
    ];
  }
  const expected = digest(token);
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: 20,
    // Only failed requests count: an admin with the right token is never slowed down.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: 'too_many_attempts' },
  });
  const check = (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    if (match && timingSafeEqual(digest(match[1]!.trim()), expected)) {
      next();
      return;
    }
    logger.warn({ ip: req.ip, method: req.method, path: req.path, reason: match ? 'wrong token' : 'no bearer token' }, 'admin request refused');
    res.status(401).set('WWW-Authenticate', 'Bearer realm="aftercare-admin"').json({ error: 'unauthorized' });
  };
  return [limiter, check];
}
