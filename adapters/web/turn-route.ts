import type { RequestHandler } from 'express';
import { z } from 'zod';
import { InvalidInboundError, MessageInProgressError, TurnFailedError } from '../../src/core/errors.js';
import { LockTimeoutError } from '../../src/store/errors.js';
import { openEventStream, sendEvent } from './server-sent-events.js';
import { visitorOf } from './visitor-auth.js';
import { findConversation, widgetChannel, type WidgetContext } from './widget-context.js';
import { handoffStatus } from './widget-messages.js';
import type { DeltaEvent, DoneEvent, ErrorEvent } from './widget/protocol.js';

const turnRequest = z.object({
  text: z.string().trim().min(1).max(4000),
  /** The widget's id for the message: sending it again (after a dropped connection) never gets a second answer. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** The newest message id the widget has; the `done` event carries everything after it. */
  after: z.number().int().min(0).default(0),
});

function turnError(error: unknown): ErrorEvent {
  const cause = error instanceof TurnFailedError ? error.cause : error;
  if (cause instanceof InvalidInboundError || error instanceof InvalidInboundError) return { error: 'invalid_message', retryable: false };
  if (cause instanceof MessageInProgressError) return { error: 'in_progress', retryable: true };
  if (cause instanceof LockTimeoutError) return { error: 'busy', retryable: true };
  return { error: 'turn_failed', retryable: true };
}

/**
 * `POST /api/widget/messages`: one visitor message in, the reply streamed back as server-sent
 * events — `delta` for each piece the engine releases (each has passed the commitment guard),
 * then `done` with the stored messages, or `error`. A visitor who leaves mid-answer loses
 * nothing: the turn finishes and the reply is in the history.
 */
export function turnRoute(ctx: WidgetContext): RequestHandler {
  const { engine, logger, store } = ctx.runtime;
  return async (req, res) => {
    const parsed = turnRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { text, id, after } = parsed.data;
    const { conversation: key } = visitorOf(res);
    openEventStream(res);
    try {
      const outcome = await engine.handle(
        {
          channel: widgetChannel,
          conversationKey: key,
          userId: `visitor-${key.slice(0, 8)}`,
          // Scoped to the conversation: a visitor who sends another's id gets nothing of theirs.
          messageId: `${key}:${id}`,
          text,
          timestamp: new Date(),
        },
        { onReplyDelta: (delta, language) => sendEvent(res, 'delta', { text: delta, language } satisfies DeltaEvent) },
      );
      const conversation = await findConversation(ctx, key);
      const stored = conversation ? await store.messages.after(conversation.id, after, 100) : [];
      const done: DoneEvent = {
        messages: stored.map((m) => ctx.messages.toWidget(m)),
        cursor: stored.at(-1)?.id ?? after,
        handoff: await handoffStatus(ctx.runtime, conversation),
        language: outcome.language,
        escalated: outcome.escalated,
        replyKind: outcome.replyKind,
        followUps: outcome.followUps ?? [],
      };
      sendEvent(res, 'done', done);
    } catch (error) {
      const event = turnError(error);
      if (event.error === 'turn_failed' && !(error instanceof TurnFailedError)) logger.error({ err: error }, 'widget turn failed');
      sendEvent(res, 'error', event);
    }
    res.end();
  };
}
