/**
 * Keyword postings in compact typed arrays (compressed sparse rows): at 100k passages, a Map
 * of Maps costs hundreds of milliseconds to walk per question and hundreds of megabytes; these
 * walk in a few. Built once per loaded version and shared, immutable, by every version derived
 * from it in memory (see Bm25Index.withChanges).
 */
export class Postings {
  /** Term → row. */
  readonly ids = new Map<string, number>();
  /** Row r's documents are docs[offsets[r] .. offsets[r + 1]), ascending, with their term frequencies. */
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
  readonly tfs: Uint32Array;
  /** Each document's distinct term rows (the transpose), so a removed document's statistics can be taken back. */
  readonly forwardOffsets: Int32Array;
  readonly forward: Int32Array;
  readonly lengths: Float64Array;

  constructor(documents: ReadonlyArray<readonly string[]>) {
    this.lengths = new Float64Array(documents.length);
    // Pass 1: term rows, and each document's distinct rows with their counts.
    const counts: number[] = [];
    const forwardOffsets = new Int32Array(documents.length + 1);
    const forwardRows: number[] = [];
    const forwardTfs: number[] = [];
    const local = new Map<number, number>();
    documents.forEach((terms, doc) => {
      this.lengths[doc] = terms.length;
      local.clear();
      for (const term of terms) {
        let row = this.ids.get(term);
        if (row === undefined) {
          row = this.ids.size;
          this.ids.set(term, row);
          counts.push(0);
        }
        local.set(row, (local.get(row) ?? 0) + 1);
      }
      for (const [row, tf] of local) {
        forwardRows.push(row);
        forwardTfs.push(tf);
        counts[row]!++;
      }
      forwardOffsets[doc + 1] = forwardRows.length;
    });
    // Pass 2: rows filled in document order, so each row's documents come out ascending.
    this.offsets = new Int32Array(counts.length + 1);
    for (let row = 0; row < counts.length; row++) this.offsets[row + 1] = this.offsets[row]! + counts[row]!;
    this.docs = new Int32Array(forwardRows.length);
    this.tfs = new Uint32Array(forwardRows.length);
    const fill = this.offsets.slice(0, counts.length);
    for (let doc = 0; doc < documents.length; doc++) {
      for (let i = forwardOffsets[doc]!; i < forwardOffsets[doc + 1]!; i++) {
        const row = forwardRows[i]!;
        const at = fill[row]!++;
        this.docs[at] = doc;
        this.tfs[at] = forwardTfs[i]!;
      }
    }
    this.forwardOffsets = forwardOffsets;
    this.forward = Int32Array.from(forwardRows);
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Whether base document `doc` holds row `row` (binary search in the row). */
  holds(row: number, doc: number): boolean {
    let low = this.offsets[row]!;
    let high = this.offsets[row + 1]! - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.docs[middle]!;
      if (value === doc) return true;
      if (value < doc) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/** The k best of a stream of (index, score), best first; ties keep the order they arrived in. */
export class TopK {
  private readonly indexes: number[] = [];
  private readonly scores: number[] = [];
  private readonly orders: number[] = [];
  private arrivals = 0;

  constructor(private readonly k: number) {}

  /** Whether a is worse than b: lower score, or the same score and arrived later. */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.orders[a]! > this.orders[b]!);
  }

  push(index: number, score: number): void {
    const order = this.arrivals++;
    if (this.k <= 0) return;
    if (this.indexes.length < this.k) {
      this.indexes.push(index);
      this.scores.push(score);
      this.orders.push(order);
      this.up(this.indexes.length - 1);
      return;
    }
    // The root is the worst kept; a newcomer replaces it only when strictly better (a tie arrived later).
    if (score <= this.scores[0]!) return;
    this.indexes[0] = index;
    this.scores[0] = score;
    this.orders[0] = order;
    this.down(0);
  }

  /** Best first. */
  result(): Array<{ index: number; score: number }> {
    const items = this.indexes.map((index, i) => ({ index, score: this.scores[i]!, order: this.orders[i]! }));
    items.sort((a, b) => b.score - a.score || a.order - b.order);
    return items.map(({ index, score }) => ({ index, score }));
  }

  private swap(a: number, b: number): void {
    [this.indexes[a], this.indexes[b]] = [this.indexes[b]!, this.indexes[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
    [this.orders[a], this.orders[b]] = [this.orders[b]!, this.orders[a]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.indexes.length;
    for (;;) {
      let worst = i;
      const left = 2 * i + 1;
      const right = left + 1;
      if (left < n && this.worse(left, worst)) worst = left;
      if (right < n && this.worse(right, worst)) worst = right;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}
