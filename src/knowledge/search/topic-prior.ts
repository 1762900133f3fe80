import type { IndexSnapshot } from '../index/index-snapshot.js';
import { indexTextOf } from '../index/version-files.js';
import type { Chunk } from '../types.js';
import { drain } from '../index/vector-view.js';
import { TopK } from './postings.js';

/**
 * Reads what a text is about as a probability distribution over topics: in aftercare, the
 * intent classifier (a model trained on customer messages) and its labels. The knowledge base
 * declares this port; the runtime plugs the classifier in.
 */
export interface TopicReader {
  readonly id: string;
  topics(text: string): ReadonlyArray<{ label: string; probability: number }>;
}

/**
 * What each passage of a version is about, one row of label probabilities per passage (a
 * passage's own text; its translation is averaged in at query time). Classifying 100k passages
 * takes the intent model about half a minute, so rows are stored with the version
 * (version-files.ts) and carried over for passages an edit did not touch; a row missing is
 * classified when first needed.
 */
export class PassageTopics {
  readonly labelIndex: ReadonlyMap<string, number>;

  constructor(
    readonly reader: string,
    readonly labels: readonly string[],
    /** passages × labels. */
    readonly rows: Float64Array,
    /** 1 where the row is filled. */
    readonly filled: Uint8Array,
  ) {
    this.labelIndex = new Map(labels.map((label, i) => [label, i]));
  }

  static empty(reader: TopicReader, size: number, labels?: readonly string[]): PassageTopics {
    const names = labels ?? reader.topics('').map((t) => t.label);
    return new PassageTopics(reader.id, names, new Float64Array(size * names.length), new Uint8Array(size));
  }

  get size(): number {
    return this.filled.length;
  }

  private columnMajor: Float32Array | null = null;
  private scores: { own: Float64Array; withTwins: Float64Array } | null = null;

  /**
   * Two arrays over the passages for `bestByBound`, reused by every question: allocating them
   * per question (1.6 MB at 100k passages) kept the garbage collector busy while serving.
   * Searches run one at a time on a thread, and the scan that uses them is synchronous.
   */
  scratchScores(): { own: Float64Array; withTwins: Float64Array } {
    return (this.scores ??= { own: new Float64Array(this.size), withTwins: new Float64Array(this.size) });
  }

  /**
   * The rows label by label (each label's passages side by side), for scans that read a few
   * labels of every passage: row by row they read all of them. Made once every row is filled,
   * since a filled row never changes; null before.
   */
  columns(): Float32Array | null {
    return this.columnMajor ?? drain(this.makingColumns());
  }

  /** The columns, made a few thousand passages at a time (a new version makes them before it serves). */
  *makingColumns(): Generator<void, Float32Array | null> {
    if (this.columnMajor) return this.columnMajor;
    if (this.filled.indexOf(0) !== -1) return null;
    const size = this.size;
    const width = this.labels.length;
    const columns = new Float32Array(size * width);
    for (let index = 0, at = 0; index < size; index++) {
      for (let l = 0; l < width; l++, at++) columns[l * size + index] = this.rows[at]!;
      if ((index & 0x1fff) === 0x1fff) yield;
    }
    return (this.columnMajor = columns);
  }

  /** Classifies the passage at `index` unless its row is filled. */
  fill(reader: TopicReader, index: number, chunk: Chunk): void {
    if (this.filled[index]) return;
    const width = this.labels.length;
    for (const { label, probability } of reader.topics(indexTextOf(chunk))) {
      const at = this.labelIndex.get(label);
      if (at !== undefined) this.rows[index * width + at] = probability;
    }
    this.filled[index] = 1;
  }

  /** Rows for the kept passages (old positions, in order) followed by `added` empty rows. */
  carried(kept: ArrayLike<number>, added: number): PassageTopics {
    return drain(this.carrying(kept, added));
  }

  /** carried with a pause point every few thousand rows, for the serving thread to let searches in between. */
  *carrying(kept: ArrayLike<number>, added: number): Generator<void, PassageTopics> {
    const width = this.labels.length;
    const size = kept.length + added;
    const rows = new Float64Array(size * width);
    const filled = new Uint8Array(size);
    // Kept passages come in long runs of consecutive positions: each run is one copy.
    for (let i = 0; i < kept.length;) {
      const from = kept[i]!;
      let end = i + 1;
      while (end < kept.length && end - i < 4096 && kept[end] === from + (end - i)) end++;
      rows.set(this.rows.subarray(from * width, (from + end - i) * width), i * width);
      filled.set(this.filled.subarray(from, from + end - i), i);
      i = end;
      yield;
    }
    return new PassageTopics(this.reader, this.labels, rows, filled);
  }
}

