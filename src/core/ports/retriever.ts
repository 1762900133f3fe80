import type { Language, Passage } from '../../domain/types.js';

export interface SearchOptions {
  k: number;
  /** The customer's language: passages in it are preferred when they are about as relevant. */
  language?: Language;
  /**
   * Words for what the question is about, e.g. from its intent ("refund arrive business
   * days"). They help rank passages but do not count towards a passage answering the
   * question, so a hint can never turn an unrelated question into an answer.
   */
  hint?: string;
  /**
   * The hint comes from a confident reading of the question (its intent), so a passage that
   * answers the hint answers the question: "快递有点慢" is about tracking even though it
   * shares no word with the tracking rule.
   */
  hintIsEvidence?: boolean;
  /** When the reply is due (ms since epoch): a retriever that asks a model must finish well before. */
  deadlineAt?: number;
}

/** What the core's retrieve stage needs from the knowledge base. */
export interface Retriever {
  readonly name: string;
  search(query: string, options: SearchOptions): Promise<Passage[]>;
  /**
   * Starts what a search for this text will need (encoding it with the embedding model, in a
   * process of its own) so it runs while the turn reads the message; the search then finds
   * it done. Never fails: a search does the work itself if this did not.
   */
  prepare?(query: string): void;
}
