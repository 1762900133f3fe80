import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { TopicReader } from '../search/topic-prior.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import { readDelta, type DeltaContent } from './delta-files.js';
import { deriveSnapshot } from './derive-snapshot.js';
import { EmbedderMismatchError, IndexSnapshot } from './index-snapshot.js';
import type { Chunk } from '../types.js';
import { indexTextOf, readChunks, readManifest, readTopics, type Manifest } from './version-files.js';
import { Slicer } from './vector-view.js';
import type { VersionStore } from './version-store.js';

/** The way from one version of a chain to another: positions to drop from the first, and which of the second's added passages are new to it. */
interface Step {
  removed: number[];
  /** Indexes into the target delta's added passages, in order. */
  added: number[];
}

/**
 * How `to` follows from `from` (both stated against the same base), or null when it does not
 * by appending only (a base passage back, or added passages out of order): then the target is
 * made from the base instead. Runs over the base's positions once, with the loop let in.
 */
export async function stepBetween(from: DeltaContent, to: DeltaContent): Promise<Step | null> {
  if (from.base !== to.base || from.baseSize !== to.baseSize) return null;
  const gone = new Uint8Array(to.baseSize);
  for (const position of to.removed) gone[position] = 1;
  for (const position of from.removed) if (!gone[position]) return null;
  const removed: number[] = [];
  let skip = 0;
  let position = 0;
  const slicer = new Slicer();
  for (let b = 0; b < from.baseSize; b++) {
    if (slicer.due()) await slicer.pause();
    if (skip < from.removed.length && from.removed[skip] === b) {
      skip++;
      continue;
    }
    if (gone[b]) removed.push(position);
    position++;
  }
  const targetIndex = new Map<number, number>();
  to.seqs.forEach((seq, i) => targetIndex.set(seq, i));
  let survivors = 0;
  for (let j = 0; j < from.seqs.length; j++) {
    const at = targetIndex.get(from.seqs[j]!);
    if (at === undefined) removed.push(position + j);
    else if (at !== survivors++) return null;
  }
  const added: number[] = [];
  for (let i = survivors; i < to.seqs.length; i++) added.push(i);
  return { removed, added };
}

/**
 * `to` made in memory from `from`, a loaded version of the same chain: only the passages that
 * differ are touched (vector points added, keyword statistics and topic rows updated for them).
 * `retire` marks the dropped points deleted once the result serves.
 */
export async function applyDelta(
  from: IndexSnapshot,
  step: Step,
  to: DeltaContent,
  manifest: Manifest,
  options: { analyzer: TextAnalyzer; topics?: TopicReader; dir?: string },
): Promise<{ snapshot: IndexSnapshot; retire: () => void }> {
  const dimensions = manifest.embedder.dimensions;
  const vectors = new Float32Array(step.added.length * dimensions);
  step.added.forEach((i, row) => vectors.set(to.vectors.subarray(i * dimensions, (i + 1) * dimensions), row * dimensions));
  const reuseTerms = manifest.analyzer === options.analyzer.id;
  const terms = step.added.map((i) => (reuseTerms ? to.terms[i]! : options.analyzer.indexTerms(indexTextOf(to.chunks[i]!))));
  const stored = options.dir && options.topics && step.added.length === to.chunks.length ? await readTopics(options.dir) : null;
  const added = step.added.map((i) => to.chunks[i]!);
  const { snapshot, retire } = await deriveSnapshot(from, { base: from.name ?? '', removed: step.removed, added, vectors, terms }, manifest, options.topics, stored);
  return { snapshot, retire };
}

/**
 * Loads version `name`, full or delta. A delta over the base `live` is already built on is
 * applied to `live` in memory (its base files are not read again); otherwise its base is
 * loaded from disk and the delta applied to that.
 */
export async function loadVersionSnapshot(
  versions: VersionStore,
  name: string,
  embeddings: KnowledgeEmbeddings,
  analyzer: TextAnalyzer,
  options: { live?: IndexSnapshot | null; topics?: TopicReader } = {},
): Promise<{ snapshot: IndexSnapshot; retire?: () => void }> {
  const dir = versions.dirOf(name);
  const manifest = await readManifest(dir);
  if (!manifest.base) return { snapshot: await IndexSnapshot.load(name, dir, embeddings, analyzer) };
  if (manifest.embedder.id !== embeddings.info.id) throw new EmbedderMismatchError(name, manifest.embedder.id, embeddings.info.id);
  const delta = await readDelta(dir, manifest);
  const live = options.live;
  const fromLive = live?.lineage && live.vectors ? await stepBetween(live.lineage, delta) : null;
  if (live && fromLive) {
    const { snapshot, retire } = await applyDelta(live, fromLive, delta, manifest, { analyzer, topics: options.topics, dir });
    const named = snapshot.renamed(name);
    named.lineage = delta;
    return { snapshot: named, retire };
  }
  const base = await IndexSnapshot.load(delta.base, versions.dirOf(delta.base), embeddings, analyzer);
  const step = await stepBetween(base.lineage!, delta);
  if (!step) throw new Error(`${name} does not apply to its base ${delta.base}`);
  const { snapshot, retire } = await applyDelta(base, step, delta, manifest, { analyzer, topics: options.topics, dir });
  // Nothing else serves the base just loaded: its dropped points can go now.
  retire();
  const named = snapshot.renamed(name);
  named.lineage = delta;
  return { snapshot: named };
}

/** A version's passages in order, full or delta (for re-embedding it with another embedder). */
export async function readVersionChunks(versions: VersionStore, name: string): Promise<Chunk[]> {
  const dir = versions.dirOf(name);
  const manifest = await readManifest(dir);
  if (!manifest.base) return readChunks(dir);
  const delta = await readDelta(dir, manifest);
  const gone = new Set(delta.removed);
  return [...(await readChunks(versions.dirOf(delta.base))).filter((_, index) => !gone.has(index)), ...delta.chunks];
}
