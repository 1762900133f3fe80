import { z } from 'zod';

const account = z.looseObject({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

/**
 * The fields of a Bot Framework activity this adapter relies on. Everything else passes
 * through untouched to the SDK; a request without these cannot be answered at all, so it
 * is refused with 400 before authentication or any work.
 */
export const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().min(1).optional(),
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  from: account,
  recipient: account,
  text: z.string().optional(),
  textFormat: z.string().optional(),
  locale: z.string().optional(),
  timestamp: z.string().optional(),
});
export type RawActivity = z.infer<typeof activitySchema>;
