import { z } from 'zod';

export const languageSchema = z.enum(['en', 'zh']);
export type Language = z.infer<typeof languageSchema>;

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

export type SentimentLabel = Outcome['sentiment']['label'];

export interface SentimentScore {
  label: SentimentLabel;
  /** Confidence in `label`, 0..1. */
  score: number;
  /** -1 (very negative) .. 1 (very positive); what escalation trends are computed from. */
  polarity: number;
  /** Which analyser produced it, e.g. `lexicon-v1` or a model id. */
  model: string;
}

export interface IntentResult {
  label: string;
  confidence: number;
  entities: Record<string, string>;
  source: string;
}

export interface Citation {
  source: string;
  section?: string;
}

export interface Passage {
  id: string;
  source: string;
  section?: string;
  text: string;
  language: Language;
  score: number;
  /**
   * The sentences of `text` that answer the question (with the exceptions and safety notes that
   * qualify them), when the knowledge base could narrow the passage down; absent: all of it.
   */
  answer?: string;
}

/**
 * Something else the customer may have meant, offered after an answer when another rule came
 * close: `title` is what a button or a numbered line shows, `text` what the customer sends by tapping it.
 */
export const followUpSchema = z.object({ title: z.string(), text: z.string() });
export type FollowUp = z.infer<typeof followUpSchema>;

export type ConversationState = 'bot' | 'escalated' | 'human' | 'resolved';

/** What the bot remembers of the turns that no longer fit verbatim in its prompt. */
export interface ConversationSummary {
  text: string;
  /** The newest message the summary covers; later messages are still shown verbatim. */
  throughMessageId: number;
}

export interface Conversation {
  id: string;
  channel: string;
  conversationKey: string;
  userId: string;
  language: Language | null;
  state: ConversationState;
  /** The adapter's reply context from the customer's latest message. */
  replyContext: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredMessage {
  id: number;
  conversationId: string;
  direction: 'in' | 'out';
  author: 'customer' | 'bot' | 'staff';
  text: string;
  language: Language | null;
  sentiment: SentimentScore | null;
  intent: string | null;
  meta: Record<string, unknown> | null;
  createdAt: Date;
}

export type EscalationReason = Outcome['escalationReasons'][number];

export interface EscalationDecision {
  escalate: boolean;
  reasons: EscalationReason[];
  /** Human-readable evidence per reason (the matched phrase, the trend), for staff and audits. */
  evidence: string[];
}

export type ReplyKind = Outcome['replyKind'];

export interface Reply {
  kind: ReplyKind;
  text: string;
  citations: Citation[];
  /** Close alternatives to offer; channels render them as buttons or numbered lines. */
  followUps?: FollowUp[];
}

/** The stable, documented result of one turn (see README "Outcome JSON"). */
export const outcomeSchema = z.object({
  /** The conversation key the message came with. */
  conversation: z.string(),
  messageId: z.string(),
  /** Text to send the customer; empty when the bot stays silent (a human owns the conversation). */
  reply: z.string(),
  replyKind: z.enum(['answer', 'greeting', 'no_answer', 'escalation_ack', 'waiting_for_staff', 'rating_thanks', 'none']),
  language: languageSchema,
  sentiment: z.object({ label: z.enum(['negative', 'neutral', 'positive']), score: z.number().min(0).max(1), model: z.string() }),
  intent: z.string(),
  escalated: z.boolean(),
  escalationReasons: z.array(
    z.enum([
      'human_requested',
      'anger',
      'frustration_trend',
      'threat',
      'high_risk_topic',
      'repeated_question',
      'unanswered',
      'unsupported_commitment',
      'repeated_contact',
      'broken_promise',
      'no_response',
      'fraud_accusation',
      'compensation_demand',
    ]),
  ),
  citations: z.array(z.object({ source: z.string(), section: z.string().optional() })),
  /**
   * Other policy sections that came close to answering, for the customer to tap (buttons in the
   * widget, Slack and Teams; numbered lines in plain-text channels). Absent in outcomes stored
   * before follow-ups existed.
   */
  followUps: z.array(followUpSchema).optional(),
  handledBy: z.enum(['bot', 'human']),
  /** True when this message id was handled before and this is the stored outcome replayed. */
  duplicate: z.boolean(),
});
export type Outcome = z.infer<typeof outcomeSchema>;
