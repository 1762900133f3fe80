import express, { type Router } from 'express';
import { z } from 'zod';
import type { ChannelSender } from '../../src/core/channels.js';
import type { Store } from '../../src/store/types.js';
import { chatApiAuth } from './chat-api-auth.js';

/**
 * The web channel cannot push: what staff (or handoff notices) send a web customer is
 * already in the conversation's transcript, and the widget fetches it from there. So the
 * sender only has to exist, so that staff replies to web customers count as delivered.
 */
export class WebOutboxSender implements ChannelSender {
  readonly channel = 'web';
  async send(): Promise<void> {}
}

const querySchema = z.object({ after: z.coerce.number().int().min(0).default(0) });

/**
 * `GET /api/chat/:conversation/messages?after=<id>`: what was said to the customer after
 * message `after` (staff replies, notices, late bot answers), for an integration to poll.
 * Anyone who can post to a conversation key can read what was said to it, no more; with
 * `CHAT_API_TOKEN` set, both need the token. (The widget has its own, token-signed channel.)
 */
export function webOutbox(store: Store, token: string | undefined): Router {
  const router = express.Router();
  router.get('/api/chat/:conversation/messages', chatApiAuth(token), async (req, res) => {
    const query = querySchema.safeParse(req.query);
    if (!query.success) {
      res.status(400).json({ error: 'invalid_request', issues: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const conversation = await store.conversations.findByKey('web', String(req.params.conversation));
    if (!conversation) {
      res.json({ messages: [] });
      return;
    }
    const messages = await store.messages.after(conversation.id, query.data.after, 100);
    res.json({
      messages: messages
        .filter((m) => m.direction === 'out')
        .map((m) => ({
          id: m.id,
          author: m.author === 'staff' ? 'staff' : m.meta?.kind === 'handoff_notice' ? 'system' : 'bot',
          ...(m.author === 'staff' && typeof m.meta?.staffName === 'string' ? { authorName: m.meta.staffName } : {}),
          text: m.text,
          at: m.createdAt.toISOString(),
        })),
      // The next `after`: skips the customer's own messages too.
      cursor: messages.at(-1)?.id ?? query.data.after,
    });
  });
  return router;
}
