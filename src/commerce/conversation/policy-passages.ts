import type { Language, Passage } from '../../domain/types.js';
import type { Retriever } from '../../core/ports/retriever.js';

/**
 * The shop's own rule for a case, found by its heading ("Late or lost parcels", "快递延误或丢件"),
 * preferring the customer's language; null when the knowledge base has no such rule.
 */
export async function ruleBySection(retriever: Retriever, sections: readonly string[], language: Language): Promise<Passage | null> {
  const found: Passage[] = [];
  for (const section of sections) {
    const passages = await retriever.search(section, { k: 8, language });
    found.push(...passages.filter((p) => p.section !== undefined && sections.some((s) => p.section!.toLowerCase().includes(s.toLowerCase()))));
  }
  return found.find((p) => p.language === language) ?? found[0] ?? null;
}
