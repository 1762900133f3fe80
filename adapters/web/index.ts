import { defineChannel, type ChannelContext, type StartedChannel } from '../channel-adapter.js';
import { chatApiRouter } from './chat-api.js';
import { webOutbox, WebOutboxSender } from './outbox.js';
import { PushFeed } from './push-feed.js';
import { chatApiSecretKeys, chatApiSettings, widgetSecretKeys, widgetSettings, type ChatApiSettings, type WidgetSettings } from './settings.js';
import { WidgetMessages } from './widget-messages.js';
import { widgetRouter } from './widget-routes.js';
import { widgetSecret } from './widget-secret.js';
import { WidgetSender } from './widget-sender.js';
import { WidgetTokens } from './widget-token.js';

/** The web chat widget: `/widget.js`, `/widget/demo` and `/api/widget/…`, on unless `WIDGET_ENABLED=false`. */
export const widgetChannel = defineChannel<typeof widgetSettings, WidgetSettings>({
  name: 'widget',
  settings: widgetSettings,
  secretKeys: widgetSecretKeys,
  configure: (env) => (env.WIDGET_ENABLED ? { settings: env } : { off: 'web widget off (WIDGET_ENABLED=false)' }),
  start: startWidget,
});

function startWidget(ctx: ChannelContext<WidgetSettings>): StartedChannel {
  const { settings, logger, store } = ctx;
  const ttlMs = settings.WIDGET_TOKEN_TTL_DAYS * 86_400_000;
  const tokens = widgetSecret(settings.WIDGET_TOKEN_SECRET, store.keyValues, logger).then((secret) => new WidgetTokens(secret, ttlMs));
  // A failure shows on the first request that needs a token (500 with a log line), not as an unhandled rejection.
  tokens.catch(() => undefined);
  const feed = new PushFeed(store.messages, settings.WIDGET_PUSH_POLL_MS, logger, store.messageNotifications);
  const origins = settings.WIDGET_ALLOWED_ORIGINS;
  logger.info({ allowedOrigins: origins.length ? origins : 'this server only' }, 'web widget on at /widget.js');
  return {
    routes: [widgetRouter({ channel: ctx, tokens, feed, messages: new WidgetMessages(ctx.knowledge, ctx.templates) })],
    senders: [new WidgetSender(feed)],
    stop: async () => feed.close(),
  };
}

/**
 * `POST /api/chat` and its message feed: the plain JSON channel for a shop's own backend.
 * Always on; with `CHAT_API_TOKEN` set, both need the token.
 */
export const chatApiChannel = defineChannel<typeof chatApiSettings, ChatApiSettings>({
  name: 'chat-api',
  settings: chatApiSettings,
  secretKeys: chatApiSecretKeys,
  configure: (env) => ({ settings: env }),
  start: (ctx) => ({
    routes: [chatApiRouter(ctx.turns, ctx.logger, ctx.settings.CHAT_API_TOKEN), webOutbox(ctx.store, ctx.settings.CHAT_API_TOKEN)],
    senders: [new WebOutboxSender()],
  }),
});
