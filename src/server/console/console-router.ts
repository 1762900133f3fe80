import { readFileSync } from 'node:fs';
import cookieParser from 'cookie-parser';
import express, { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Runtime } from '../../runtime.js';
import { tokenMatches } from '../../http/token-match.js';
import { SharedLimiterStore } from '../../http/shared-limiter-store.js';
import { clearSessionCookie, consoleHeaders, cookieName, readCookie, requireAdmin, requireCsrf, requireSession, setSessionCookie } from './console-auth.js';
import { adminConsoleRoutes } from './admin-routes.js';
import { inboxConsoleRoutes } from './inbox-routes.js';
import { conversationConsoleRoutes } from './conversation-routes.js';
import { kbConsoleRoutes } from './kb-routes.js';
import { loginPage } from './layout.js';
import { metricsConsoleRoutes } from './metrics-routes.js';
import { ConsoleSessions } from './sessions.js';

const stylesheet = readFileSync(new URL('./console.css', import.meta.url), 'utf8');
const liveScript = readFileSync(new URL('./live.js', import.meta.url), 'utf8');
const home = '/admin/metrics';

/** Only a console page may be the target after signing in: never another site. */
const safeNext = (value: unknown) => (typeof value === 'string' && /^\/admin(?:[/?]|$)/.test(value) && !value.startsWith('/admin/login') ? value : home);

/**
 * The console at `/admin`: server-rendered pages, one small script for live updates. Staff
 * sign in with their own account (username and password); before the first account exists,
 * `ADMIN_TOKEN` signs in as an admin so that one can be created. The session is an httpOnly,
 * SameSite=Strict cookie; every form carries the session's CSRF token. Off (404) while there
 * is neither an `ADMIN_TOKEN` nor an account.
 */
export function consoleRouter(runtime: Runtime): Router {
  const router = Router();
  router.use(cookieParser());
  const { config, logger, store } = runtime;
  const token = config.ADMIN_TOKEN;
  const enabled = async () => Boolean(token) || (await store.staffAccounts.countActive()) > 0;
  router.use(async (req, res, next) => {
    if (!req.path.startsWith('/admin') || req.path.startsWith('/admin/api/')) return next();
    if (await enabled()) return next();
    res.status(404).type('text').send('The admin console is off: set ADMIN_TOKEN to turn it on (or add a staff account with `aftercare staff add`).');
  });
  const sessions = new ConsoleSessions(store.keyValues, token, config.ADMIN_SESSION_HOURS * 3_600_000);
  // The console's pages only: the admin API under /admin/api keeps its own JSON answers.
  router.use((req, res, next) => (req.path.startsWith('/admin') && !req.path.startsWith('/admin/api/') ? consoleHeaders(req, res, next) : next()));

  router.get('/admin/assets/console.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('css').send(stylesheet);
  });
  router.get('/admin/assets/live.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('js').send(liveScript);
  });
  router.get('/admin', (_req, res) => res.redirect(303, home));

  const loginMode = async (): Promise<'accounts' | 'token'> => ((await store.staffAccounts.countActive()) > 0 ? 'accounts' : 'token');
  router.get('/admin/login', async (req, res) => {
    if (await sessions.get(readCookie(req, cookieName))) {
      const mode = await loginMode();
      const session = await sessions.get(readCookie(req, cookieName));
      if (mode === 'token' || session?.accountId) return res.redirect(303, safeNext(req.query.next));
    }
    res.type('html').send(loginPage({ next: safeNext(req.query.next), mode: await loginMode() }));
  });
  const failuresAllowed = config.CONSOLE_LOGIN_FAILURES_PER_15_MIN;
  // Counts failed sign-ins only (it runs after the token check): the right token always signs in.
  const failedLogins = rateLimit({
    windowMs: 15 * 60_000,
    limit: failuresAllowed,
    store: new SharedLimiterStore(store.rateLimits, 'console-login:'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: async (req, res) => {
      logger.warn({ ip: req.ip }, 'console sign-in attempts rate limited');
      const error = `Too many failed attempts from this address (more than ${failuresAllowed} in 15 minutes, CONSOLE_LOGIN_FAILURES_PER_15_MIN). Wait a few minutes and try again.`;
      res
        .status(429)
        .type('html')
        .send(loginPage({ next: home, mode: await loginMode(), error }));
    },
  });
  router.post('/admin/login', express.urlencoded({ extended: false, limit: '4kb' }), async (req: Request, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const mode = await loginMode();
    // Failed sign-ins count towards the limiter only after the check, so the right credentials always get in.
    const refuse = async (error: string, reason: string) => {
      logger.warn({ ip: req.ip, reason }, 'console sign-in refused');
      await failedLogins(req, res, () => {
        res.status(401).type('html').send(loginPage({ next, mode, error }));
      });
    };
    let accountId: string | null = null;
    if (mode === 'accounts') {
      const username = typeof body.username === 'string' ? body.username.slice(0, 100) : '';
      const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
      const account = await runtime.staffAccounts.verify(username, password);
      if (!account) return refuse('That username and password do not match an active account.', 'wrong password or unknown account');
      accountId = account.id;
    } else {
      const given = typeof body.token === 'string' ? body.token.trim() : '';
      if (!token || !given || !tokenMatches(given, token)) return refuse('That is not the admin token.', given ? 'wrong token' : 'no token');
    }
    await sessions.destroy(readCookie(req, cookieName));
    const { id } = await sessions.create(accountId);
    logger.info({ ip: req.ip, account: accountId ?? 'admin token' }, 'console sign-in');
    setSessionCookie(req, res, id, sessions.maxAgeSeconds);
    res.redirect(303, next);
  });

  const session = requireSession(sessions, store);
  const csrf = requireCsrf(logger);
  router.post('/admin/logout', session, express.urlencoded({ extended: false, limit: '4kb' }), csrf, async (req, res) => {
    await sessions.destroy(readCookie(req, cookieName));
    clearSessionCookie(req, res);
    res.redirect(303, '/admin/login');
  });

  kbConsoleRoutes(router, runtime, { session: [session, requireAdmin], csrf });
  conversationConsoleRoutes(router, runtime, [session]);
  metricsConsoleRoutes(router, runtime, [session]);
  inboxConsoleRoutes(router, runtime, { session, csrf });
  adminConsoleRoutes(router, runtime, { session: [session, requireAdmin], csrf });
  return router;
}
