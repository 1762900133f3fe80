import type { ChannelSender } from '../../src/core/channels.js';
import type { DeferredReplySender } from '../../src/core/deferred-replies.js';
import { defineChannel, type ChannelContext, type StartedChannel } from '../channel-adapter.js';
import { DeadlineReplier } from '../shared/deadline-reply.js';
import { CallbackSender } from './callback-sender.js';
import { CallbackReplies } from './deferred-replies.js';
import { webhookRouter, type WebhookChannel } from './router.js';
import { webhookSecretKeys, webhookSettings, type WebhookEnv } from './settings.js';

/** `POST /webhook/:channel` for the shop systems named in WEBHOOK_CHANNELS. */
export const webhookChannel = defineChannel<typeof webhookSettings, WebhookEnv>({
  name: 'webhook',
  settings: webhookSettings,
  secretKeys: webhookSecretKeys,
  configure: (env) => (env.WEBHOOK_CHANNELS && Object.keys(env.WEBHOOK_CHANNELS).length > 0 ? { settings: env } : { off: 'generic webhook off: WEBHOOK_CHANNELS is not set' }),
  start: startWebhook,
});

function startWebhook(ctx: ChannelContext<WebhookEnv>): StartedChannel {
  const channels = new Map<string, WebhookChannel>();
  const senders: ChannelSender[] = [];
  const deferredReplies: DeferredReplySender[] = [];
  for (const [name, settings] of Object.entries(ctx.settings.WEBHOOK_CHANNELS ?? {})) {
    const sender = new CallbackSender(name, settings, ctx.logger);
    senders.push(sender);
    deferredReplies.push(new CallbackReplies(sender, ctx.turns, ctx.app.defaultLanguage));
    channels.set(name, { name, settings, sender });
  }
  ctx.logger.info({ channels: [...channels.keys()] }, 'generic webhook on at /webhook/:channel');
  const replier = new DeadlineReplier(ctx.store.deliveries, ctx.deferredReplies, ctx.background, ctx.logger, ctx.app.deliveryLeaseMs);
  return { routes: [webhookRouter(ctx, replier, channels)], senders, deferredReplies };
}
