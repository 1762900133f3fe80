import { defineChannel } from '../channel-adapter.js';
import { slackSecretKeys, slackSettings, slackSettingsOf, type SlackSettings } from './settings.js';

/** Slack: customers chatting with the app, and the staff channel escalations go to. */
export const slackChannel = defineChannel<typeof slackSettings, SlackSettings>({
  name: 'slack',
  settings: slackSettings,
  secretKeys: slackSecretKeys,
  configure(env) {
    const settings = slackSettingsOf(env);
    return settings ? { settings } : { off: 'slack adapter off: SLACK_BOT_TOKEN is not set' };
  },
  // Loaded only when the channel is on: reading the configuration never pulls in Bolt.
  start: async (ctx) => (await import('./start.js')).startSlack(ctx),
});
