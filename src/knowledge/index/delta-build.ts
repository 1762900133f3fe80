import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { ExtractionLimits } from '../ingest/extraction-limits.js';
import type { TopicReader } from '../search/topic-prior.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk } from '../types.js';
import { outcomeOf, plan, type ChangeRequest } from './build-job.js';
import { deltaSize, deltaTooLarge, topicsTail, writeDelta, type DeltaContent } from './delta-files.js';
import { applyDelta, stepBetween } from './delta-load.js';
import type { BaseState, BuildOutcome, Entry } from './index-builder.js';
import type { IndexSnapshot } from './index-snapshot.js';
import { indexTextOf, readManifest, type Manifest } from './version-files.js';
import { sliceBudgetMs, Slicer } from './vector-view.js';
import type { VersionStore } from './version-store.js';

export interface DeltaBuildContext {
  versions: VersionStore;
  /** Answers from the vectors the serving thread computed ahead where it can. */
  embeddings: KnowledgeEmbeddings;
  analyzer: TextAnalyzer;
  limits: ExtractionLimits;
  keepVersions: number;
  logger: Logger;
  topics?: TopicReader;
}

export type DeltaBuildResult =
  { kind: 'unchanged'; outcome: BuildOutcome; skipped: string[] } | { kind: 'published'; outcome: BuildOutcome; snapshot: IndexSnapshot; skipped: string[]; retire: () => void };

/** Why an edit cannot be a delta over the live version, or null when it can. */
async function reasonForFullBuild(live: IndexSnapshot, change: ChangeRequest, context: DeltaBuildContext): Promise<string | null> {
  if (change.kind === 'rebuild' || (change.kind === 'upsert' && change.onlyIfEmpty)) return 'not an edit';
  const lineage = live.lineage;
  if (!live.name || !live.manifest || !live.vectors || !lineage) return 'no live version to edit';
  if (live.manifest.embedder.id !== context.embeddings.info.id || live.manifest.analyzer !== context.analyzer.id)
    return 'the live version was made by another embedder or analyzer';
  if ((await context.versions.current()) !== live.name) return 'another process published meanwhile';
  if (deltaTooLarge(deltaSize(lineage), lineage.baseSize)) return 'the delta is due to be compacted';
  // A delta is only as good as its base: another process (or a restart) must be able to load it.
  try {
    const baseDir = context.versions.dirOf(lineage.base);
    const manifest = await readManifest(baseDir);
    const vectors = await stat(join(baseDir, 'vectors.f32'));
    const graph = await stat(join(baseDir, 'hnsw', 'hnswlib.index'));
    if (manifest.base || manifest.chunks !== lineage.baseSize || vectors.size !== lineage.baseSize * manifest.embedder.dimensions * 4 || graph.size === 0)
      return 'the base is damaged';
  } catch {
    return 'the base is missing';
  }
  return null;
}

/**
 * An edit made as a delta version, in this (serving) thread, from the live version in memory:
 * only the changed documents' passages are embedded (mostly ahead, see precomputed-vectors.ts),
 * analysed and written; the new version is made in memory from the live one, its few files
 * written, and published. Returns null when the edit must be built in full instead (see
 * reasonForFullBuild, and compaction in delta-files.ts). Runs under the build lock.
 */
