import type { Language, Passage } from '../domain/types.js';

/** What an ingested document is, as listed by `aftercare kb list` and the admin API. */
export interface DocumentInfo {
  /** Path relative to the folder it was ingested from (or the file name): unique in the knowledge base. */
  id: string;
  /** The file's base name, which citations show. */
  source: string;
  title?: string;
  language: Language;
  /** The document's own version (front matter, the last amendment of a statute) or a content hash. */
  version: string;
  /** When the document says it was last updated, else when the file was last modified (ISO 8601). */
  updated?: string;
  /** sha256 of the extracted text: an unchanged document is not re-embedded. */
  hash: string;
  /** 1 for the first ingest, +1 each time the document is replaced with different content. */
  revision: number;
  ingestedAt: string;
  chunks: number;
  /** Documents with the same key in different languages are translations of each other. */
  translationKey: string;
}

/** One retrievable rule: a heading's text, a statute article, a numbered clause, or a size-split part of one. */
export interface Chunk {
  /** `<document id>#<n>`, stable while the document does not change. */
  id: string;
  documentId: string;
  source: string;
  title?: string;
  /** Heading path above the chunk (chapters, sections), outermost first. */
  headings: string[];
  /** What a citation shows: the heading, `第二十五条`, or `heading › 3`. */
  section?: string;
  text: string;
  language: Language;
  /** Structural address (heading ordinals, article or clause number, part) used to align translations. */
  position: string;
  version: string;
  updated?: string;
  /**
   * Alternative phrasings: questions this passage answers, attached by an admin (from the
   * misses list, the console or `kb alias`). Indexed (keywords, vector, topic) and matched like
   * the headings, never quoted; stored in the version's chunks.json, so they are versioned with
   * the document and survive its replacement.
   */
  phrasings?: string[];
  /** Questions a language model wrote for this passage at ingest (doc2query): indexed like `phrasings`, dropped when the text changes. */
  modelPhrasings?: string[];
}

export interface ParsedDocument {
  info: Omit<DocumentInfo, 'revision' | 'ingestedAt'>;
  chunks: Chunk[];
}

/** The other-language version of a passage, when the knowledge base holds one. */
export interface TranslationRef {
  id: string;
  source: string;
  section?: string;
  language: Language;
  text: string;
}

/** A retrieved passage with what the knowledge base knows about it beyond the core's `Passage`. */
export interface KnowledgePassage extends Passage {
  documentId: string;
  title?: string;
  version: string;
  updated?: string;
  translation?: TranslationRef;
  /** Why it was found: keyword share of the question matched, vector similarity, rank in each list. */
  signals: {
    coverage: number;
    similarity: number | null;
    keywordRank: number | null;
    vectorRank: number | null;
    /** How much the question and the passage are about the same thing (the intent model's topics), 0..1. */
    topic: number;
    /** Share of the question's known content its headings hold. */
    heading: number;
    /** Its keyword score relative to the best keyword hit. */
    keyword: number;
    /** Share of the question's words the knowledge base knows at all. */
    known: number;
    /** The probability it answers the question, which the relevance check compares with RETRIEVAL_MIN_SCORE. */
    relevance: number;
  };
}
