import type { Language, SentimentLabel, EscalationReason, ReplyKind, ConversationState } from './enums.js';
import type { FollowUp } from './schemas.js';

export * from './enums.js';
export type { Inbound, FollowUp, Outcome } from './schemas.js';

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

export interface EscalationDecision {
  escalate: boolean;
  reasons: EscalationReason[];
  /** Human-readable evidence per reason (the matched phrase, the trend), for staff and audits. */
  evidence: string[];
}

export interface Reply {
  kind: ReplyKind;
  text: string;
  citations: Citation[];
  /** Close alternatives to offer; channels render them as buttons or numbered lines. */
  followUps?: FollowUp[];
}
