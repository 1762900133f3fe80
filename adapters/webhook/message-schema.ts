import { z } from 'zod';

/** A customer message from a shop's own system (mini-program, app backend). */
export const webhookMessageSchema = z.object({
  /** The shop's id for this message; resending it never produces a second answer. */
  messageId: z.string().min(1).max(256),
  /** The shop's id for the conversation (e.g. its user or session id). */
  conversation: z.string().min(1).max(256),
  userId: z.string().min(1).max(256).optional(),
  userName: z.string().max(256).optional(),
  text: z.string().trim().min(1).max(4000),
  /** When the customer sent it (ISO 8601); defaults to now. */
  sentAt: z.iso.datetime({ offset: true }).optional(),
  /** Anything the shop wants back with replies to this conversation (its own session ids…). */
  context: z
    .record(z.string(), z.unknown())
    .refine((value) => JSON.stringify(value).length <= 4096, 'must be at most 4 KB of JSON')
    .optional(),
});
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;