export async function buildDelta(live: IndexSnapshot, change: ChangeRequest, context: DeltaBuildContext): Promise<DeltaBuildResult | null> {
  const reason = await reasonForFullBuild(live, change, context);
  if (reason) {
    context.logger.debug({ reason }, 'knowledge base: building the next version in full');
    return null;
  }
  const started = Date.now();
  // Per phase, for the log: where an edit's time goes.
  const phases: Record<string, number> = {};
  let phaseStart = performance.now();
  const phase = (name: string) => {
    phases[name] = Math.round(performance.now() - phaseStart);
    phaseStart = performance.now();
  };
  const manifest = live.manifest!;
  const lineage = live.lineage!;
  const entries = new Map<string, Entry>();
  for (const info of manifest.documents) entries.set(info.id, { info, chunks: [], vectors: [] });
  const slicer = new Slicer();
  for (const chunk of live.chunks) {
    entries.get(chunk.documentId)?.chunks.push(chunk);
    if (slicer.due()) await slicer.pause();
  }
  const base: BaseState = { name: live.name, embedder: manifest.embedder.id, entries };
  const { summary, skipped } = await plan(base, change, context.limits);
  const changes = summary ? summary.added.length + summary.replaced.length + summary.removed.length + (summary.phrased?.length ?? 0) : 0;
  if (!summary || changes === 0) {
    return { kind: 'unchanged', outcome: outcomeOf(base, live.name, summary ?? { added: [], replaced: [], unchanged: [...entries.keys()], removed: [] }), skipped };
  }

  phase('plan');
  const sorted = [...entries.values()].sort((a, b) => a.info.id.localeCompare(b.info.id));
  const fresh = sorted.filter((entry) => entry.vectors === null);
  const addedChunks: Chunk[] = fresh.flatMap((entry) => entry.chunks);
  const dimensions = context.embeddings.info.dimensions;
  const addedVectors = new Float32Array(addedChunks.length * dimensions);
  const embedded = addedChunks.length > 0 ? await context.embeddings.embedDocuments(addedChunks.map(indexTextOf)) : [];
  embedded.forEach((vector, i) => {
    if (vector.length !== dimensions) throw new Error(`embedder returned ${vector.length} dimensions, expected ${dimensions}`);
    addedVectors.set(vector, i * dimensions);
  });
  phase('embed');
  const addedTerms: string[][] = [];
  const passages = new Slicer(sliceBudgetMs, 1);
  for (const chunk of addedChunks) {
    addedTerms.push(context.analyzer.indexTerms(indexTextOf(chunk)));
    if (passages.due()) await passages.pause();
  }

  phase('analyse');
  const next = await nextDelta(live, entries, lineage, addedChunks, addedVectors, addedTerms, dimensions);
  if (deltaTooLarge(deltaSize(next), next.baseSize)) {
    context.logger.debug({ delta: deltaSize(next), base: next.baseSize }, 'knowledge base: the delta would pass its limit; building a new base');
    return null;
  }
  const nextManifest: Manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    embedder: { id: context.embeddings.info.id, dimensions },
    analyzer: context.analyzer.id,
    documents: sorted.map((entry) => ({ ...entry.info, chunks: entry.chunks.length })),
    chunks: next.baseSize - next.removed.length + next.chunks.length,
    change: { added: summary.added, replaced: summary.replaced, removed: summary.removed, ...(summary.phrased?.length ? { phrased: summary.phrased } : {}) },
    base: next.base,
  };
  const step = await stepBetween(lineage, next);
  if (!step) throw new Error('the delta does not follow from the live version');
  phase('delta');
  const { snapshot, retire } = await applyDelta(live, step, next, nextManifest, { analyzer: context.analyzer, topics: context.topics });
  phase('apply');
  const rows = context.topics ? snapshot.currentTopics : null;
  const staging = await context.versions.createStaging();
  try {
    await writeDelta(staging, nextManifest, next, rows ? topicsTail(rows, snapshot.size - next.chunks.length) : null);
    phase('write');
    const name = await context.versions.publish(staging);
    // Published: a failed cleanup must not make the caller build the same change again in full.
    const pruned = await context.versions.prune(context.keepVersions).catch((error: unknown) => {
      context.logger.warn({ err: error }, 'knowledge base: could not remove old versions');
      return [];
    });
    phase('publish');
    const outcome = { ...outcomeOf(base, name, summary) };
    const { added, replaced, removed, documents, chunks } = outcome;
    context.logger.info(
      { version: name, previous: live.name, base: next.base, delta: deltaSize(next), added, replaced, removed, documents, chunks, pruned, ms: Date.now() - started, phases },
      'knowledge base version published (delta)',
    );
    const named = snapshot.renamed(name);
    named.lineage = next;
    return { kind: 'published', outcome, snapshot: named, skipped, retire };
  } catch (error) {
    await context.versions.discard(staging);
    throw error;
  }
}

/**
 * The chain's next delta: the live one's, less the passages the edit drops (base ones join
 * `removed`, added ones leave the list), plus the edit's new passages with the next seqs.
 */
async function nextDelta(
  live: IndexSnapshot,
  entries: ReadonlyMap<string, Entry>,
  lineage: DeltaContent,
  addedChunks: Chunk[],
  addedVectors: Float32Array,
  addedTerms: string[][],
  dimensions: number,
): Promise<DeltaContent> {
  const dropped = (chunk: Chunk) => {
    const entry = entries.get(chunk.documentId);
    return !entry || entry.vectors === null;
  };
  const removed: number[] = [];
  let skip = 0;
  let position = 0;
  const slicer = new Slicer();
  for (let b = 0; b < lineage.baseSize; b++) {
    if (slicer.due()) await slicer.pause();
    if (skip < lineage.removed.length && lineage.removed[skip] === b) {
      removed.push(b);
      skip++;
      continue;
    }
    if (dropped(live.chunks[position]!)) removed.push(b);
    position++;
  }
  const seqs: number[] = [];
  const chunks: Chunk[] = [];
  const terms: string[][] = [];
  const keptRows: number[] = [];
  lineage.seqs.forEach((seq, j) => {
    const chunk = live.chunks[position + j]!;
    if (dropped(chunk)) return;
    seqs.push(seq);
    chunks.push(chunk);
    terms.push(lineage.terms[j]!);
    keptRows.push(j);
  });
  let nextSeq = lineage.nextSeq;
  for (let i = 0; i < addedChunks.length; i++) {
    seqs.push(nextSeq++);
    chunks.push(addedChunks[i]!);
    terms.push(addedTerms[i]!);
  }
  const vectors = new Float32Array(chunks.length * dimensions);
  keptRows.forEach((j, row) => vectors.set(lineage.vectors.subarray(j * dimensions, (j + 1) * dimensions), row * dimensions));
  vectors.set(addedVectors, keptRows.length * dimensions);
  return { base: lineage.base, baseSize: lineage.baseSize, removed: Int32Array.from(removed), seqs: Int32Array.from(seqs), nextSeq, chunks, terms, vectors };
}
