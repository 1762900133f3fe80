import type { RequestHandler } from 'express';
import { z } from 'zod';
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

/**
 * `POST /api/widget/messages`: one visitor message in, the reply streamed back as server-sent
 * events — `delta` for each piece the engine releases (each has passed the commitment guard),
 * then `done` with the stored messages, or `error`. A visitor who leaves mid-answer loses
 * nothing: the turn finishes and the reply is in the history.
 */
export function turnRoute(ctx: WidgetContext): RequestHandler {
  const { turns, store } = ctx.channel;
  return async (req, res) => {
    const parsed = turnRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { text, id, after } = parsed.data;
    const { conversation: key } = visitorOf(res);
    openEventStream(res);
    const result = await turns.run(
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
    if (result.kind === 'failed' || result.kind === 'in_progress') {
      const error = result.kind === 'failed' ? result.errorKind : 'in_progress';
      sendEvent(res, 'error', { error, retryable: error !== 'invalid_message' } satisfies ErrorEvent);
      res.end();
      return;
    }
    try {
      const { outcome } = result;
      const conversation = await findConversation(ctx, key);
      const stored = conversation ? await store.messages.after(conversation.id, after, 100) : [];
      const done: DoneEvent = {
        messages: stored.map((m) => ctx.messages.toWidget(m)),
        cursor: stored.at(-1)?.id ?? after,
        handoff: await handoffStatus(ctx.channel, conversation),
        language: outcome.language,
        escalated: outcome.escalated,
        replyKind: outcome.replyKind,
        followUps: outcome.followUps ?? [],
      };
      sendEvent(res, 'done', done);
    } catch (error) {
      // The answer is stored; the visitor's widget reloads the history when it reconnects.
      ctx.channel.logger.error({ err: error }, 'widget answer could not be read back');
      sendEvent(res, 'error', { error: 'turn_failed', retryable: true } satisfies ErrorEvent);
    }
    res.end();
  };
}
