import type { Language, Passage } from '../core/types.js';

export interface SearchOptions {
  k: number;
  /** The customer's language: passages in it are preferred when they are about as relevant. */
  language?: Language;
}

/** What the core's retrieve stage needs from the knowledge base. */
export interface Retriever {
  readonly name: string;
  search(query: string, options: SearchOptions): Promise<Passage[]>;
}
