import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../logger.js';
import { adminTokenActor, consoleStaffMember } from '../../staff/accounts.js';
import type { StaffAccount, StaffMember, StaffRole, Store } from '../../store/types.js';
import { tokenMatches } from '../../http/token-match.js';
import type { ConsoleSession, ConsoleSessions } from './sessions.js';

export const cookieName = 'aftercare_console';

/** A cookie of the request, as cookie-parser (mounted by the console router) read it. */
export function readCookie(req: Request, name: string): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every console cookie: script-proof (HttpOnly), never sent by another site (SameSite=Strict), HTTPS-only behind HTTPS. */
export const consoleCookieOptions = (req: Request): CookieOptions => ({ path: '/admin', httpOnly: true, sameSite: 'strict', secure: req.secure });

/** Who is signed in: their name as customers and colleagues see it, and what they may do. */
export interface SignedInStaff {
  member: StaffMember;
  role: StaffRole;
  /** Null for a sign-in with ADMIN_TOKEN. */
  account: StaffAccount | null;
}

export interface ConsoleLocals {
  session: ConsoleSession;
  sessionId: string;
  staff: SignedInStaff;
}

export const sessionOf = (res: Response): ConsoleSession => (res.locals as ConsoleLocals).session;
export const staffOf = (res: Response): SignedInStaff => (res.locals as ConsoleLocals).staff;

export function setSessionCookie(req: Request, res: Response, id: string, maxAgeSeconds: number): void {
  res.cookie(cookieName, id, { ...consoleCookieOptions(req), maxAge: maxAgeSeconds * 1000 });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(cookieName, consoleCookieOptions(req));
}

/** No framing, no foreign or inline scripts or styles (only the console's own live-update script), nothing cached. */
export const consoleHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy':
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  next();
};

/**
 * Pages need a signed-in session of an account that is still active (a disabled account is
 * out at its next request); without one, the login page (and back here afterwards). A
 * session made with ADMIN_TOKEN lasts only until the first account exists.
 */
export function requireSession(sessions: ConsoleSessions, store: Store): RequestHandler {
  return async (req, res, next) => {
    const id = readCookie(req, cookieName);
    const session = await sessions.get(id);
    let staff: SignedInStaff | null = null;
    if (session?.accountId) {
      const account = await store.staffAccounts.get(session.accountId);
      if (account && !account.disabledAt) staff = { member: consoleStaffMember(account), role: account.role, account };
    } else if (session && (await store.staffAccounts.countActive()) === 0) {
      staff = { member: adminTokenActor, role: 'admin', account: null };
    }
    if (!session || !staff) {
      if (req.method === 'GET') res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
      else res.status(401).type('text').send('Your session has ended: sign in again.');
      return;
    }
    Object.assign(res.locals, { session, sessionId: id!, staff } satisfies ConsoleLocals);
    next();
  };
}

/** Admin pages (knowledge base, settings, accounts, data requests): an agent gets a 403 that says why. */
export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (staffOf(res).role === 'admin') return next();
  res.status(403).type('text').send('Only an admin may open this page. Ask an admin if you need it.');
};

/** Whether a request's Origin (when the browser sends one) is this server itself. */
export function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  return origin === undefined || origin === `${req.protocol}://${req.get('host')}`;
}

/**
 * Every state-changing request must carry the session's CSRF token (form field `_csrf` or
 * header `X-CSRF-Token`), compared in constant time, and must not come from another origin.
 */
export function requireCsrf(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const given = typeof body._csrf === 'string' ? body._csrf : (req.get('x-csrf-token') ?? '');
    if (!sameOrigin(req) || !given || !tokenMatches(given, sessionOf(res).csrf)) {
      logger.warn({ path: req.path, origin: req.get('origin'), reason: sameOrigin(req) ? 'bad csrf token' : 'cross-origin' }, 'console request refused');
      res.status(403).type('text').send('This form has expired or did not come from the console. Go back, reload the page and try again.');
      return;
    }
    next();
  };
}

export const viewerOf = (res: Response): { name: string; role: StaffRole } => ({ name: staffOf(res).member.name, role: staffOf(res).role });
