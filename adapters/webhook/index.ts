import type { Router } from 'express';
import type { Runtime } from '../../src/runtime.js';
import { DeadlineReplier } from '../shared/deadline-reply.js';
import { CallbackSender } from './callback-sender.js';
import { CallbackReplies } from './deferred-replies.js';
import { webhookRouter, type WebhookChannel } from './router.js';

/** `POST /webhook/:channel` for the channels in WEBHOOK_CHANNELS; none (logged) when unset. */
export function webhookRoutes(runtime: Runtime): Router[] {
  const configured = runtime.config.WEBHOOK_CHANNELS;
  if (!configured || Object.keys(configured).length === 0) {
    runtime.logger.info('generic webhook off: WEBHOOK_CHANNELS is not set');
    return [];
  }
  const channels = new Map<string, WebhookChannel>();
  for (const [name, settings] of Object.entries(configured)) {
    const sender = new CallbackSender(name, settings, runtime.logger);
    runtime.channels.register(sender);
    runtime.deferredReplies.register(new CallbackReplies(sender, runtime.templates, runtime.config.DEFAULT_LANGUAGE));
    channels.set(name, { name, settings, sender });
  }
  runtime.logger.info({ channels: [...channels.keys()] }, 'generic webhook on at /webhook/:channel');
  return [webhookRouter(runtime, new DeadlineReplier(runtime.store.deliveries, runtime.deferredReplies, runtime.background, runtime.logger, runtime.config.DELIVERY_LEASE_MS), channels)];
}
