import { z } from 'zod';
import { BusinessHoursError, parseBusinessHours } from '../handoff/business-hours.js';

const optionalText = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((value) => value || undefined);

/**
 * The staff desk in the console, what customers are told while they wait, and how long their
 * conversations are kept.
 */
export const staffDeskSettings = {
  /** bcrypt work factor for staff passwords (each +1 doubles the time a sign-in takes). */
  STAFF_PASSWORD_HASH_COST: z.coerce.number().int().min(4).max(15).default(12),
  /** How often the console's live views look for changes made by any process (Slack, another server). */
  CONSOLE_LIVE_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** How the shop is reached when no staff desk is configured (any of these three). */
  SUPPORT_CONTACT_EMAIL: optionalText,
  SUPPORT_CONTACT_PHONE: optionalText,
  SUPPORT_CONTACT_HOURS: optionalText,
  /** When staff answer, e.g. `mon-fri 09:00-18:00; sat 10:00-14:00`; unset means always. */
  BUSINESS_HOURS: optionalText,
  BUSINESS_TIMEZONE: z.string().trim().min(1).default('UTC'),
  /** A customer writing while they wait gets a short status reply at most this often. */
  HANDOFF_STATUS_REPLY_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(5),
  /** Conversations with no activity for this many days are deleted or anonymised; 0 keeps them. */
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  RETENTION_MODE: z.enum(['anonymise', 'delete']).default('anonymise'),
  RETENTION_SWEEP_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(60),
};

/** Checks settings that only make sense together (the opening hours in their time zone). */
export function checkStaffDeskSettings(config: { BUSINESS_HOURS?: string | undefined; BUSINESS_TIMEZONE: string }, ctx: z.RefinementCtx): void {
  if (!config.BUSINESS_HOURS) return;
  try {
    parseBusinessHours(config.BUSINESS_HOURS, config.BUSINESS_TIMEZONE);
  } catch (error) {
    if (!(error instanceof BusinessHoursError)) throw error;
    ctx.addIssue({ code: 'custom', path: ['BUSINESS_HOURS'], message: error.message });
  }
}
