import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { HierarchicalNSW } from 'hnswlib-node';

/** Room left in a loaded graph for edits, so adding a document's points does not copy the whole graph. */
const headroom = (count: number) => Math.max(1024, Math.ceil(count * 0.02));

/** How long serving-thread work over all passages runs before letting searches in. */
export const sliceBudgetMs = 4;

/** Lets the event loop run (searches due meanwhile) between slices of in-memory work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Cuts a long loop on the serving thread into slices of a few ms, so a search due meanwhile
 * waits one slice at most: `if (slicer.due()) await slicer.pause();` (the clock is read every
 * `every` iterations only).
 */
export class Slicer {
  private start = performance.now();
  private count = 0;
  constructor(
    private readonly budgetMs = sliceBudgetMs,
    private readonly every = 512,
  ) {}

  due(): boolean {
    return ++this.count % this.every === 0 && performance.now() - this.start > this.budgetMs;
  }

  async pause(): Promise<void> {
    await yieldToLoop();
    this.start = performance.now();
  }
}

/** Runs a generator that yields at its pause points, letting the event loop in at each one that is due. */
export async function drainSliced<T>(work: Generator<void, T>, slicer = new Slicer(sliceBudgetMs, 1)): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (slicer.due()) await slicer.pause();
  }
}

/** Runs such a generator to its end without pausing. */
export function drain<T>(work: Generator<void, T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/**
 * One version's view of an HNSW graph: which graph labels are its passages, at which positions.
 * Versions derived in memory from a loaded one share its native graph: an edit adds its new
 * points to it (new labels no older view knows) and marks the removed ones deleted once the
 * new version serves; every search filters to its own view's labels, so an older version
 * still being searched never sees a newer one's points.
 */
export class VectorView {
  private constructor(
    readonly index: HierarchicalNSW,
    /** Graph label → passage position in this version (-1: not in this version). */
    private readonly labelToPos: Int32Array,
    /** Live points in this view. */
    readonly size: number,
  ) {}

  /** A graph loaded with a version: its docstore maps labels to positions. */
  static fromStore(store: HNSWLib): VectorView {
    const index = store.index;
    const labels = index.getCurrentCount();
    if (index.getMaxElements() < labels + headroom(labels)) index.resizeIndex(labels + headroom(labels));
    const labelToPos = new Int32Array(labels).fill(-1);
    for (const [label, document] of store.docstore._docs) labelToPos[Number(label)] = document.metadata.index as number;
    return new VectorView(index, labelToPos, store.docstore._docs.size);
  }

  /** Nearest passages by cosine similarity, best first. */
  nearest(vector: number[], n: number): Array<{ index: number; similarity: number }> {
    const k = Math.min(n, this.size);
    if (k <= 0) return [];
    // hnswlib searches with ef = 10 unless told otherwise, which misses neighbours; ef ≥ k is required.
    this.index.setEf(Math.max(64, k * 2));
    const map = this.labelToPos;
    const { neighbors, distances } = this.index.searchKnn(vector, k, (label) => label < map.length && map[label]! >= 0);
    return neighbors.map((label, i) => ({ index: map[label]!, similarity: 1 - distances[i]! }));
  }

  /**
   * The next version's view: passages at `removed` (positions here) gone, kept ones renumbered
   * by `oldToNew`, and `added` vectors appended as new points (positions `kept`, `kept + 1`, …),
   * a few at a time so searches keep being served. Returns the labels to mark deleted once the
   * new version serves (marking them now would hide them from this one).
   */
  async derive(oldToNew: Int32Array, kept: number, added: readonly ArrayLike<number>[]): Promise<{ view: VectorView; retired: number[] }> {
    const first = this.index.getCurrentCount();
    if (this.index.getMaxElements() < first + added.length) this.index.resizeIndex(first + added.length + headroom(first));
    const labelToPos = new Int32Array(first + added.length).fill(-1);
    const retired: number[] = [];
    const slicer = new Slicer();
    for (let label = 0; label < this.labelToPos.length; label++) {
      const pos = this.labelToPos[label]!;
      if (slicer.due()) await slicer.pause();
      if (pos < 0) continue;
      const to = oldToNew[pos]!;
      if (to >= 0) labelToPos[label] = to;
      else retired.push(label);
    }
    const points = new Slicer(sliceBudgetMs, 1);
    for (let i = 0; i < added.length; i++) {
      this.index.addPoint(Array.from(added[i]!), first + i);
      labelToPos[first + i] = kept + i;
      if (points.due()) await points.pause();
    }
    return { view: new VectorView(this.index, labelToPos, kept + added.length), retired };
  }

  /** Marks points no version in use holds any more, so searches skip them. */
  retire(labels: readonly number[]): void {
    for (const label of labels) this.index.markDelete(label);
  }
}
