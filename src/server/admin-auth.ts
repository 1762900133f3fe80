import { timingSafeEqual } from 'node:crypto';
import { secretDigest as digest } from '../http/token-match.js';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from '../logger.js';

/**
 * Guards admin routes with `Authorization: Bearer <ADMIN_TOKEN>`. With no token configured
 * the admin API is off (404), never open. Tokens are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length leaks through timing. The token is
 * checked first: a request with the right one always passes, and only failed attempts count
 * towards the per-address limit (ADMIN_AUTH_FAILURES_PER_MINUTE), past which they get 429.
 */
export function adminAuth(token: string | undefined, logger: Logger, failuresPerMinute = 20): RequestHandler[] {
  if (!token) {
    return [
      (_req: Request, res: Response) => {
        res.status(404).json({ error: 'admin_api_disabled', message: 'set ADMIN_TOKEN to turn the admin API on' });
      },
    ];
  }
  const expected = digest(token);
  const failures = rateLimit({
    windowMs: 60_000,
    limit: failuresPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      logger.warn({ ip: req.ip, path: req.path }, 'admin authentication failures rate limited');
      res.status(429).json({
        error: 'too_many_attempts',
        message: `more than ${failuresPerMinute} failed authentications a minute from this address (ADMIN_AUTH_FAILURES_PER_MINUTE); wait and try again with the right token`,
      });
    },
  });
  const check = (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    if (match && timingSafeEqual(digest(match[1]!.trim()), expected)) {
      next();
      return;
    }
    logger.warn({ ip: req.ip, method: req.method, path: req.path, reason: match ? 'wrong token' : 'no bearer token' }, 'admin request refused');
    // Counted only now, after the check; over the limit the failure is a 429 instead of a 401.
    void failures(req, res, () => {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="aftercare-admin"').json({ error: 'unauthorized' });
    });
  };
  return [check];
}
