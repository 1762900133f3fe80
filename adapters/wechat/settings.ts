import { z } from 'zod';
import type { SettingsOf } from '../channel-adapter.js';

const secret = z.string().min(1).optional();
const encodingAesKey = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey shown in the platform console')
  .optional();
const replyBudgetMs = z.coerce.number().int().min(100).max(4800, 'must leave time to answer inside the platform’s 5-second limit (at most 4800 ms)');

/**
 * WeChat Official Account (公众号) and WeCom (企业微信) settings. Each adapter is off until its
 * token is set; the cross-field rules (safe mode needs the AES key and app id…) are checked
 * when the adapter starts, with a message naming the missing variable.
 */
export const wechatSettings = {
  WECHAT_TOKEN: secret,
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: secret,
  WECHAT_ENCODING_AES_KEY: encodingAesKey,
  WECHAT_MESSAGE_MODE: z.enum(['plain', 'compatible', 'safe']).optional(),
  WECHAT_API_BASE_URL: z.url().default('https://api.weixin.qq.com'),
  WECHAT_REPLY_BUDGET_MS: replyBudgetMs.default(4000),
  WECHAT_DEFAULT_LANGUAGE: z.enum(['en', 'zh']).default('zh'),
  WECHAT_MAX_CLOCK_SKEW_S: z.coerce.number().int().min(0).default(300),
  WECOM_CORP_ID: z.string().min(1).optional(),
  WECOM_TOKEN: secret,
  WECOM_ENCODING_AES_KEY: encodingAesKey,
  WECOM_SECRET: secret,
  WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
  WECOM_KF_SECRET: secret,
  WECOM_API_BASE_URL: z.url().default('https://qyapi.weixin.qq.com'),
  WECOM_REPLY_BUDGET_MS: replyBudgetMs.default(4000),
};

export const wechatSecretKeys = [
  'WECHAT_TOKEN',
  'WECHAT_APP_SECRET',
  'WECHAT_ENCODING_AES_KEY',
  'WECOM_TOKEN',
  'WECOM_SECRET',
  'WECOM_KF_SECRET',
  'WECOM_ENCODING_AES_KEY',
] as const;

export type WechatEnv = SettingsOf<typeof wechatSettings>;
