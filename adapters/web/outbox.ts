import express, { type Router } from 'express';
import { z } from 'zod';
import type { ChannelSender } from '../../src/core/channels.js';
import type { Runtime } from '../../src/runtime.js';
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
export function webOutbox(runtime: Runtime): Router {
  runtime.channels.register(new WebOutboxSender());
  const router = express.Router();
  router.get('/api/chat/:conversation/messages', chatApiAuth(runtime.config.CHAT_API_TOKEN), async (req, res) => {
    const query = querySchema.safeParse(req.query);
    if (!query.success) {
      res.status(400).json({ error: 'invalid_request', issues: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const conversation = await runtime.store.conversations.findByKey('web', String(req.params.conversation));
    if (!conversation) {
      res.json({ messages: [] });
      return;
    }
    const messages = await runtime.store.messages.after(conversation.id, query.data.after, 100);
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
