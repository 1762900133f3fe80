import type { Config } from '../../src/config/schema.js';
import { ConfigError } from '../../src/config/load-config.js';

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
export function slackSettingsOf(config: Config): SlackSettings | null {
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken) {
    const stray = (['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_STAFF_CHANNEL', 'SLACK_SUPPORT_CHANNEL'] as const).filter((key) => config[key]);
    if (stray.length > 0) throw new ConfigError([`SLACK_BOT_TOKEN is required when ${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set`]);
    return null;
  }
  if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    throw new ConfigError([
      'SLACK_BOT_TOKEN is set, but neither SLACK_SIGNING_SECRET (Events API over HTTP) nor SLACK_APP_TOKEN (Socket Mode) is',
    ]);
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
