import { z } from 'zod';
import type { ChannelAdapter } from '../../adapters/channel-adapter.js';
import { channelSecretKeys, channelSettings, secretKeysOfChannels, settingsOfChannels } from '../../adapters/registry.js';
import { LANGUAGES } from '../domain/enums.js';
import { bool, optionalSecret, port, positiveInt, unitInterval } from './settings-helpers.js';
import { consoleSettings } from './console-settings.js';
import { escalationSettings } from './escalation-settings.js';
import { handoffSettings } from './handoff-settings.js';
import { intentSettings } from './intent-settings.js';
import { knowledgeSettings } from './knowledge-settings.js';
import { llmSettings } from './llm-settings.js';
import { recommendSettings } from './recommend-settings.js';
import { replySettings } from './reply-settings.js';
import { sentimentSettings } from './sentiment-settings.js';
import { serverSettings } from './server-settings.js';
import { shopSecretKeys, shopSettings } from './shop-settings.js';
import { checkStaffDeskSettings, staffDeskSettings } from './staff-desk-settings.js';
import { storeSecretKeys, storeSettings } from './store-settings.js';

/**
 * Core settings are listed here; each area keeps its own in `<area>-settings.ts` and is
 * spread in below, so adding a setting touches one small file. Each channel's settings live
 * in its own folder (adapters/<channel>/settings.ts) and arrive through the channel registry.
 */
export const coreSettings = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  AFTERCARE_DATA_DIR: z.string().min(1).default('./data'),
  KNOWLEDGE_DIR: z.string().min(1).default('./knowledge'),
  PROMPTS_DIR: z.string().min(1).default('./prompts'),
  /** Local models in transformers.js layout, shared by every model (sentiment, embeddings); hub downloads are cached here. */
  MODELS_DIR: z.string().min(1).default('./models'),
  DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('en'),
  ADMIN_TOKEN: optionalSecret,
  /** SQLite's quick_check over the database at start-up: a damaged file stops start-up with a message instead of failing turns. */
  STORE_CHECK_ON_START: bool.default(true),
  TURN_LOCK_TIMEOUT_MS: positiveInt.default(30_000),
  INBOX_LEASE_MS: positiveInt.default(60_000),
  INBOX_RETRY_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  INBOX_RETRY_AFTER_MS: positiveInt.default(30_000),
  INBOX_RETRY_MAX_ATTEMPTS: positiveInt.default(5),
  DELIVERY_LEASE_MS: positiveInt.default(60_000),
  HISTORY_TURNS: positiveInt.default(20),
  RETRIEVAL_TOP_K: positiveInt.default(4),
  RETRIEVAL_MIN_SCORE: unitInterval.default(0.19),
  ESCALATE_ON_HUMAN_REQUEST: bool.default(true),
  ESCALATION_ANGER_THRESHOLD: unitInterval.default(0.85),
  ESCALATION_TREND_TURNS: positiveInt.default(3),
  ESCALATION_UNANSWERED_TURNS: positiveInt.default(2),
  METRICS_ENABLED: bool.default(true),
  ...serverSettings,
  ...llmSettings,
  ...intentSettings,
  ...sentimentSettings,
  ...escalationSettings,
  ...handoffSettings,
  ...replySettings,
  ...knowledgeSettings,
  ...consoleSettings,
  ...staffDeskSettings,
  ...shopSettings,
  ...recommendSettings,
  ...storeSettings,
};

export const configSchema = z.object({ ...coreSettings, ...channelSettings }).superRefine(checkStaffDeskSettings);

export type Config = z.infer<typeof configSchema>;

/** The schema with more channels than the registry's (a new channel's test, before it joins the registry). */
export function configSchemaWith(extraChannels: readonly ChannelAdapter[]): z.ZodType<Config> {
  return z.object({ ...coreSettings, ...channelSettings, ...settingsOfChannels(extraChannels) }).superRefine(checkStaffDeskSettings) as unknown as z.ZodType<Config>;
}

/** Variables whose values must never be printed, even in error messages. */
export const secretKeys: ReadonlySet<string> = new Set(['ADMIN_TOKEN', 'OPENAI_API_KEY', ...shopSecretKeys, ...channelSecretKeys, ...storeSecretKeys]);

export function secretKeysWith(extraChannels: readonly ChannelAdapter[]): ReadonlySet<string> {
  return new Set([...secretKeys, ...secretKeysOfChannels(extraChannels)]);
}
