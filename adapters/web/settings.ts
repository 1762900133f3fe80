import { z } from 'zod';
import { bool } from '../../src/config/settings-helpers.js';
import type { SettingsOf } from '../channel-adapter.js';

/** `https://shop.example` → itself; `*` → any origin; anything with a path or no scheme is refused. */
const origins = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const list = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    for (const item of list) {
      if (item === '*') continue;
      let parsed: URL | null = null;
      try {
        parsed = new URL(item);
      } catch {
        /* reported below */
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== item.replace(/\/$/, '')) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin like https://shop.example (scheme, host and port only)` });
        return z.NEVER;
      }
    }
    return list.map((item) => item.replace(/\/$/, ''));
  });

/** The web chat widget (`adapters/web`): who may embed it, how long a visitor's conversation lasts, how fast they may write. */
export const widgetSettings = {
  WIDGET_ENABLED: bool.default(true),
  WIDGET_ALLOWED_ORIGINS: origins,
  /** Signs visitors' conversation tokens; unset, one is generated once and kept in the store. */
  WIDGET_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  WIDGET_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  WIDGET_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(12),
  WIDGET_READS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(120),
  WIDGET_SESSIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
  /** How often an open push stream looks for staff replies written by another process. */
  WIDGET_PUSH_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Open push streams (GET /api/widget/events) per conversation (tabs), per address and per process; each holds a socket. */
  WIDGET_STREAMS_PER_CONVERSATION: z.coerce.number().int().min(1).max(100).default(4),
  WIDGET_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  WIDGET_STREAMS_TOTAL: z.coerce.number().int().min(1).max(1_000_000).default(400),
};

export const widgetSecretKeys = ['WIDGET_TOKEN_SECRET'] as const;
export type WidgetSettings = SettingsOf<typeof widgetSettings>;

/** The plain JSON chat API (`POST /api/chat`) for a shop's own backend. */
export const chatApiSettings = {
  /** Optional bearer token for the plain `POST /api/chat` integration API and its message feed. */
  CHAT_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
};

export const chatApiSecretKeys = ['CHAT_API_TOKEN'] as const;
export type ChatApiSettings = SettingsOf<typeof chatApiSettings>;
