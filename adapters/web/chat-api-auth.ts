import type { RequestHandler } from 'express';
import { tokenMatches } from '../../src/http/token-match.js';

/**
 * The plain JSON chat API (`POST /api/chat`, `GET /api/chat/:conversation/messages`) is for a
 * shop's own backend: anyone who can call it can write to and read any of its conversations
 * by key. With `CHAT_API_TOKEN` set it needs `Authorization: Bearer <token>`; unset, it is open
 * and belongs on a trusted network. The widget never uses it: its conversations live on their
 * own channel, reachable only with a visitor's signed token.
 */
export function chatApiAuth(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      next();
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (match && tokenMatches(match[1]!, token)) {
      next();
      return;
    }
    res.status(401).set('WWW-Authenticate', 'Bearer realm="aftercare-chat"').json({ error: 'unauthorized' });
  };
}
