import type { RequestHandler } from 'express';
import { z } from 'zod';
import { visitorOf } from './visitor-auth.js';
import { findConversation, type WidgetContext } from './widget-context.js';
import { handoffStatus } from './widget-messages.js';
import type { HistoryResponse } from './widget/protocol.js';

export const cursorQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });
const pageSize = 200;

/** `GET /api/widget/messages?after=<id>`: the conversation so far (the newest 200), or what came after a message. */
export function historyRoute(ctx: WidgetContext): RequestHandler {
  return async (req, res) => {
    const query = cursorQuery.safeParse(req.query);
    if (!query.success) {
      res.status(400).json({ error: 'invalid_request', issues: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { after } = query.data;
    const conversation = await findConversation(ctx, visitorOf(res).conversation);
    const { store } = ctx.channel;
    const stored = !conversation ? [] : after === 0 ? await store.messages.recent(conversation.id, pageSize) : await store.messages.after(conversation.id, after, pageSize);
    const body: HistoryResponse = {
      messages: stored.map((m) => ctx.messages.toWidget(m)),
      cursor: stored.at(-1)?.id ?? after,
      handoff: await handoffStatus(ctx.channel, conversation),
      language: conversation?.language ?? null,
    };
    res.set('Cache-Control', 'no-store').json(body);
  };
}
