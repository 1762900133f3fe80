import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { Bm25Index } from '../search/bm25-index.js';
import { SpellingVariants } from '../search/spelling.js';
import { PassageTopics, type TopicReader } from '../search/topic-prior.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk } from '../types.js';
import { linkTranslations } from './translations.js';
import { indexTextOf, titlesOf, loadHnsw, readChunks, readManifest, readTerms, readTopics, type Manifest } from './version-files.js';
import { drain, VectorView } from './vector-view.js';
import { phrasingsOf, type Phrasings } from '../search/phrasing-match.js';
import { selfLineage, type DeltaContent } from './delta-files.js';

export function analyzeChunks(chunks: readonly Chunk[], analyzer: TextAnalyzer): string[][] {
  return chunks.map((chunk) => analyzer.indexTerms(indexTextOf(chunk)));
}

/**
 * One loaded index version, immutable: searches hold a reference to the snapshot they
 * started with, so swapping in a new version never changes a search half way through.
 */
export class IndexSnapshot {
  /** Per passage, filled when first asked for: a search needs a few dozen, not all of them. */
  private headingTermSets: Array<ReadonlySet<string> | undefined> = [];
  private spellingVariants: SpellingVariants | null = null;
  private twinArray: Int32Array | null = null;
  private phrasingIndex: Phrasings | null = null;
  /** What each passage is about, for the topic prior (stored with the version, carried over by edits). */
  private passageTopics: PassageTopics | null = null;
  /**
   * Where this version stands in a chain of delta versions (delta-files.ts): its base and what
   * differs from it. Null when unknown (the empty knowledge base, a re-embedded version): the
   * next edit is then built in full.
   */
  lineage: DeltaContent | null = null;

  private constructor(
    /** `v000007`, or null for the empty knowledge base before anything was ingested. */
    readonly name: string | null,
    readonly manifest: Manifest | null,
    readonly chunks: readonly Chunk[],
    readonly vectors: VectorView | null,
    readonly bm25: Bm25Index,
    readonly translations: ReadonlyMap<number, number>,
  ) {}

  static create(
    name: string | null,
    manifest: Manifest | null,
    chunks: readonly Chunk[],
    vectors: VectorView | null,
    analyzer: TextAnalyzer,
    terms: readonly string[][] | null = null,
  ): IndexSnapshot {
    const bm25 = new Bm25Index(terms ?? analyzeChunks(chunks, analyzer));
    return new IndexSnapshot(name, manifest, chunks, vectors, bm25, linkTranslations(manifest?.documents ?? [], chunks));
  }

  /** A version made in memory from another one's parts (derive-snapshot.ts). */
  static assemble(
    name: string | null,
    manifest: Manifest,
    chunks: readonly Chunk[],
    vectors: VectorView | null,
    bm25: Bm25Index,
    translations: ReadonlyMap<number, number>,
    carried: { topics: PassageTopics | null; spelling: SpellingVariants | null },
  ): IndexSnapshot {
    const snapshot = new IndexSnapshot(name, manifest, chunks, vectors, bm25, translations);
    snapshot.passageTopics = carried.topics;
    snapshot.spellingVariants = carried.spelling;
    return snapshot;
  }

  /** Near-spellings as far as they were made (a derived version extends its parent's instead of starting over). */
  get spellingIfMade(): SpellingVariants | null {
    return this.spellingVariants;
  }

  static empty(analyzer: TextAnalyzer): IndexSnapshot {
    return IndexSnapshot.create(null, null, [], null, analyzer);
  }

  /** The same loaded index under the name it was published as. */
  renamed(name: string): IndexSnapshot {
    const copy = new IndexSnapshot(name, this.manifest, this.chunks, this.vectors, this.bm25, this.translations);
    copy.passageTopics = this.passageTopics;
    copy.headingTermSets = this.headingTermSets;
    copy.spellingVariants = this.spellingVariants;
    // A full version is its own base, under whatever name it is published as.
    const own = this.lineage && this.lineage.base === this.name && this.lineage.seqs.length === 0 && this.lineage.removed.length === 0;
    copy.lineage = own ? { ...this.lineage!, base: name } : this.lineage;
    return copy;
  }

