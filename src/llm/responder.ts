import type { IntentResult, Language, Passage, Reply, SentimentScore, StoredMessage } from '../core/types.js';

export interface ResponderInput {
  /** The customer's message with personal data replaced by placeholders. */
  text: string;
  language: Language;
  intent: IntentResult;
  sentiment: SentimentScore;
  passages: readonly Passage[];
  history: readonly StoredMessage[];
}

/**
 * Writes the answer to one customer message from the retrieved passages. Returns null when
 * the passages do not answer it, so the core can say so honestly instead of guessing.
 */
export interface Responder {
  readonly name: string;
  respond(input: ResponderInput): Promise<Reply | null>;
}
