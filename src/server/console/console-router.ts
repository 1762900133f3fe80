import { readFileSync } from 'node:fs';
import express, { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Runtime } from '../../runtime.js';
import { tokenMatches } from '../admin-auth.js';
import { SharedLimiterStore } from '../shared-limiter-store.js';
import { clearedCookie, consoleHeaders, cookieName, readCookie, requireCsrf, requireSession, sessionCookie } from './console-auth.js';
import { conversationConsoleRoutes } from './conversation-routes.js';
import { kbConsoleRoutes } from './kb-routes.js';
import { loginPage } from './layout.js';
import { metricsConsoleRoutes } from './metrics-routes.js';
import { ConsoleSessions } from './sessions.js';

const stylesheet = readFileSync(new URL('./console.css', import.meta.url), 'utf8');
const home = '/admin/metrics';

/** Only a console page may be the target after signing in: never another site. */
const safeNext = (value: unknown) => (typeof value === 'string' && /^\/admin(?:[/?]|$)/.test(value) && !value.startsWith('/admin/login') ? value : home);

/**
 * The admin console at `/admin`: server-rendered pages, no scripts. Signing in with
 * `ADMIN_TOKEN` sets an httpOnly, SameSite=Strict session cookie; every form carries the
 * session's CSRF token. Off (404) when `ADMIN_TOKEN` is unset, like the admin API.
 */
export function consoleRouter(runtime: Runtime): Router {
  const router = Router();
  const { config, logger, store } = runtime;
  const token = config.ADMIN_TOKEN;
  const paths = ['/admin', '/admin/login', '/admin/logout', '/admin/assets/console.css', '/admin/kb', '/admin/kb/*rest', '/admin/conversations', '/admin/conversations/*rest', '/admin/escalations', '/admin/metrics'];
  if (!token) {
    router.all(paths, (_req, res) => {
      res.status(404).type('text').send('The admin console is off: set ADMIN_TOKEN to turn it on.');
    });
    return router;
  }
  const sessions = new ConsoleSessions(store.keyValues, token, config.ADMIN_SESSION_HOURS * 3_600_000);
  // The console's pages only: the admin API under /admin/api keeps its own JSON answers.
  router.use((req, res, next) => (req.path.startsWith('/admin') && !req.path.startsWith('/admin/api/') ? consoleHeaders(req, res, next) : next()));

  router.get('/admin/assets/console.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('css').send(stylesheet);
  });
  router.get('/admin', (_req, res) => res.redirect(303, home));

  router.get('/admin/login', async (req, res) => {
    if (await sessions.get(readCookie(req, cookieName))) return res.redirect(303, safeNext(req.query.next));
    res.type('html').send(loginPage({ next: safeNext(req.query.next) }));
  });
  const failuresAllowed = config.CONSOLE_LOGIN_FAILURES_PER_15_MIN;
  // Counts failed sign-ins only (it runs after the token check): the right token always signs in.
  const failedLogins = rateLimit({
    windowMs: 15 * 60_000,
    limit: failuresAllowed,
    store: new SharedLimiterStore(store.rateLimits, 'console-login:'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      logger.warn({ ip: req.ip }, 'console sign-in attempts rate limited');
      const error = `Too many failed attempts from this address (more than ${failuresAllowed} in 15 minutes, CONSOLE_LOGIN_FAILURES_PER_15_MIN). Wait a few minutes and try again.`;
      res.status(429).type('html').send(loginPage({ next: home, error }));
    },
  });
  router.post('/admin/login', express.urlencoded({ extended: false, limit: '4kb' }), async (req: Request, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const given = typeof body.token === 'string' ? body.token.trim() : '';
    if (!given || !tokenMatches(given, token)) {
      logger.warn({ ip: req.ip, reason: given ? 'wrong token' : 'no token' }, 'console sign-in refused');
      await failedLogins(req, res, () => {
        res.status(401).type('html').send(loginPage({ next, error: 'That is not the admin token.' }));
      });
      return;
    }
    await sessions.destroy(readCookie(req, cookieName));
    const { id } = await sessions.create();
    logger.info({ ip: req.ip }, 'console sign-in');
    res.set('Set-Cookie', sessionCookie(req, id, sessions.maxAgeSeconds)).redirect(303, next);
  });

  const session = requireSession(sessions);
  const csrf = requireCsrf(logger);
  router.post('/admin/logout', session, express.urlencoded({ extended: false, limit: '4kb' }), csrf, async (req, res) => {
    await sessions.destroy(readCookie(req, cookieName));
    res.set('Set-Cookie', clearedCookie(req)).redirect(303, '/admin/login');
  });

  kbConsoleRoutes(router, runtime, { session, csrf });
  conversationConsoleRoutes(router, runtime, [session]);
  metricsConsoleRoutes(router, runtime, [session]);
  return router;
}
