import type { ConversationSummary, IntentResult, Language, Passage, Reply, SentimentScore, StoredMessage } from '../../domain/types.js';

export interface ResponderInput {
  /**
   * The customer's message as written. Whatever a responder sends to a language model goes
   * through the chat model's redaction layer, which removes personal data before it leaves.
   */
  text: string;
  language: Language;
  intent: IntentResult;
  sentiment: SentimentScore;
  passages: readonly Passage[];
  /** Earlier messages of the conversation, oldest first. */
  history: readonly StoredMessage[];
  /** The stored summary of turns older than the verbatim memory, if any. */
  summary: ConversationSummary | null;
  /** How long the answer may take before the passage answer is used instead (ms). */
  budgetMs: number;
  /** For channels that show partial replies: pieces of the answer that passed the guard. */
  onDelta?: (text: string) => void;
  /** Order actions the shop's system has done in this conversation; the reply may claim only these. */
  actionsDone?: ReadonlyArray<{ kind: 'cancel' | 'return' | 'refund' }>;
}

/** Why a reply is not the language model's own answer. */
export type FallbackReason = 'no_llm' | 'timeout' | 'unavailable' | 'circuit_open' | 'rejected' | 'bad_response' | 'budget_too_small' | 'ungrounded' | 'guard_removed_everything';

/** What a responder did, for the turn's analytics event and audits (never message bodies). */
export interface ReplyTrace {
  responder: string;
  model?: string;
  ms: number;
  fallback?: FallbackReason;
  /** Sentences the guard or the output checks took out, each with why. */
  removed?: Array<{ sentence: string; problems: string[] }>;
  inventedIds?: string[];
  citedIds?: string[];
  /** Passages left out because they read as instructions to the model. */
  droppedPassages?: string[];
  injectionSuspected?: boolean;
  streamedSentences?: number;
  summary?: 'updated' | 'failed' | 'not_needed';
  memoryTokens?: number;
}

export interface ResponderResult {
  /** Null when the passages do not answer the message: the core says so honestly instead. */
  reply: Reply | null;
  /** Set when a human must take over, e.g. the model promised what the policy does not say. */
  escalation?: { reason: 'unsupported_commitment'; evidence: string[] };
  /** A newer summary of older turns, to be saved with the turn. */
  summary?: ConversationSummary;
  trace: ReplyTrace;
}

/** Writes the answer to one customer message from the retrieved passages. */
export interface Responder {
  readonly name: string;
  respond(input: ResponderInput): Promise<ResponderResult>;
}
