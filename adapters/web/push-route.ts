import type { Application, RequestHandler } from 'express';
import { cursorQuery } from './history-route.js';
import { openEventStream, sendEvent } from './server-sent-events.js';
import { visitorOf } from './visitor-auth.js';
import { findConversation, type WidgetContext } from './widget-context.js';
import { handoffStatus } from './widget-messages.js';

const heartbeatMs = 20_000;

/**
 * `GET /api/widget/events?after=<id>`: a server-sent event stream of what is written to the
 * visitor's conversation after message `after` — staff replies, handoff notices, messages from
 * the visitor's other tabs — and of who has the conversation (`handoff`). The widget keeps it
 * open while a colleague is asked for or present, and reconnects from its cursor.
 */
export function pushRoute(ctx: WidgetContext): RequestHandler {
  const open = new Set<() => void>();
  const hooked = new WeakSet<Application>();
  return async (req, res) => {
    const query = cursorQuery.safeParse(req.query);
    if (!query.success) {
      res.status(400).json({ error: 'invalid_request' });
      return;
    }
    // The server waits for open responses when it closes; this one would never end by itself.
    if (!hooked.has(req.app)) {
      hooked.add(req.app);
      req.app.once('shutdown', () => [...open].forEach((end) => end()));
    }
    const { store, logger } = ctx.channel;
    const key = visitorOf(res).conversation;
    let cursor = query.data.after;
    let lastHandoff = '';
    let scheduled = false;
    let chain = Promise.resolve();

    const check = async () => {
      const conversation = await findConversation(ctx, key);
      for (; conversation;) {
        const batch = await store.messages.after(conversation.id, cursor, 100);
        for (const message of batch) sendEvent(res, 'message', ctx.messages.toWidget(message), message.id);
        cursor = batch.at(-1)?.id ?? cursor;
        if (batch.length < 100) break;
      }
      const handoff = await handoffStatus(ctx.channel, await findConversation(ctx, key));
      if (JSON.stringify(handoff) !== lastHandoff) {
        lastHandoff = JSON.stringify(handoff);
        sendEvent(res, 'handoff', handoff);
      }
    };
    // Wake-ups that arrive while a check runs fold into one more check after it.
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      chain = chain
        .then(() => {
          scheduled = false;
          return res.destroyed ? undefined : check();
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'widget push check failed'));
    };

    openEventStream(res);
    res.write('retry: 3000\n\n');
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    const unsubscribe = ctx.feed.subscribe(key, schedule);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    res.on('close', end);
    schedule();
  };
}