/** The question's distribution as a row over the passages' labels. */
function questionRow(topics: PassageTopics, reader: TopicReader, query: string): Float64Array {
  const row = new Float64Array(topics.labels.length);
  for (const { label, probability } of reader.topics(query)) {
    const at = topics.labelIndex.get(label);
    if (at !== undefined) row[at] = probability;
  }
  return row;
}

function agreement(topics: PassageTopics, question: Float64Array, index: number): number {
  const width = question.length;
  let sum = 0;
  for (let l = 0, at = index * width; l < width; l++, at++) sum += topics.rows[at]! * question[l]!;
  return sum;
}

export interface TopicPrior {
  /** 0..1 for the passage at `index`. */
  (index: number): number;
  /** The `n` passages it favours most, best first (ties: lower index first). Classifies every passage not yet read. */
  best(n: number): number[];
}

/** Question labels below this share are left to the bound in `best` (a question's mass sits on a few labels). */
const lightLabel = 0.01;

/**
 * The prior that a passage serves a question: how much the two are about the same thing, the
 * probability that a topic drawn for the question and one drawn for the passage agree
 * (0..1). A parcel "stuck for a week" reads as order status, and so does the tracking rule,
 * though they share few words; "do you sell gift wrapping?" reads as a product question,
 * which no returns rule is about. A passage with a translation reads as the average of both.
 */
export function topicPrior(snapshot: IndexSnapshot, reader: TopicReader | undefined, query: string): TopicPrior {
  if (!reader) {
    const none = () => 0;
    return Object.assign(none, { best: (n: number) => scanBest(snapshot.size, none, n) });
  }
  const topics = snapshot.topicsFor(reader);
  const question = questionRow(topics, reader, query);
  const twins = snapshot.twins;
  const own = (index: number) => {
    topics.fill(reader, index, snapshot.chunks[index]!);
    return agreement(topics, question, index);
  };
  const prior = (index: number) => {
    const twin = twins[index]!;
    return twin < 0 ? own(index) : (own(index) + own(twin)) / 2;
  };
  return Object.assign(prior, { best: (n: number) => bestByBound(snapshot, reader, topics, question, prior, n) });
}

function scanBest(size: number, score: (index: number) => number, n: number): number[] {
  const top = new TopK(n);
  for (let index = 0; index < size; index++) top.push(index, score(index));
  return top.result().map((hit) => hit.index);
}

/**
 * The same answer as scoring every passage, in a fraction of the work at 100k passages: a
 * first pass scores each passage on the question's few heavy labels only, which is within
 * `rest` (the largest light label's share; a row sums to at most 1) of its full score; only
 * passages whose bound reaches the n-th best first-pass score are scored in full, in index
 * order, so ties break as a full scan breaks them.
 */
/** Classifies every passage not yet read; then the columns exist. */
function fillAll(snapshot: IndexSnapshot, reader: TopicReader, topics: PassageTopics): Float32Array {
  for (let index = 0; index < snapshot.size; index++) topics.fill(reader, index, snapshot.chunks[index]!);
  return topics.columns()!;
}

function bestByBound(snapshot: IndexSnapshot, reader: TopicReader, topics: PassageTopics, question: Float64Array, prior: (index: number) => number, n: number): number[] {
  const size = snapshot.size;
  const width = question.length;
  const heavy: number[] = [];
  let rest = 0;
  for (let l = 0; l < width; l++) {
    if (question[l]! >= lightLabel) heavy.push(l);
    else rest = Math.max(rest, question[l]!);
  }
  if (heavy.length === 0 || heavy.length > width / 2) return scanBest(size, prior, n);
  const labels = Int32Array.from(heavy);
  const shares = Float64Array.from(heavy, (l) => question[l]!);
  const columns = topics.columns() ?? fillAll(snapshot, reader, topics);
  const { own: ownPartial, withTwins: partial } = topics.scratchScores();
  ownPartial.fill(0);
  for (let h = 0; h < labels.length; h++) {
    const column = columns.subarray(labels[h]! * size, (labels[h]! + 1) * size);
    const share = shares[h]!;
    for (let index = 0; index < size; index++) ownPartial[index]! += column[index]! * share;
  }
  const twins = snapshot.twins;
  const firstPass = new TopK(n);
  for (let index = 0; index < size; index++) {
    const twin = twins[index]!;
    const score = twin < 0 ? ownPartial[index]! : (ownPartial[index]! + ownPartial[twin]!) / 2;
    partial[index] = score;
    firstPass.push(index, score);
  }
  const kept = firstPass.result();
  if (kept.length < n) return scanBest(size, prior, n);
  // The slack covers the two sums adding in different orders, and the columns' single precision.
  const threshold = kept[kept.length - 1]!.score - rest - 1e-6;
  const top = new TopK(n);
  for (let index = 0; index < size; index++) if (partial[index]! >= threshold) top.push(index, prior(index));
  return top.result().map((hit) => hit.index);
}
