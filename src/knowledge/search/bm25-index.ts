import type { QueryGroup } from '../text/analyzer.js';
import { Postings, TopK } from './postings.js';
import { drain } from '../index/vector-view.js';

function identity(size: number): Int32Array {
  const map = new Int32Array(size);
  for (let i = 0; i < size; i++) map[i] = i;
  return map;
}

/** How much a Chinese word's bigrams or characters count for, next to the word itself. */
const partCredit = 0.6;

/** Per-question arrays over all passages, reused: searches run one at a time on a thread. */
interface Scratch {
  best: Float64Array;
  partial: Float64Array;
  total: Float64Array;
  seen: Uint8Array;
  /** Passages a group (or a group's parts) scored, and all passages found so far: each passage at most once. */
  touched: Int32Array;
  partTouched: Int32Array;
  found: Int32Array;
}

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
 *
 * The postings of the version it was loaded from are compact and shared; a version derived in
 * memory from it (one document edited) sees them through a position map, with the removed
 * documents' statistics taken back and the added documents in a small overlay, so an edit
 * costs the size of the edit, not of the knowledge base.
 */
export class Bm25Index {
  private readonly base: Postings;
  /**
   * Base document → position here (-1: removed), and back (-1: added since). The version
   * loaded from disk has identity maps rather than none: every search then runs the same
   * code shape, and the first searches after the first edit are not slowed by the JIT
   * recompiling the posting walk for a map it had never seen (80, 43, 33 ms instead of ~10 ms
   * at 100k passages).
   */
  private readonly baseToPos: Int32Array;
  private readonly posToBase: Int32Array;
  /** Documents added since the base, by position here: term → position → tf. */
  private readonly overlay: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Base documents removed since, per term row. */
  private readonly removedDf: ReadonlyMap<number, number>;
  private readonly lengths: Float64Array;
  private readonly averageLength: number;
  private scratch: Scratch | null = null;
  private norms: Float64Array | null = null;

  constructor(
    documents: ReadonlyArray<readonly string[]>,
    private readonly k1 = 1.2,
    private readonly b = 0.75,
    derived?: {
      base: Postings;
      baseToPos: Int32Array;
      posToBase: Int32Array;
      overlay: ReadonlyMap<string, ReadonlyMap<number, number>>;
      removedDf: ReadonlyMap<number, number>;
      lengths: Float64Array;
    },
  ) {
    if (derived) {
      ({ base: this.base, baseToPos: this.baseToPos, posToBase: this.posToBase, overlay: this.overlay, removedDf: this.removedDf, lengths: this.lengths } = derived);
    } else {
      this.base = new Postings(documents);
      this.baseToPos = identity(this.base.size);
      this.posToBase = this.baseToPos;
      this.overlay = new Map();
      this.removedDf = new Map();
      this.lengths = this.base.lengths;
    }
    let total = 0;
    for (let i = 0; i < this.lengths.length; i++) total += this.lengths[i]!;
    this.averageLength = total / Math.max(1, this.lengths.length);
  }

  get size(): number {
    return this.lengths.length;
  }

  /**
   * Searches a tiny edited index, so the JIT has seen passages added and removed (the overlay,
   * the removed documents' statistics) before the first real edit: otherwise the first searches
   * after it recompile the scoring on the serving thread (32 ms for a 10 ms search at 100k).
   */
  static warmUpEditedPaths(): void {
    const loaded = new Bm25Index([
      ['refund', 'order'],
      ['return', 'order'],
      ['退款', '订单'],
    ]);
    const edited = loaded.withChanges(new Set([1]), [['refund', 'exchange']]);
    for (let i = 0; i < 50; i++) edited.search([{ terms: ['refund', 'order'] }, { terms: ['退款'], parts: ['退', '款'] }], 2);
  }

  /**
   * This index with the passages at `removed` (positions here) taken out and `added` (their
   * terms) appended: kept passages keep their order, the added ones come after them. Statistics
   * (document count, lengths, document frequencies) are those of the new set of passages.
   */
  withChanges(removed: ReadonlySet<number>, added: ReadonlyArray<readonly string[]>): Bm25Index {
    return drain(this.changing(removed, added));
  }

