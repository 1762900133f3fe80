import { z } from 'zod';

// Slack ids, not names: events carry ids, and a renamed channel must not silently break handoff.
const channelId = z.string().regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel ID such as C0123456789 (channel details → Copy ID), not a name');

/** Slack: customers chatting with the app, and the staff channel escalations go to. Off without a bot token. */
export const slackSettings = {
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…)').optional(),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_STAFF_CHANNEL: channelId.optional(),
  SLACK_SUPPORT_CHANNEL: channelId.optional(),
};

export const slackSecretKeys = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'] as const;
