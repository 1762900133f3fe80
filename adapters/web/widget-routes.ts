import { Router } from 'express';
import { jsonBody } from '../../src/http/body-depth.js';
import { widgetCors } from './cors.js';
import { demoPage } from './demo-page.js';
import { historyRoute } from './history-route.js';
import { pushRoute } from './push-route.js';
import { perVisitorLimit } from './rate-limits.js';
import { sessionRoute } from './session-route.js';
import { StreamSlots, streamSlot } from './stream-slots.js';
import { turnRoute } from './turn-route.js';
import { readVisitor, requireVisitor } from './visitor-auth.js';
import { widgetScriptRoute } from './widget-bundle.js';
import type { WidgetContext } from './widget-context.js';

/**
 * The widget's script and API. Every API request passes, in order: the origin allow-list,
 * the visitor's token (read, not yet required), a per-visitor rate limit (by conversation,
 * else by address), then the token check; a push stream also needs a free stream slot.
 */
export function widgetRouter(ctx: WidgetContext): Router {
  const { settings: config, logger, store } = ctx.channel;
  const router = Router();
  router.get('/widget.js', widgetScriptRoute(logger));
  router.get('/widget/demo', demoPage);

  router.use('/api/widget', widgetCors(config.WIDGET_ALLOWED_ORIGINS, logger), readVisitor(ctx.tokens));
  const json = jsonBody({ limit: '16kb' });
  router.post('/api/widget/session', perVisitorLimit(store.rateLimits, 'session', config.WIDGET_SESSIONS_PER_MINUTE), sessionRoute(ctx));
  const reads = perVisitorLimit(store.rateLimits, 'read', config.WIDGET_READS_PER_MINUTE);
  router.get('/api/widget/messages', reads, requireVisitor, historyRoute(ctx));
  const slots = new StreamSlots({ perConversation: config.WIDGET_STREAMS_PER_CONVERSATION, perAddress: config.WIDGET_STREAMS_PER_ADDRESS, total: config.WIDGET_STREAMS_TOTAL });
  router.get('/api/widget/events', reads, requireVisitor, streamSlot(slots, logger), pushRoute(ctx));
  router.post('/api/widget/messages', perVisitorLimit(store.rateLimits, 'message', config.WIDGET_MESSAGES_PER_MINUTE), requireVisitor, json, turnRoute(ctx));
  return router;
}
