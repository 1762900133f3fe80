import { z } from 'zod';
import { ConfigError } from '../../src/config/errors.js';
import type { SettingsOf } from '../channel-adapter.js';

// Slack ids, not names: events carry ids, and a renamed channel must not silently break handoff.
const channelId = z.string().regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel ID such as C0123456789 (channel details → Copy ID), not a name');

/** Slack: customers chatting with the app, and the staff channel escalations go to. Off without a bot token. */
export const slackSettings = {
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token (xoxb-…)')
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
    .optional(),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_STAFF_CHANNEL: channelId.optional(),
  SLACK_SUPPORT_CHANNEL: channelId.optional(),
};

export const slackSecretKeys = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'] as const;

export type SlackEnv = SettingsOf<typeof slackSettings>;

export interface SlackSettings {
  botToken: string;
  /** HTTP mode (Events API at POST /slack/events) when set. */
  signingSecret?: string;
  /** Socket Mode when set; takes precedence over HTTP. */
  appToken?: string;
  apiUrl: string;
  staffChannel?: string;
  supportChannel?: string;
}

/** Null when Slack is not configured (the adapter is off); a half-configured Slack stops start-up. */
export function slackSettingsOf(config: SlackEnv): SlackSettings | null {
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken) {
    const stray = (['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_STAFF_CHANNEL', 'SLACK_SUPPORT_CHANNEL'] as const).filter((key) => config[key]);
    if (stray.length > 0) throw new ConfigError([`SLACK_BOT_TOKEN is required when ${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set`]);
    return null;
  }
  if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    throw new ConfigError(['SLACK_BOT_TOKEN is set, but neither SLACK_SIGNING_SECRET (Events API over HTTP) nor SLACK_APP_TOKEN (Socket Mode) is']);
  }
  if (config.SLACK_STAFF_CHANNEL && config.SLACK_STAFF_CHANNEL === config.SLACK_SUPPORT_CHANNEL) {
    throw new ConfigError(['SLACK_STAFF_CHANNEL and SLACK_SUPPORT_CHANNEL must be different channels: staff notes must never reach customers']);
  }
  return {
    botToken,
    apiUrl: config.SLACK_API_URL,
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_STAFF_CHANNEL ? { staffChannel: config.SLACK_STAFF_CHANNEL } : {}),
    ...(config.SLACK_SUPPORT_CHANNEL ? { supportChannel: config.SLACK_SUPPORT_CHANNEL } : {}),
  };
}
