import { z } from 'zod';
import { ESCALATION_REASONS, HANDLERS, LANGUAGES, REPLY_KINDS, SENTIMENT_LABELS } from './enums.js';

// The wire shapes (what adapters hand in, what a turn returns) are checked with zod; their enums
// are the domain's own lists, so the schema follows the domain and never the other way round.

export const languageSchema = z.enum(LANGUAGES);

/** One customer message as every adapter hands it to the core. */
export const inboundSchema = z.object({
  channel: z.string().min(1).max(64),
  /** The channel's own key for the conversation (a DM id, a WeChat OpenID, a widget token's subject). */
  conversationKey: z.string().min(1).max(256),
  userId: z.string().min(1).max(256),
  /** The platform's message id; the unit of deduplication. */
  messageId: z.string().min(1).max(256),
  text: z.string().max(20_000),
  timestamp: z.coerce.date(),
  userName: z.string().max(256).optional(),
  /** Channel data the adapter needs again to answer (thread ids, reply tokens); opaque to the core. */
  replyContext: z.record(z.string(), z.unknown()).optional(),
});
export type Inbound = z.infer<typeof inboundSchema>;

/**
 * Something else the customer may have meant, offered after an answer when another rule came
 * close: `title` is what a button or a numbered line shows, `text` what the customer sends by tapping it.
 */
export const followUpSchema = z.object({ title: z.string(), text: z.string() });
export type FollowUp = z.infer<typeof followUpSchema>;

/** The stable, documented result of one turn (see README "Outcome JSON"). */
export const outcomeSchema = z.object({
  /** The conversation key the message came with. */
  conversation: z.string(),
  messageId: z.string(),
  /** Text to send the customer; empty when the bot stays silent (a human owns the conversation). */
  reply: z.string(),
  replyKind: z.enum(REPLY_KINDS),
  language: languageSchema,
  sentiment: z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number().min(0).max(1), model: z.string() }),
  intent: z.string(),
  escalated: z.boolean(),
  escalationReasons: z.array(z.enum(ESCALATION_REASONS)),
  citations: z.array(z.object({ source: z.string(), section: z.string().optional() })),
  /**
   * Other policy sections that came close to answering, for the customer to tap (buttons in the
   * widget, Slack and Teams; numbered lines in plain-text channels). Absent in outcomes stored
   * before follow-ups existed.
   */
  followUps: z.array(followUpSchema).optional(),
  handledBy: z.enum(HANDLERS),
  /** True when this message id was handled before and this is the stored outcome replayed. */
  duplicate: z.boolean(),
});
export type Outcome = z.infer<typeof outcomeSchema>;
