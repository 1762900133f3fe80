import type { RequestHandler } from 'express';
import type { Logger } from '../../src/logger.js';

/**
 * Cross-origin access for the widget's API: the server's own pages and the configured sites
 * only. A request from any other origin is refused outright (403), not just hidden from the
 * page, so a foreign site cannot make visitors' browsers post into the bot either.
 */
export function widgetCors(allowedOrigins: readonly string[], logger: Logger): RequestHandler {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (!origin) {
      next();
      return;
    }
    const own = `${req.protocol}://${req.get('host')}`;
    if (origin !== own && !anyOrigin && !allowed.has(origin)) {
      logger.warn({ origin, path: req.path }, 'widget request from an origin not in WIDGET_ALLOWED_ORIGINS');
      // The refusal itself may be read (so the widget can tell its developer); preflights get nothing.
      if (req.method !== 'OPTIONS') res.set('Access-Control-Allow-Origin', origin);
      res.status(403).json({ error: 'origin_not_allowed' });
      return;
    }
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Expose-Headers', 'RateLimit, RateLimit-Policy, Retry-After');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST');
      res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Shop-Customer-Token');
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
