import { defineChannel, type ChannelContext, type StartedChannel } from '../channel-adapter.js';
import { DeadlineReplier } from '../shared/deadline-reply.js';
import { callbackRouter } from './callback-router.js';
import { wechatSecretKeys, wechatSettings, type WechatEnv } from './settings.js';
import { officialAccountChannel, wecomChannel } from './setup.js';

/**
 * The WeChat Official Account (/wechat) and WeCom (/wecom) callbacks. Each is off until its
 * token is set, and says so itself: one setting family, two platforms.
 */
export const wechatChannel = defineChannel<typeof wechatSettings, WechatEnv>({
  name: 'wechat',
  settings: wechatSettings,
  secretKeys: wechatSecretKeys,
  configure: (env) => ({ settings: env }),
  start: startWechat,
});

function startWechat(ctx: ChannelContext<WechatEnv>): StartedChannel {
  const replier = new DeadlineReplier(ctx.store.deliveries, ctx.deferredReplies, ctx.background, ctx.logger, ctx.app.deliveryLeaseMs);
  const accounts = [officialAccountChannel(ctx), wecomChannel(ctx)].filter((setup) => setup !== null);
  return {
    routes: accounts.map((setup) => callbackRouter(ctx, replier, setup)),
    senders: accounts.flatMap((setup) => setup.senders),
    deferredReplies: accounts.flatMap((setup) => setup.deferredReplies),
  };
}