  static async load(name: string, dir: string, embeddings: KnowledgeEmbeddings, analyzer: TextAnalyzer): Promise<IndexSnapshot> {
    const manifest = await readManifest(dir);
    if (manifest.base) throw new Error(`${name} is a delta version over ${manifest.base}; load it with loadVersionSnapshot`);
    if (manifest.embedder.id !== embeddings.info.id) throw new EmbedderMismatchError(name, manifest.embedder.id, embeddings.info.id);
    const chunks = await readChunks(dir);
    if (chunks.length !== manifest.chunks) throw new Error(`${name}: chunks.json holds ${chunks.length} chunks, the manifest says ${manifest.chunks}`);
    const store = chunks.length > 0 ? await loadHnsw(dir, embeddings) : null;
    // Points marked deleted by incremental versions stay in the graph; the docstore lists the live ones.
    if (store && store.docstore._docs.size !== chunks.length) {
      throw new Error(`${name}: the vector index holds ${store.docstore._docs.size} vectors for ${chunks.length} chunks`);
    }
    const vectors = store && VectorView.fromStore(store);
    // Stored terms made by this analyzer are used as they are; otherwise the text is analysed again.
    const stored = manifest.analyzer === analyzer.id ? await readTerms(dir) : null;
    const snapshot = IndexSnapshot.create(name, manifest, chunks, vectors, analyzer, stored?.length === chunks.length ? stored : null);
    snapshot.useTopics(await readTopics(dir));
    snapshot.lineage = selfLineage(name, chunks.length);
    return snapshot;
  }

  get size(): number {
    return this.chunks.length;
  }

  /** The terms of a passage's headings and alternative phrasings, for matching a question against what a rule is titled. */
  headingTerms(analyzer: TextAnalyzer, index: number): ReadonlySet<string> {
    return (this.headingTermSets[index] ??= new Set(analyzer.indexTerms(titlesOf(this.chunks[index]!))));
  }

  /** An admin's phrasings of passages, read once per version (few: a search checks them all). */
  phrasings(analyzer: TextAnalyzer): Phrasings {
    return (this.phrasingIndex ??= phrasingsOf(this.chunks, analyzer));
  }

  /** Each passage's translation twin, -1 for none: an array, as every search reads it for every passage. */
  get twins(): Int32Array {
    return this.twinArray ?? drain(this.makingTwins());
  }

  /** The twins array, a few thousand links at a time (a new version makes it before it serves). */
  *makingTwins(): Generator<void, Int32Array> {
    if (this.twinArray) return this.twinArray;
    const twins = new Int32Array(this.chunks.length).fill(-1);
    let linked = 0;
    for (const [from, to] of this.translations) {
      twins[from] = to;
      if ((++linked & 0xfff) === 0) yield;
    }
    return (this.twinArray = twins);
  }

  /** The passages' topic rows for `reader`: stored or carried over when they were made by it, else filled as needed. */
  topicsFor(reader: TopicReader): PassageTopics {
    if (!this.passageTopics || this.passageTopics.reader !== reader.id || this.passageTopics.size !== this.chunks.length) {
      this.passageTopics = PassageTopics.empty(reader, this.chunks.length);
    }
    return this.passageTopics;
  }

  /** Rows read from the version's files or carried over from the version this one was derived from. */
  useTopics(topics: PassageTopics | null): void {
    if (topics && topics.size === this.chunks.length) this.passageTopics = topics;
  }

  /** The topic rows as they are now (for storing with the version). */
  get currentTopics(): PassageTopics | null {
    return this.passageTopics;
  }

  /** Near-spellings of words this version knows. */
  get spelling(): SpellingVariants {
    this.spellingVariants ??= new SpellingVariants(this.bm25.vocabulary());
    return this.spellingVariants;
  }

  /** Nearest chunks by cosine similarity, best first. */
  async nearest(vector: number[], n: number): Promise<Array<{ index: number; similarity: number }>> {
    if (!this.vectors || this.chunks.length === 0) return [];
    return this.vectors.nearest(vector, n);
  }
}

/** The index was built with another embedder; its vectors mean nothing to this one. */
export class EmbedderMismatchError extends Error {
  override readonly name = 'EmbedderMismatchError';
  constructor(
    readonly version: string,
    readonly builtWith: string,
    readonly serving: string,
  ) {
    super(`${version} was built with ${builtWith}; this process embeds with ${serving}`);
  }
}
