import type { Router } from 'express';
import { discordChannel } from '../../adapters/discord/index.js';
import { slackChannel } from '../../adapters/slack/index.js';
import { teamsChannel } from '../../adapters/teams/index.js';
import { chatApiRouter } from '../../adapters/web/chat-api.js';
import { webhookRoutes } from '../../adapters/webhook/index.js';
import { wechatRoutes } from '../../adapters/wechat/index.js';
import { webOutbox } from '../../adapters/web/outbox.js';
import { webWidget } from '../../adapters/web/index.js';
import type { Runtime } from '../runtime.js';
import { consoleRouter } from './console/console-router.js';
import { kbAdminRouter } from './kb-admin-routes.js';
import { orderActionRouter } from './order-action-routes.js';
import { shopWebhookRouter } from './shop-webhook-routes.js';

/**
 * Every adapter's routes, mounted on the one server. An adapter whose settings are absent
 * returns no router (and logs that it is off); each adapter registers its sender itself.
 */
export function channelRoutes(runtime: Runtime): Router[] {
  return [
    chatApiRouter(runtime.engine, runtime.logger, runtime.config.CHAT_API_TOKEN),
    webOutbox(runtime),
    ...webWidget(runtime),
    ...slackChannel(runtime),
    ...wechatRoutes(runtime),
    ...webhookRoutes(runtime),
    kbAdminRouter(runtime),
    orderActionRouter(runtime, runtime.staffApproval),
    shopWebhookRouter({
      shopifySecret: runtime.config.SHOPIFY_WEBHOOK_SECRET,
      woocommerceSecret: runtime.config.WOOCOMMERCE_WEBHOOK_SECRET,
      logger: runtime.logger,
      onFulfilmentEvent: async (orderId) => runtime.lateNotices?.onFulfilmentEvent(orderId),
    }),
    ...teamsChannel(runtime),
    ...discordChannel(runtime),
    consoleRouter(runtime),
  ];
}
