import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { SynchronousInMemoryDocstore } from '@langchain/community/stores/doc/in_memory';
import { Document } from '@langchain/core/documents';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk } from '../types.js';
import type { Entry } from './index-builder.js';
import { indexTextOf, loadHnsw, readTerms } from './version-files.js';

/** The live version a change starts from, as far as reusing its indexes goes. */
export interface IncrementalBase {
  /** The full version whose files (graph, terms) are reused, and whose positions `positions` are. */
  version: string;
  dir: string;
  /** Each live chunk object's position in the live version's chunks.json. */
  positions: ReadonlyMap<Chunk, number>;
  chunkCount: number;
  /** The analyzer its stored terms were made with. */
  analyzer: string;
}

export interface IncrementalContent {
  chunks: Chunk[];
  terms: string[][];
  vectors: Float32Array;
  hnsw: HNSWLib;
  /** The change as positions in the live version: what deriveSnapshot applies in memory. */
  delta: { removed: number[]; added: Chunk[]; vectors: Float32Array; terms: string[][] };
  stats: { kept: number; added: number; deleted: number; deletedInGraph: number };
}

/**
 * Deleted points stay in the HNSW graph (marked, never returned) until they are more than this
 * share of the live ones; then the change rebuilds the graph from scratch, which drops them.
 */
export const MAX_DELETED_SHARE = 0.25;

/**
 * The next version's indexes from the live one's, touching only what changed: chunks whose
 * document did not change keep their place in the HNSW graph, their vector and their keyword
 * terms; the changed documents' old points are marked deleted and their new chunks added as new
 * points, analysed and (already, by the caller) embedded. Kept chunks come first in their old
 * order, new ones after, so nothing is re-sorted. Returns null when a full build is due instead
 * (no usable live version, or too many deleted points).
 */
export async function incrementalIndex(
  base: IncrementalBase,
  entries: readonly Entry[],
  fresh: ReadonlySet<Entry>,
  embeddings: KnowledgeEmbeddings,
  analyzer: TextAnalyzer,
  dimensions: number,
): Promise<IncrementalContent | null> {
  const kept: Array<{ chunk: Chunk; from: number; vector: ArrayLike<number> }> = [];
  const added: Array<{ chunk: Chunk; vector: ArrayLike<number> }> = [];
  for (const entry of entries) {
    entry.chunks.forEach((chunk, i) => {
      const vector = entry.vectors![i]!;
      const from = fresh.has(entry) ? undefined : base.positions.get(chunk);
      if (from === undefined) added.push({ chunk, vector });
      else kept.push({ chunk, from, vector });
    });
  }
  if (kept.length === 0) return null;
  kept.sort((a, b) => a.from - b.from);

  const store = await loadHnsw(base.dir, embeddings).catch(() => null);
  if (!store) return null;
  const labelAt = new Int32Array(base.chunkCount).fill(-1);
  for (const [label, document] of store.docstore._docs) labelAt[document.metadata.index as number] = Number(label);
  const removed = base.chunkCount - kept.length;
  const labels = store.index.getCurrentCount();
  const deletedInGraph = labels - base.chunkCount + removed;
  if (deletedInGraph > MAX_DELETED_SHARE * (kept.length + added.length)) return null;

  const stillThere = new Uint8Array(base.chunkCount);
  for (const { from } of kept) stillThere[from] = 1;
  for (let position = 0; position < base.chunkCount; position++) {
    if (!stillThere[position] && labelAt[position]! >= 0) store.index.markDelete(labelAt[position]!);
  }
  if (store.index.getMaxElements() < labels + added.length) store.index.resizeIndex(labels + added.length);
  added.forEach(({ vector }, i) => store.index.addPoint(Array.from(vector), labels + i));

  const storedTerms = base.analyzer === analyzer.id ? await readTerms(base.dir) : null;
  const chunks: Chunk[] = [];
  const terms: string[][] = [];
  const vectors = new Float32Array((kept.length + added.length) * dimensions);
  const documents = new Map<string, Document>();
  kept.forEach(({ chunk, from, vector }, position) => {
    chunks.push(chunk);
    terms.push(storedTerms?.[from] ?? analyzer.indexTerms(indexTextOf(chunk)));
    vectors.set(vector, position * dimensions);
    documents.set(String(labelAt[from]), new Document({ pageContent: chunk.id, metadata: { index: position } }));
  });
  added.forEach(({ chunk, vector }, i) => {
    const position = kept.length + i;
    chunks.push(chunk);
    terms.push(analyzer.indexTerms(indexTextOf(chunk)));
    vectors.set(vector, position * dimensions);
    documents.set(String(labels + i), new Document({ pageContent: chunk.id, metadata: { index: position } }));
  });
  store.docstore = new SynchronousInMemoryDocstore(documents);
  const removedPositions: number[] = [];
  for (let position = 0; position < base.chunkCount; position++) if (!stillThere[position]) removedPositions.push(position);
  const delta = {
    removed: removedPositions,
    added: added.map(({ chunk }) => chunk),
    vectors: vectors.slice(kept.length * dimensions),
    terms: terms.slice(kept.length),
  };
  return { chunks, terms, vectors, hnsw: store, delta, stats: { kept: kept.length, added: added.length, deleted: removed, deletedInGraph } };
}
