import type { Passage } from '../core/types.js';
import { Bm25Index } from './bm25-index.js';
import { loadSections, type Section } from './markdown-sections.js';
import type { Retriever, SearchOptions } from './retriever.js';

/**
 * BM25 over the knowledge folder's sections. It understands no paraphrase and no
 * cross-language question, which the hybrid retriever adds; it is the keyword half of that.
 */
export class KeywordRetriever implements Retriever {
  readonly name = 'bm25';
  private readonly index: Bm25Index;

  constructor(
    private readonly sections: readonly Section[],
    private readonly minCoverage: number,
  ) {
    this.index = new Bm25Index(sections.map((s) => `${s.section ?? ''}\n${s.text}`));
  }

  static async fromDirectory(dir: string, minCoverage: number): Promise<KeywordRetriever> {
    return new KeywordRetriever(await loadSections(dir, 'en'), minCoverage);
  }

  get size(): number {
    return this.sections.length;
  }

  async search(query: string, { k, language }: SearchOptions): Promise<Passage[]> {
    const hits = this.index.search(query, k * 3).filter((hit) => hit.coverage >= this.minCoverage);
    const passages = hits.map((hit) => {
      const section = this.sections[hit.index]!;
      // A passage in the customer's own language wins a near tie: it can be quoted as is.
      const boost = language && section.language === language ? 1.15 : 1;
      return { ...section, score: Number((hit.score * boost).toFixed(4)) } satisfies Passage;
    });
    return passages.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
