import { z } from 'zod';
import type { SettingsOf } from '../channel-adapter.js';

/** One shop system talking to the bot over the generic JSON webhook. */
export const webhookChannelSchema = z.object({
  /** Shared HMAC-SHA256 secret; signs requests to us and our callbacks to them. */
  secret: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)'),
  /** Where replies (late bot answers, staff messages) are POSTed. */
  callbackUrl: z.url({ protocol: /^https?$/ }),
  /** Answers ready within this time come back in the response; later ones go to the callback. 0 = always the callback. */
  replyBudgetMs: z.number().int().min(0).max(60_000).default(5000),
  /** Attempts per callback before giving up (retries back off exponentially). */
  maxAttempts: z.number().int().min(1).max(20).default(6),
  /** Time allowed for one callback request. */
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
});
export type WebhookChannelSettings = z.infer<typeof webhookChannelSchema>;

const channelName = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const webhookChannels = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object: {"<channel>": {"secret": "…", "callbackUrl": "https://…"}}' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(z.string(), webhookChannelSchema).superRefine((channels, ctx) => {
      for (const name of Object.keys(channels)) {
        if (!channelName.test(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'channel names are 1-32 of a-z 0-9 _ -, starting with a letter or digit' });
        }
      }
    }),
  );

export const webhookSettings = {
  /** JSON object of channel name → settings; unset means the generic webhook is off. */
  WEBHOOK_CHANNELS: webhookChannels.optional(),
  WEBHOOK_MAX_CLOCK_SKEW_S: z.coerce.number().int().min(1).default(300),
};

export const webhookSecretKeys = ['WEBHOOK_CHANNELS'] as const;

export type WebhookEnv = SettingsOf<typeof webhookSettings>;
