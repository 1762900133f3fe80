import { ConfigError } from '../../src/config/errors.js';
import type { ChannelSender } from '../../src/core/channels.js';
import type { DeferredReplySender } from '../../src/core/deferred-replies.js';
import type { ChannelContext } from '../channel-adapter.js';
import type { WechatEnv } from './settings.js';
import type { CallbackChannel } from './callback-router.js';
import type { MessageMode } from './callback-security.js';
import { MessageCrypto } from './crypto.js';
import { PlatformReplies } from './deferred-replies.js';
import { PlatformApi } from './platform-api.js';
import { customerServiceSender, PlatformTextSender, wecomAppSender } from './text-sender.js';
import { KF_CHANNEL, kfSendBody } from './wecom-kf.js';

/** The Official Account (公众号) callback at /wechat, or null (logged) when WECHAT_TOKEN is unset. */
export function officialAccountChannel(runtime: ChannelContext<WechatEnv>): CallbackChannel | null {
  const { settings: config, logger } = runtime;
  const senders: ChannelSender[] = [];
  const deferredReplies: DeferredReplySender[] = [];
  if (!config.WECHAT_TOKEN) {
    logger.info('WeChat Official Account adapter off: WECHAT_TOKEN is not set');
    return null;
  }
  const aesKey = config.WECHAT_ENCODING_AES_KEY;
  const mode: MessageMode = config.WECHAT_MESSAGE_MODE ?? (aesKey ? 'compatible' : 'plain');
  const problems: string[] = [];
  if (mode !== 'plain' && !aesKey) problems.push(`WECHAT_ENCODING_AES_KEY: required when WECHAT_MESSAGE_MODE=${mode}`);
  if (aesKey && !config.WECHAT_APP_ID) problems.push('WECHAT_APP_ID: required with WECHAT_ENCODING_AES_KEY (decrypted messages must name this app)');
  if (config.WECHAT_APP_SECRET && !config.WECHAT_APP_ID) problems.push('WECHAT_APP_ID: required with WECHAT_APP_SECRET');
  if (problems.length > 0) throw new ConfigError(problems);

  const appId = config.WECHAT_APP_ID;
  const api =
    appId && config.WECHAT_APP_SECRET
      ? new PlatformApi({
          baseUrl: config.WECHAT_API_BASE_URL,
          tokenCacheKey: `wechat:${appId}`,
          tokenRequest: { path: '/cgi-bin/token', query: { grant_type: 'client_credential', appid: appId, secret: config.WECHAT_APP_SECRET } },
          keyValues: runtime.store.keyValues,
          locks: runtime.store.locks,
          logger,
        })
      : null;
  const sender = api ? customerServiceSender(api) : null;
  if (sender && api) {
    senders.push(sender);
    deferredReplies.push(new PlatformReplies('wechat', sender, runtime.turns, config.WECHAT_DEFAULT_LANGUAGE, api));
  } else {
    logger.warn(
      'WECHAT_APP_ID/WECHAT_APP_SECRET not set: replies go only in the callback response (slow ones on the platform’s retries), and staff replies cannot reach WeChat customers',
    );
  }
  logger.info({ mode, api: Boolean(api), replyBudgetMs: config.WECHAT_REPLY_BUDGET_MS }, 'WeChat Official Account adapter on at /wechat');
  if (mode === 'compatible') {
    // The plain `signature` covers timestamp and nonce, not the body: within the clock-skew window a captured one signs any body.
    logger.warn(
      {
        mode,
        chosen: config.WECHAT_MESSAGE_MODE ? 'WECHAT_MESSAGE_MODE' : 'default with WECHAT_ENCODING_AES_KEY set',
        replayWindowS: config.WECHAT_MAX_CLOCK_SKEW_S,
        fix: "switch the console's 消息加解密方式 to 安全模式 and set WECHAT_MESSAGE_MODE=safe",
      },
      'WeChat runs in compatible mode: plaintext pushes are accepted, and a captured signature passes with any body until its timestamp is too old',
    );
  }
  return {
    channel: 'wechat',
    path: '/wechat',
    security: {
      token: config.WECHAT_TOKEN,
      crypto: aesKey && appId ? new MessageCrypto(aesKey, appId) : null,
      mode,
      plainSignature: true,
      maxClockSkewS: config.WECHAT_MAX_CLOCK_SKEW_S,
    },
    replyBudgetMs: config.WECHAT_REPLY_BUDGET_MS,
    sender,
    senders,
    deferredReplies,
  };
}

