import type { Router } from 'express';
import type { Runtime } from '../../src/runtime.js';
import { PushFeed } from './push-feed.js';
import { WidgetMessages } from './widget-messages.js';
import { widgetRouter } from './widget-routes.js';
import { widgetSecret } from './widget-secret.js';
import { WidgetSender } from './widget-sender.js';
import { WidgetTokens } from './widget-token.js';

/** The web chat widget: `/widget.js`, `/widget/demo` and `/api/widget/…`, on unless `WIDGET_ENABLED=false`. */
export function webWidget(runtime: Runtime): Router[] {
  const { config, logger, store } = runtime;
  if (!config.WIDGET_ENABLED) {
    logger.info('web widget off (WIDGET_ENABLED=false)');
    return [];
  }
  const ttlMs = config.WIDGET_TOKEN_TTL_DAYS * 86_400_000;
  const tokens = widgetSecret(config.WIDGET_TOKEN_SECRET, store.keyValues, logger).then((secret) => new WidgetTokens(secret, ttlMs));
  // A failure shows on the first request that needs a token (500 with a log line), not as an unhandled rejection.
  tokens.catch(() => undefined);
  const feed = new PushFeed(store.messages, config.WIDGET_PUSH_POLL_MS, logger, store.messageNotifications);
  runtime.channels.register(new WidgetSender(feed));
  runtime.onClose(async () => feed.close());
  const origins = config.WIDGET_ALLOWED_ORIGINS;
  logger.info({ allowedOrigins: origins.length ? origins : 'this server only' }, 'web widget on at /widget.js');
  return [widgetRouter({ runtime, tokens, feed, messages: new WidgetMessages(runtime.knowledge, runtime.templates) })];
}
