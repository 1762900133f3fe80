import type { QueryGroup } from '../text/analyzer.js';

export interface Bm25Hit {
  index: number;
  score: number;
  /** Share of the question's idf mass whose group was found in the passage, 0..1: a length-free relevance cue. */
  coverage: number;
}

/**
 * Okapi BM25 over pre-analysed terms. Questions arrive as groups (a word with its glossary
 * concept); coverage counts a group as found when any of its terms is, so a Chinese passage
 * that expresses an English question's concept covers it.
 */
export class Bm25Index {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[] = [];
  private readonly averageLength: number;

  constructor(
    documents: ReadonlyArray<readonly string[]>,
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    documents.forEach((terms, index) => {
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

  /** A term no passage contains gets the highest idf: a question about it is not answered here. */
  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * Each group scores once, by its best term: a passage that says "退款" for a question's
   * "refund" scores as one that says "refund" and its concept, not half as well.
   */
  search(groups: readonly QueryGroup[], k: number): Bm25Hit[] {
    const scores = new Map<number, number>();
    for (const group of groups) {
      const best = new Map<number, number>();
      for (const term of group.terms) {
        const posting = this.postings.get(term);
        if (!posting) continue;
        const idf = this.idf(term);
        for (const [index, tf] of posting) {
          const norm = 1 - this.b + (this.b * this.lengths[index]!) / this.averageLength;
          const score = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * norm);
          if (score > (best.get(index) ?? 0)) best.set(index, score);
        }
      }
      for (const [index, score] of best) scores.set(index, (scores.get(index) ?? 0) + score);
    }
    const coverage = this.coverageOf(groups);
    return [...scores.entries()]
      .map(([index, score]) => ({ index, score, coverage: coverage(index) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }

  /**
   * For a question, a function giving any passage's coverage (also for passages found by
   * vector only). A group weighs what the customer's own word weighs in these documents; only
   * when no passage uses that word (a question in the other language) does its glossary
   * concept stand in. A word found nowhere weighs the most, so a question about something the
   * documents never mention is not taken as answered.
   */
  coverageOf(groups: readonly QueryGroup[]): (index: number) => number {
    const weights = groups.map((group) => {
      const words = group.terms.filter((term) => !term.startsWith('~') && this.postings.has(term));
      const concepts = group.terms.filter((term) => term.startsWith('~') && this.postings.has(term));
      const known = words.length ? words : concepts;
      return known.length ? Math.min(...known.map((term) => this.idf(term))) : this.idf('');
    });
    const total = weights.reduce((sum, w) => sum + w, 0);
    return (index) => {
      if (total === 0) return 0;
      let found = 0;
      groups.forEach((group, g) => {
        if (group.terms.some((term) => this.postings.get(term)?.has(index))) found += weights[g]!;
      });
      return found / total;
    };
  }
}
