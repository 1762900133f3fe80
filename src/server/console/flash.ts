import type { Request, Response } from 'express';
import { readCookie } from './console-auth.js';
import type { Notice } from './layout.js';

const flashCookie = 'aftercare_console_flash';

/** Says what a form did on the page it redirects to (post → redirect → get), once. */
export function setFlash(req: Request, res: Response, notice: Notice): void {
  const value = encodeURIComponent(JSON.stringify(notice).slice(0, 1500));
  res.append('Set-Cookie', `${flashCookie}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=60${req.secure ? '; Secure' : ''}`);
}

export function takeFlash(req: Request, res: Response): Notice | null {
  const value = readCookie(req, flashCookie);
  if (!value) return null;
  res.append('Set-Cookie', `${flashCookie}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0${req.secure ? '; Secure' : ''}`);
  try {
    const notice = JSON.parse(value) as Notice;
    return (notice.kind === 'ok' || notice.kind === 'error') && typeof notice.text === 'string' ? notice : null;
  } catch {
    return null;
  }
}
