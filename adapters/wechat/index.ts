import type { Router } from 'express';
import type { Runtime } from '../../src/runtime.js';
import { DeadlineReplier } from '../shared/deadline-reply.js';
import { callbackRouter } from './callback-router.js';
import { officialAccountChannel, wecomChannel } from './setup.js';

/** The WeChat Official Account (/wechat) and WeCom (/wecom) callbacks that are configured. */
export function wechatRoutes(runtime: Runtime): Router[] {
  const replier = new DeadlineReplier(runtime.store.deliveries, runtime.deferredReplies, runtime.background, runtime.logger, runtime.config.DELIVERY_LEASE_MS);
  return [officialAccountChannel(runtime), wecomChannel(runtime)]
    .filter((setup) => setup !== null)
    .map((setup) => callbackRouter(runtime, replier, setup));
}
