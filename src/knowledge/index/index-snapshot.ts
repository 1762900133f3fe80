import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { Bm25Index } from '../search/bm25-index.js';
import { SpellingVariants } from '../search/spelling.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk } from '../types.js';
import { linkTranslations } from './translations.js';
import { indexTextOf, titlesOf, loadHnsw, readChunks, readManifest, readTerms, type Manifest } from './version-files.js';

export function analyzeChunks(chunks: readonly Chunk[], analyzer: TextAnalyzer): string[][] {
  return chunks.map((chunk) => analyzer.indexTerms(indexTextOf(chunk)));
}

/**
 * One loaded index version, immutable: searches hold a reference to the snapshot they
 * started with, so swapping in a new version never changes a search half way through.
 */
export class IndexSnapshot {
  private headingTermSets: Array<ReadonlySet<string>> | null = null;
  private spellingVariants: SpellingVariants | null = null;

  private constructor(
    /** `v000007`, or null for the empty knowledge base before anything was ingested. */
    readonly name: string | null,
    readonly manifest: Manifest | null,
    readonly chunks: readonly Chunk[],
    readonly vectors: HNSWLib | null,
    readonly bm25: Bm25Index,
    readonly translations: ReadonlyMap<number, number>,
  ) {}

  static create(
    name: string | null,
    manifest: Manifest | null,
    chunks: readonly Chunk[],
    vectors: HNSWLib | null,
    analyzer: TextAnalyzer,
    terms: readonly string[][] | null = null,
  ): IndexSnapshot {
    const bm25 = new Bm25Index(terms ?? analyzeChunks(chunks, analyzer));
    return new IndexSnapshot(name, manifest, chunks, vectors, bm25, linkTranslations(manifest?.documents ?? [], chunks));
  }

  static empty(analyzer: TextAnalyzer): IndexSnapshot {
    return IndexSnapshot.create(null, null, [], null, analyzer);
  }

  /** The same loaded index under the name it was published as. */
  renamed(name: string): IndexSnapshot {
    return new IndexSnapshot(name, this.manifest, this.chunks, this.vectors, this.bm25, this.translations);
  }

  static async load(name: string, dir: string, embeddings: KnowledgeEmbeddings, analyzer: TextAnalyzer): Promise<IndexSnapshot> {
    const manifest = await readManifest(dir);
    if (manifest.embedder.id !== embeddings.info.id) throw new EmbedderMismatchError(name, manifest.embedder.id, embeddings.info.id);
    const chunks = await readChunks(dir);
    if (chunks.length !== manifest.chunks) throw new Error(`${name}: chunks.json holds ${chunks.length} chunks, the manifest says ${manifest.chunks}`);
    const vectors = chunks.length > 0 ? await loadHnsw(dir, embeddings) : null;
    // Points marked deleted by incremental versions stay in the graph; the docstore lists the live ones.
    if (vectors && vectors.docstore._docs.size !== chunks.length) {
      throw new Error(`${name}: the vector index holds ${vectors.docstore._docs.size} vectors for ${chunks.length} chunks`);
    }
    // Stored terms made by this analyzer are used as they are; otherwise the text is analysed again.
    const stored = manifest.analyzer === analyzer.id ? await readTerms(dir) : null;
    return IndexSnapshot.create(name, manifest, chunks, vectors, analyzer, stored?.length === chunks.length ? stored : null);
  }

  get size(): number {
    return this.chunks.length;
  }

  /** The terms of each passage's headings and alternative phrasings, for matching a question against what a rule is titled. */
  headingTerms(analyzer: TextAnalyzer): ReadonlyArray<ReadonlySet<string>> {
    this.headingTermSets ??= this.chunks.map((chunk) => new Set(analyzer.indexTerms(titlesOf(chunk))));
    return this.headingTermSets;
  }

  /** Near-spellings of words this version knows. */
  get spelling(): SpellingVariants {
    this.spellingVariants ??= new SpellingVariants(this.bm25.vocabulary());
    return this.spellingVariants;
  }

  /** Nearest chunks by cosine similarity, best first. */
  async nearest(vector: number[], n: number): Promise<Array<{ index: number; similarity: number }>> {
    if (!this.vectors || this.chunks.length === 0) return [];
    const k = Math.min(n, this.chunks.length);
    // hnswlib searches with ef = 10 unless told otherwise, which misses neighbours; ef ≥ k is required.
    this.vectors.index.setEf(Math.max(64, k * 2));
    const results = await this.vectors.similaritySearchVectorWithScore(vector, k);
    return results.map(([document, distance]) => ({ index: document.metadata.index as number, similarity: 1 - distance }));
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
