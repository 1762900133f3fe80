import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '../../src/http/body-depth.js';
import type { Logger } from '../../src/logger.js';
import type { TurnRunner } from '../shared/turn-runner.js';
import { chatApiAuth } from './chat-api-auth.js';

const chatRequestSchema = z.object({
  conversation: z.string().min(1).max(256),
  text: z.string().min(1).max(4000),
  /** Optional client-generated id: resending the same id never produces a second answer. */
  messageId: z.string().min(1).max(256).optional(),
  userId: z.string().min(1).max(256).optional(),
});

/** `POST /api/chat`: the plain JSON channel for a shop's own backend and simple integrations (see `chatApiAuth`). */
export function chatApiRouter(turns: TurnRunner, logger: Logger, token?: string): Router {
  const router = express.Router();
  router.post('/api/chat', chatApiAuth(token), jsonBody({ limit: '64kb' }), async (req, res) => {
    const parsed = chatRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      logger.warn({ route: '/api/chat', issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'rejected chat request');
      res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { conversation, text, messageId, userId } = parsed.data;
    const result = await turns.run({
      channel: 'web',
      conversationKey: conversation,
      userId: userId ?? conversation,
      messageId: messageId ?? randomUUID(),
      text,
      timestamp: new Date(),
    });
    if (result.kind === 'answered' || result.kind === 'duplicate') {
      res.json(result.outcome);
      return;
    }
    // Status codes tell the caller whether to retry: 409/503 soon, 500 later (the turn is kept for a retry).
    if (result.kind === 'in_progress') {
      res.status(409).set('Retry-After', '2').json({ error: 'in_progress', retryable: true });
    } else if (result.errorKind === 'invalid_message') {
      res.status(400).json({ error: 'invalid_message', issues: result.issues ?? [] });
    } else if (result.errorKind === 'busy') {
      res.status(503).set('Retry-After', '2').json({ error: 'busy', retryable: true });
    } else {
      res.status(500).json({ error: 'turn_failed', retryable: true });
    }
  });
  return router;
}
