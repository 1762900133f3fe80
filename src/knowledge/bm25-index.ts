import { tokenize } from './tokenize.js';

export interface Bm25Hit {
  index: number;
  score: number;
  /** Share of the query's idf mass found in the document, 0..1: a length-free relevance cue. */
  coverage: number;
}

/** Okapi BM25 over `tokenize`'s terms; small, in memory, rebuilt with the knowledge base. */
export class Bm25Index {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[] = [];
  private averageLength = 0;

  constructor(
    texts: readonly string[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    texts.forEach((text, index) => {
      const terms = tokenize(text);
      this.lengths[index] = terms.length;
      for (const term of terms) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = new Map()));
        posting.set(index, (posting.get(index) ?? 0) + 1);
      }
    });
    this.averageLength = this.lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, this.lengths.length);
  }

  get size(): number {
    return this.lengths.length;
  }

  private idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  search(query: string, k: number): Bm25Hit[] {
    const terms = [...new Set(tokenize(query))];
    const totalIdf = terms.reduce((sum, term) => sum + this.idf(term), 0);
    const scores = new Map<number, { score: number; matchedIdf: number }>();
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      for (const [index, tf] of posting) {
        const norm = 1 - this.b + (this.b * this.lengths[index]!) / this.averageLength;
        const entry = scores.get(index) ?? { score: 0, matchedIdf: 0 };
        entry.score += (idf * tf * (this.k1 + 1)) / (tf + this.k1 * norm);
        entry.matchedIdf += idf;
        scores.set(index, entry);
      }
    }
    return [...scores.entries()]
      .map(([index, { score, matchedIdf }]) => ({ index, score, coverage: totalIdf > 0 ? matchedIdf / totalIdf : 0 }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }
}