/** The WeCom (企业微信) application callback at /wecom, or null (logged) when WECOM_TOKEN is unset. */
export function wecomChannel(runtime: ChannelContext<WechatEnv>): CallbackChannel | null {
  const { settings: config, logger } = runtime;
  const senders: ChannelSender[] = [];
  const deferredReplies: DeferredReplySender[] = [];
  if (!config.WECOM_TOKEN) {
    logger.info('WeCom adapter off: WECOM_TOKEN is not set');
    return null;
  }
  const corpId = config.WECOM_CORP_ID;
  const aesKey = config.WECOM_ENCODING_AES_KEY;
  // WeCom callbacks are always encrypted, with the CorpID as the receiver.
  const problems: string[] = [];
  if (!corpId) problems.push('WECOM_CORP_ID: required when WECOM_TOKEN is set');
  if (!aesKey) problems.push('WECOM_ENCODING_AES_KEY: required when WECOM_TOKEN is set (WeCom callbacks are always encrypted)');
  if (config.WECOM_SECRET && !config.WECOM_AGENT_ID) problems.push('WECOM_AGENT_ID: required with WECOM_SECRET (messages are sent as this application)');
  if (problems.length > 0 || !corpId || !aesKey) throw new ConfigError(problems);

  const api = config.WECOM_SECRET
    ? new PlatformApi({
        baseUrl: config.WECOM_API_BASE_URL,
        tokenCacheKey: `wecom:${corpId}:${config.WECOM_AGENT_ID}`,
        tokenRequest: { path: '/cgi-bin/gettoken', query: { corpid: corpId, corpsecret: config.WECOM_SECRET } },
        keyValues: runtime.store.keyValues,
        locks: runtime.store.locks,
        logger,
      })
    : null;
  const sender = api && config.WECOM_AGENT_ID ? wecomAppSender(api, config.WECOM_AGENT_ID) : null;
  if (sender && api) {
    senders.push(sender);
    deferredReplies.push(new PlatformReplies('wecom', sender, runtime.turns, config.WECHAT_DEFAULT_LANGUAGE, api));
  } else logger.warn('WECOM_SECRET not set: WeCom replies go only in the callback response, and staff replies cannot reach WeCom users');

  // 微信客服 has its own secret (the app secret no longer works for it since 2023-12).
  const kfApi = config.WECOM_KF_SECRET
    ? new PlatformApi({
        baseUrl: config.WECOM_API_BASE_URL,
        tokenCacheKey: `${KF_CHANNEL}:${corpId}`,
        tokenRequest: { path: '/cgi-bin/gettoken', query: { corpid: corpId, corpsecret: config.WECOM_KF_SECRET } },
        keyValues: runtime.store.keyValues,
        locks: runtime.store.locks,
        logger,
      })
    : null;
  const kfSender = kfApi ? new PlatformTextSender(KF_CHANNEL, kfApi, '/cgi-bin/kf/send_msg', kfSendBody) : null;
  if (kfApi && kfSender) {
    senders.push(kfSender);
    deferredReplies.push(new PlatformReplies(KF_CHANNEL, kfSender, runtime.turns, config.WECHAT_DEFAULT_LANGUAGE, kfApi, true));
  }
  logger.info({ api: Boolean(api), customerService: Boolean(kfApi), replyBudgetMs: config.WECOM_REPLY_BUDGET_MS }, 'WeCom adapter on at /wecom');
  return {
    channel: 'wecom',
    path: '/wecom',
    security: {
      token: config.WECOM_TOKEN,
      crypto: new MessageCrypto(aesKey, corpId),
      mode: 'safe',
      plainSignature: false,
      maxClockSkewS: config.WECHAT_MAX_CLOCK_SKEW_S,
    },
    replyBudgetMs: config.WECOM_REPLY_BUDGET_MS,
    sender,
    senders,
    deferredReplies,
    customerService: kfApi && kfSender ? { api: kfApi, sender: kfSender, corpId } : null,
  };
}
