import type { PassageTopics, TopicReader } from '../search/topic-prior.js';
import type { Chunk } from '../types.js';
import { IndexSnapshot } from './index-snapshot.js';
import { linking } from './translations.js';
import { drainSliced, sliceBudgetMs, Slicer, yieldToLoop } from './vector-view.js';
import type { Manifest } from './version-files.js';

/** What an incremental build changed, as positions in the version it started from (build-job.ts). */
export interface VersionDelta {
  /** The version the change was built from. */
  base: string;
  /** Its passages that are gone (their document changed or was removed), by position. */
  removed: number[];
  /** The new passages, appended after the kept ones in this order, with their vectors and keyword terms. */
  added: Chunk[];
  vectors: Float32Array;
  terms: string[][];
}

/**
 * The next version made in memory from the live one and an incremental build's delta, instead
 * of loading 100k passages back from disk: kept passages keep their order (as the build wrote
 * them), the keyword statistics and topic rows are carried over, the new points join the
 * shared vector graph. The serving thread does this between searches: each step is a pass over
 * typed arrays or the new passages only, with the event loop let in between. The files the
 * build wrote describe the same version; another process (or a restart) loads those.
 */
export async function deriveSnapshot(
  live: IndexSnapshot,
  delta: VersionDelta,
  manifest: Manifest,
  topics?: TopicReader,
  /** The added passages' rows as stored with a delta version, when the same reader made them. */
  addedTopics?: PassageTopics | null,
): Promise<{ snapshot: IndexSnapshot; retire: () => void }> {
  const oldSize = live.size;
  const removed = new Set(delta.removed);
  const oldToNew = new Int32Array(oldSize);
  const keptPositions = new Int32Array(oldSize - removed.size);
  let kept = 0;
  const slicer = new Slicer();
  for (let pos = 0; pos < oldSize; pos++) {
    if (slicer.due()) await slicer.pause();
    if (removed.has(pos)) oldToNew[pos] = -1;
    else {
      keptPositions[kept] = pos;
      oldToNew[pos] = kept++;
    }
  }
  const chunks: Chunk[] = new Array<Chunk>(kept + delta.added.length);
  for (let i = 0; i < kept; i++) {
    chunks[i] = live.chunks[keptPositions[i]!]!;
    if (slicer.due()) await slicer.pause();
  }
  delta.added.forEach((chunk, i) => (chunks[kept + i] = chunk));
  if (manifest.chunks !== chunks.length) throw new Error(`the build wrote ${manifest.chunks} passages, the change makes ${chunks.length}`);
  await yieldToLoop();

  const dimensions = manifest.embedder.dimensions;
  const addedVectors = delta.added.map((_, i) => delta.vectors.subarray(i * dimensions, (i + 1) * dimensions));
  const derived = live.vectors ? await live.vectors.derive(oldToNew, kept, addedVectors) : null;
  await yieldToLoop();
  const bm25 = await drainSliced(live.bm25.changing(removed, delta.terms));
  await yieldToLoop();
  const translations = await drainSliced(linking(manifest.documents, chunks));
  await yieldToLoop();
  const spelling = live.spellingIfMade?.withWords(delta.terms.flat()) ?? null;

  const rows = topics ? await drainSliced(live.topicsFor(topics).carrying(keptPositions, delta.added.length)) : null;
  const snapshot = IndexSnapshot.assemble(live.name, manifest, chunks, derived?.view ?? null, bm25, translations, { topics: rows, spelling });
  if (topics && rows && addedTopics && addedTopics.reader === rows.reader && addedTopics.size === delta.added.length && addedTopics.labels.join('\n') === rows.labels.join('\n')) {
    rows.rows.set(addedTopics.rows, kept * rows.labels.length);
    rows.filled.set(addedTopics.filled, kept);
  }
  if (topics && rows) {
    // The new passages are classified now, a few at a time, so the first search after the swap does not.
    const passages = new Slicer(sliceBudgetMs, 1);
    for (let i = kept; i < chunks.length; i++) {
      rows.fill(topics, i, chunks[i]!);
      if (passages.due()) await passages.pause();
    }
  }
  // What the first search on the new version would otherwise work out while a customer waits.
  await drainSliced(bm25.preparing());
  if (rows) await drainSliced(rows.makingColumns());
  await drainSliced(snapshot.makingTwins());
  return { snapshot, retire: () => derived?.view && live.vectors?.retire(derived.retired) };
}
