import { z } from 'zod';

/** The admin console at /admin (same ADMIN_TOKEN as the admin API). */
export const consoleSettings = {
  ADMIN_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
};