  /** withChanges with pause points every few thousand passages, for the serving thread to let searches in between. */
  *changing(removed: ReadonlySet<number>, added: ReadonlyArray<readonly string[]>): Generator<void, Bm25Index> {
    const oldSize = this.size;
    const oldToNew = new Int32Array(oldSize);
    let kept = 0;
    for (let pos = 0; pos < oldSize; pos++) {
      oldToNew[pos] = removed.has(pos) ? -1 : kept++;
      if ((pos & 0xfff) === 0) yield;
    }
    const newSize = kept + added.length;
    const lengths = new Float64Array(newSize);
    for (let pos = 0; pos < oldSize; pos++) if (oldToNew[pos]! >= 0) lengths[oldToNew[pos]!] = this.lengths[pos]!;
    yield;
    const baseSize = this.base.size;
    const baseToPos = new Int32Array(baseSize);
    const posToBase = new Int32Array(newSize).fill(-1);
    for (let doc = 0; doc < baseSize; doc++) {
      const old = this.baseToPos[doc]!;
      const pos = old >= 0 ? oldToNew[old]! : -1;
      baseToPos[doc] = pos;
      if (pos >= 0) posToBase[pos] = doc;
      if ((doc & 0xfff) === 0) yield;
    }
    const removedDf = new Map(this.removedDf);
    for (const pos of removed) {
      const doc = this.posToBase[pos]!;
      if (pos >= oldSize || doc < 0) continue;
      for (let i = this.base.forwardOffsets[doc]!; i < this.base.forwardOffsets[doc + 1]!; i++) {
        const row = this.base.forward[i]!;
        removedDf.set(row, (removedDf.get(row) ?? 0) + 1);
      }
    }
    yield;
    const overlay = new Map<string, Map<number, number>>();
    let copied = 0;
    for (const [term, posting] of this.overlay) {
      if ((++copied & 0xff) === 0) yield;
      for (const [pos, tf] of posting) {
        const to = oldToNew[pos]!;
        if (to < 0) continue;
        let row = overlay.get(term);
        if (!row) overlay.set(term, (row = new Map()));
        row.set(to, tf);
      }
    }
    added.forEach((terms, i) => {
      const pos = kept + i;
      lengths[pos] = terms.length;
      for (const term of terms) {
        let row = overlay.get(term);
        if (!row) overlay.set(term, (row = new Map()));
        row.set(pos, (row.get(pos) ?? 0) + 1);
      }
    });
    return new Bm25Index([], this.k1, this.b, { base: this.base, baseToPos, posToBase, overlay, removedDf, lengths });
  }

  /** Passages that use the term. */
  private df(term: string): number {
    const row = this.base.ids.get(term);
    const inBase = row === undefined ? 0 : this.base.offsets[row + 1]! - this.base.offsets[row]! - (this.removedDf.get(row) ?? 0);
    return inBase + (this.overlay.get(term)?.size ?? 0);
  }

  /** A term no passage contains gets the highest idf: a question about it is not answered here. */
  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Every term some passage uses. */
  *vocabulary(): IterableIterator<string> {
    for (const term of this.base.ids.keys()) if (this.df(term) > 0) yield term;
    for (const term of this.overlay.keys()) if (!this.base.ids.has(term) || this.df(term) === 0) yield term;
  }

  /** Whether any passage uses the term: what the knowledge base "knows". */
  knows(term: string): boolean {
    return this.df(term) > 0;
  }

  /** Whether the passage at `index` uses the term. */
  holds(term: string, index: number): boolean {
    if (this.overlay.get(term)?.has(index)) return true;
    const row = this.base.ids.get(term);
    if (row === undefined) return false;
    const doc = this.posToBase[index] ?? -1;
    return doc >= 0 && doc < this.base.size && this.base.holds(row, doc);
  }

  /**
   * For every passage using the term, its BM25 score for the term divided by `divisor`, either
   * kept where higher than `into[index]` or added to it; the passages whose `into` was 0 are
   * appended to `touched` from `count` on, and the new count returned. Typed arrays and no
   * callback: a search walks over 100k postings at 100k passages, and growing plain arrays
   * and calling a function per posting made it several times slower.
   */
  private scorePostings(term: string, into: Float64Array, touched: Int32Array, count: number, divisor: number, add: boolean): number {
    const idf = this.idf(term);
    const k1p1 = this.k1 + 1;
    const norms = this.lengthNorms();
    const row = this.base.ids.get(term);
    if (row !== undefined) {
      const { docs, tfs, offsets } = this.base;
      const map = this.baseToPos;
      for (let i = offsets[row]!, end = offsets[row + 1]!; i < end; i++) {
        const index = map[docs[i]!]!;
        if (index < 0) continue;
        const tf = tfs[i]!;
        const score = (idf * tf * k1p1) / (tf + norms[index]!) / divisor;
        const old = into[index]!;
        if (add) {
          if (old === 0) touched[count++] = index;
          into[index] = old + score;
        } else if (score > old) {
          if (old === 0) touched[count++] = index;
          into[index] = score;
        }
      }
    }
    const extra = this.overlay.get(term);
    if (!extra) return count;
    for (const [index, tf] of extra) {
      const score = (idf * tf * k1p1) / (tf + norms[index]!) / divisor;
      const old = into[index]!;
      if (add) {
        if (old === 0) touched[count++] = index;
        into[index] = old + score;
      } else if (score > old) {
        if (old === 0) touched[count++] = index;
        into[index] = score;
      }
    }
    return count;
  }

