import { z } from 'zod';
import { bool } from './settings-helpers.js';

/** How escalations are handed to staff, whatever surface they work in. */
export const handoffSettings = {
  HANDOFF_REMINDER_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(10),
  HANDOFF_MAX_REMINDERS: z.coerce.number().int().min(0).max(100).default(3),
  HANDOFF_ASK_RATING: bool.default(true),
  HANDOFF_TRANSCRIPT_MESSAGES: z.coerce.number().int().min(1).max(50).default(8),
};
