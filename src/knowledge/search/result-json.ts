import type { KnowledgePassage } from '../types.js';

/** One search result as the CLI and the admin API print it. */
export function searchResultJson(passage: KnowledgePassage) {
  const { source, section, text, answer, score, language, id, documentId, version, updated, translation, signals } = passage;
  return { source, section, text, ...(answer ? { answer } : {}), score, language, id, documentId, version, updated, translation, signals };
}
