import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '../../src/server/body-depth.js';
import type { Engine } from '../../src/core/engine.js';
import { sendTurnError } from '../../src/server/turn-errors.js';
import type { Logger } from '../../src/logger.js';
import { chatApiAuth } from './chat-api-auth.js';

const chatRequestSchema = z.object({
  conversation: z.string().min(1).max(256),
  text: z.string().min(1).max(4000),
  /** Optional client-generated id: resending the same id never produces a second answer. */
  messageId: z.string().min(1).max(256).optional(),
  userId: z.string().min(1).max(256).optional(),
});

/** `POST /api/chat`: the plain JSON channel for a shop's own backend and simple integrations (see `chatApiAuth`). */
export function chatApiRouter(engine: Engine, logger: Logger, token?: string): Router {
  const router = express.Router();
  router.post('/api/chat', chatApiAuth(token), jsonBody({ limit: '64kb' }), async (req, res) => {
    const parsed = chatRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      logger.warn({ route: '/api/chat', issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'rejected chat request');
      res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { conversation, text, messageId, userId } = parsed.data;
    try {
      const outcome = await engine.handle({
        channel: 'web',
        conversationKey: conversation,
        userId: userId ?? conversation,
        messageId: messageId ?? randomUUID(),
        text,
        timestamp: new Date(),
      });
      res.json(outcome);
    } catch (error) {
      sendTurnError(res, error, logger);
    }
  });
  return router;
}
