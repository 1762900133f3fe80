import type { QueryGroup } from '../text/analyzer.js';

/** How much a Chinese word's bigrams or characters count for, next to the word itself. */
const partCredit = 0.6;

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

  /** Every term some passage uses. */
  vocabulary(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** Whether any passage uses the term: what the knowledge base "knows". */
  knows(term: string): boolean {
    return this.postings.has(term);
  }

  private termScore(term: string, index: number, tf: number): number {
    const norm = 1 - this.b + (this.b * this.lengths[index]!) / this.averageLength;
    return (this.idf(term) * tf * (this.k1 + 1)) / (tf + this.k1 * norm);
  }

  /**
   * Each group scores once, by its best term: a passage that says "退款" for a question's
   * "refund" scores as one that says "refund" and its concept, not half as well. A group's
   * parts (a Chinese word's bigrams or characters) score, discounted, where none of its
   * terms is found.
   */
  search(groups: readonly QueryGroup[], k: number): Bm25Hit[] {
    const scores = new Map<number, number>();
    for (const group of groups) {
      const best = new Map<number, number>();
      for (const term of group.terms) {
        for (const [index, tf] of this.postings.get(term) ?? []) {
          const score = this.termScore(term, index, tf);
          if (score > (best.get(index) ?? 0)) best.set(index, score);
        }
      }
      const parts = group.parts ?? [];
      if (parts.length > 0) {
        const partial = new Map<number, number>();
        for (const part of parts) {
          for (const [index, tf] of this.postings.get(part) ?? []) partial.set(index, (partial.get(index) ?? 0) + this.termScore(part, index, tf) / parts.length);
        }
        for (const [index, score] of partial) if (partCredit * score > (best.get(index) ?? 0)) best.set(index, partCredit * score);
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
   * vector only): the share of the question's KNOWN content the passage holds. A group weighs
   * what the customer's own word weighs in these documents (idf); only when no passage uses
   * that word (a question in the other language) does its glossary concept stand in, and then
   * its parts. A word no passage uses (a date, "yesterday", a product name, a symptom) weighs
   * nothing: it is detail the documents cannot speak to, not evidence against a passage.
   */
  coverageOf(
    groups: readonly QueryGroup[],
    holds: (term: string, index: number) => boolean = (term, index) => this.postings.get(term)?.has(index) ?? false,
  ): (index: number) => number {
    const units = groups.map((group) => {
      const words = group.terms.filter((term) => !term.startsWith('~') && this.postings.has(term));
      const concepts = group.terms.filter((term) => term.startsWith('~') && this.postings.has(term));
      const known = words.length ? words : concepts;
      const parts = (group.parts ?? []).filter((part) => this.postings.has(part));
      if (known.length) return { group, weight: Math.min(...known.map((term) => this.idf(term))), parts, partShare: partCredit };
      if (parts.length === 0) return { group, weight: 0, parts, partShare: 0 };
      // Only pieces of the word are known: the word weighs what they weigh, discounted.
      const weight = (partCredit * parts.reduce((sum, part) => sum + this.idf(part), 0)) / (group.parts ?? []).length;
      return { group, weight, parts, partShare: 1 };
    });
    const total = units.reduce((sum, unit) => sum + unit.weight, 0);
    return (index) => {
      if (total === 0) return 0;
      let found = 0;
      for (const { group, weight, parts, partShare } of units) {
        if (weight === 0) continue;
        if (group.terms.some((term) => holds(term, index))) found += weight;
        else if (parts.length > 0) found += (partShare * weight * parts.filter((part) => holds(part, index)).length) / parts.length;
      }
      return Math.min(1, found / total);
    };
  }

  /** The share of the question's words (groups) the knowledge base knows at all: low for a question about something else. */
  knownShare(groups: readonly QueryGroup[]): number {
    const known = groups.filter((group) => group.terms.some((t) => this.postings.has(t)) || (group.parts ?? []).some((p) => this.postings.has(p))).length;
    return groups.length ? known / groups.length : 0;
  }
}