  private scratchFor(): Scratch {
    const n = this.size;
    if (!this.scratch || this.scratch.best.length !== n) {
      this.scratch = {
        best: new Float64Array(n),
        partial: new Float64Array(n),
        total: new Float64Array(n),
        seen: new Uint8Array(n),
        touched: new Int32Array(n),
        partTouched: new Int32Array(n),
        found: new Int32Array(n),
      };
    }
    return this.scratch;
  }

  /**
   * Each group scores once, by its best term: a passage that says "退款" for a question's
   * "refund" scores as one that says "refund" and its concept, not half as well. A group's
   * parts (a Chinese word's bigrams or characters) score, discounted, where none of its
   * terms is found. Scores accumulate in arrays over all passages and only the k best are
   * kept (ties in the order passages were first found), so no candidate list is sorted.
   */
  search(groups: readonly QueryGroup[], k: number): Bm25Hit[] {
    const { best, partial, total, seen, touched, partTouched, found } = this.scratchFor();
    let foundCount = 0;
    for (const group of groups) {
      let touchedCount = 0;
      for (const term of group.terms) touchedCount = this.scorePostings(term, best, touched, touchedCount, 1, false);
      const parts = group.parts ?? [];
      if (parts.length > 0) {
        let partCount = 0;
        for (const part of parts) partCount = this.scorePostings(part, partial, partTouched, partCount, parts.length, true);
        for (let i = 0; i < partCount; i++) {
          const index = partTouched[i]!;
          const score = partCredit * partial[index]!;
          partial[index] = 0;
          if (score > best[index]!) {
            if (best[index] === 0) touched[touchedCount++] = index;
            best[index] = score;
          }
        }
      }
      for (let i = 0; i < touchedCount; i++) {
        const index = touched[i]!;
        if (!seen[index]) {
          seen[index] = 1;
          found[foundCount++] = index;
        }
        total[index] = total[index]! + best[index]!;
        best[index] = 0;
      }
    }
    const top = new TopK(k);
    for (let i = 0; i < foundCount; i++) top.push(found[i]!, total[found[i]!]!);
    for (let i = 0; i < foundCount; i++) {
      total[found[i]!] = 0;
      seen[found[i]!] = 0;
    }
    const coverage = this.coverageOf(groups);
    return top.result().map(({ index, score }) => ({ index, score, coverage: coverage(index) }));
  }

  /** k1 × each passage's length normalisation, worked out once per version instead of once per posting. */
  private lengthNorms(): Float64Array {
    return this.norms ?? drain(this.preparing());
  }

  /** Works out what every search needs (length norms, scratch arrays) a slice at a time, so a new version's first search does not. */
  *preparing(): Generator<void, Float64Array> {
    if (this.norms) return this.norms;
    const norms = new Float64Array(this.size);
    for (let index = 0; index < norms.length; index++) {
      norms[index] = this.k1 * (1 - this.b + (this.b * this.lengths[index]!) / this.averageLength);
      if ((index & 0x7fff) === 0x7fff) yield;
    }
    this.scratchFor();
    return (this.norms = norms);
  }

  /**
   * For a question, a function giving any passage's coverage (also for passages found by
   * vector only): the share of the question's KNOWN content the passage holds. A group weighs
   * what the customer's own word weighs in these documents (idf); only when no passage uses
   * that word (a question in the other language) does its glossary concept stand in, and then
   * its parts. A word no passage uses (a date, "yesterday", a product name, a symptom) weighs
   * nothing: it is detail the documents cannot speak to, not evidence against a passage.
   */
  coverageOf(groups: readonly QueryGroup[], holds: (term: string, index: number) => boolean = (term, index) => this.holds(term, index)): (index: number) => number {
    const units = groups.map((group) => {
      const words = group.terms.filter((term) => !term.startsWith('~') && this.knows(term));
      const concepts = group.terms.filter((term) => term.startsWith('~') && this.knows(term));
      const known = words.length ? words : concepts;
      const parts = (group.parts ?? []).filter((part) => this.knows(part));
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
    const known = groups.filter((group) => group.terms.some((t) => this.knows(t)) || (group.parts ?? []).some((p) => this.knows(p))).length;
    return groups.length ? known / groups.length : 0;
  }
}
