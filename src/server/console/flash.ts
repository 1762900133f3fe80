import type { Request, Response } from 'express';
import { consoleCookieOptions, readCookie } from './console-auth.js';
import type { Notice } from './layout.js';

const flashCookie = 'aftercare_console_flash';

/** Says what a form did on the page it redirects to (post → redirect → get), once. */
export function setFlash(req: Request, res: Response, notice: Notice): void {
  res.cookie(flashCookie, JSON.stringify(notice).slice(0, 1500), { ...consoleCookieOptions(req), maxAge: 60_000 });
}

export function takeFlash(req: Request, res: Response): Notice | null {
  const value = readCookie(req, flashCookie);
  if (!value) return null;
  res.clearCookie(flashCookie, consoleCookieOptions(req));
  try {
    const notice = JSON.parse(value) as Notice;
    return (notice.kind === 'ok' || notice.kind === 'error') && typeof notice.text === 'string' ? notice : null;
  } catch {
    return null;
  }
}
