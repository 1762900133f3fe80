import { z } from 'zod';
import type { SettingsOf } from '../../../adapters/channel-adapter.js';

/** The channel's environment variables; a real channel documents each in .env.example. */
export const exampleSettings = {
  /** Shared secret the platform sends as `Authorization: Bearer …`; unset, the channel is off. */
  EXAMPLE_CHANNEL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where messages written later (staff replies, late answers) are POSTed. */
  EXAMPLE_CHANNEL_CALLBACK_URL: z.url().optional(),
};

export const exampleSecretKeys = ['EXAMPLE_CHANNEL_TOKEN'] as const;

export type ExampleEnv = SettingsOf<typeof exampleSettings>;
export interface ExampleSettings {
  token: string;
  callbackUrl?: string;
}
