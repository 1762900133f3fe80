// The domain's closed vocabularies, as plain lists: everything else (the wire schemas in
// schemas.ts, configuration, the store) derives its checks from these.

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** What kind of message the bot sent back (or `none` when it stays silent). */
export const REPLY_KINDS = ['answer', 'greeting', 'no_answer', 'escalation_ack', 'waiting_for_staff', 'rating_thanks', 'none'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

/** Why a conversation went to staff; each is explained to staff with evidence (docs/escalation.md). */
export const ESCALATION_REASONS = [
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
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const CONVERSATION_STATES = ['bot', 'escalated', 'human', 'resolved'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** Who answered a turn. */
export const HANDLERS = ['bot', 'human'] as const;
export type Handler = (typeof HANDLERS)[number];
