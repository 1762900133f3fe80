import type { Logger } from '../../logger.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { IngestFile } from '../ingest/collect-files.js';
import type { ExtractionLimits } from '../ingest/extraction-limits.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk } from '../types.js';
import { applyRemovals, applyUpserts, parseUploads } from './changes.js';
import { applyPhrasings, type PhrasingAddition } from './phrasings.js';
import type { BaseState, BuildOutcome, ChangeSummary, Entry } from './index-builder.js';
import { incrementalIndex } from './incremental-index.js';
import { analyzeChunks } from './index-snapshot.js';
import { indexTextOf, readChunks, readManifest, readVectors, vectorRow, writeVersion, type Manifest } from './version-files.js';
import type { VersionDelta } from './derive-snapshot.js';
import { withPrecomputed, type PrecomputedVectors } from './precomputed-vectors.js';
import { VersionStore } from './version-store.js';
import { readDelta } from './delta-files.js';
import { Slicer } from './vector-view.js';

/**
 * A change to the knowledge base as plain data, so it can be handed to a worker thread:
 * add or replace uploaded files, remove documents, add alternative phrasings to a section, or rebuild the live version as it is
 * (after the embedder changed).
 */
export type ChangeRequest =
  | { kind: 'upsert'; files: IngestFile[]; onlyIfEmpty?: boolean; skipInvalid?: boolean }
  | { kind: 'remove'; references: string[] }
  | { kind: 'phrasings'; additions: PhrasingAddition[] }
  | { kind: 'rebuild' };

export interface BuildRequest {
  /** `<data dir>/knowledge`. */
  root: string;
  change: ChangeRequest;
  force: boolean;
  limits: ExtractionLimits;
  /** Vectors the caller already computed for the texts this change embeds (see precomputed-vectors.ts). */
  precomputed?: PrecomputedVectors;
}

export interface BuildJobResult {
  outcome: BuildOutcome;
  /** The staging folder holding the new version's files; null when nothing changed. */
  staging: string | null;
  /** Files skipped for being unreadable (only when the request allows skipping them). */
  skipped: string[];
  /** For an incremental version: its manifest and what changed, so the caller can make it in memory from the live one. */
  incremental?: { manifest: Manifest; delta: VersionDelta };
}

/** Some uploaded files could not be read; nothing was built. */
export class InvalidUploadError extends Error {
  override readonly name = 'InvalidUploadError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** The live version's documents with their chunks and, when this embedder made them, their vectors. */
export async function readBase(versions: VersionStore, embeddings: KnowledgeEmbeddings): Promise<BaseState> {
  const name = await versions.current();
  if (!name) return { name: null, embedder: null, entries: new Map() };
  const dir = versions.dirOf(name);
  const manifest = await readManifest(dir);
  // A delta version is its base's passages less the removed ones, then the delta's own.
  const baseName = manifest.base ?? name;
  const baseDir = versions.dirOf(baseName);
  const baseManifest = manifest.base ? await readManifest(baseDir) : manifest;
  const baseChunks = await readChunks(baseDir);
  const delta = manifest.base ? await readDelta(dir, manifest) : null;
  const dimensions = manifest.embedder.dimensions;
  const reuse = manifest.embedder.id === embeddings.info.id && baseManifest.embedder.id === manifest.embedder.id;
  // Damaged vectors are made again from the passages' text rather than failing every build.
  const vectors = reuse ? await readVectors(baseDir, baseChunks.length * dimensions).catch(() => null) : null;
  const entries = new Map<string, Entry>();
  for (const info of manifest.documents) entries.set(info.id, { info, chunks: [], vectors: vectors ? [] : null });
  const positions = new Map<Chunk, number>();
  const take = (chunk: Chunk, vector: (() => ArrayLike<number>) | null) => {
    const entry = entries.get(chunk.documentId);
    if (!entry) throw new Error(`${name}: chunk ${chunk.id} belongs to no listed document`);
    entry.chunks.push(chunk);
    if (vector && entry.vectors) entry.vectors.push(vector());
  };
  const gone = new Set(delta?.removed ?? []);
  baseChunks.forEach((chunk, index) => {
    if (gone.has(index)) return;
    positions.set(chunk, index);
    take(chunk, vectors && (() => vectorRow(vectors, index, dimensions)));
  });
  delta?.chunks.forEach((chunk, index) => take(chunk, vectors && (() => vectorRow(delta.vectors, index, dimensions))));
  const base: BaseState = { name, embedder: manifest.embedder.id, entries };
  if (vectors) base.reuse = { version: baseName, dir: baseDir, positions, chunkCount: baseChunks.length, analyzer: baseManifest.analyzer };
  return base;
}

/**
 * The passage texts `change` will embed, planned against a loaded version in memory (the
 * serving thread embeds them ahead of the build: see precomputed-vectors.ts). Only a guess when
 * another process publishes meanwhile: the build then embeds what is missing itself.
 */
export async function textsToEmbed(manifest: Manifest, chunks: readonly Chunk[], change: ChangeRequest, limits: ExtractionLimits): Promise<string[]> {
  if (change.kind !== 'upsert' && change.kind !== 'phrasings') return [];
  const entries = new Map<string, Entry>();
  for (const info of manifest.documents) entries.set(info.id, { info, chunks: [], vectors: [] });
  // On the serving thread, between searches.
  const slicer = new Slicer();
  for (const chunk of chunks) {
    entries.get(chunk.documentId)?.chunks.push(chunk);
    if (slicer.due()) await slicer.pause();
  }
  const base: BaseState = { name: 'live', embedder: manifest.embedder.id, entries };
  try {
    await plan(base, change, limits);
  } catch {
    // The build reports the problem.
    return [];
  }
  return [...entries.values()].filter((entry) => entry.vectors === null).flatMap((entry) => entry.chunks.map(indexTextOf));
}

export function outcomeOf(base: BaseState, version: string | null, summary: ChangeSummary): BuildOutcome {
  const entries = [...base.entries.values()];
  return { version, previous: base.name, ...summary, documents: entries.length, chunks: entries.reduce((sum, entry) => sum + entry.chunks.length, 0) };
}

export async function plan(base: BaseState, change: ChangeRequest, limits: ExtractionLimits): Promise<{ summary: ChangeSummary | null; skipped: string[] }> {
  if (change.kind === 'remove') return { summary: applyRemovals(base, change.references), skipped: [] };
  if (change.kind === 'phrasings') return { summary: applyPhrasings(base, change.additions), skipped: [] };
  if (change.kind === 'rebuild') return { summary: null, skipped: [] };
  // Another process may have seeded while this one waited for the lock: its version stays.
  if (change.onlyIfEmpty && base.name) return { summary: null, skipped: [] };
  const { documents, problems } = await parseUploads(change.files, limits);
  if (problems.length > 0 && !change.skipInvalid) throw new InvalidUploadError(problems);
  return { summary: applyUpserts(base, documents), skipped: problems };
}

/**
 * The heavy part of a knowledge base change, CPU-bound from start to end: read the live
 * version, extract and split the uploads, embed new chunks, analyse keyword terms, build the
 * vector graph and write it all to a staging folder. It runs in a worker thread when serving
 * (see build-runner.ts); publishing the staged version stays with the caller, under its lock.
 */
export async function runBuildJob(request: BuildRequest, embedder: KnowledgeEmbeddings, analyzer: TextAnalyzer, logger: Logger): Promise<BuildJobResult> {
  const embeddings = request.precomputed ? withPrecomputed(embedder, request.precomputed) : embedder;
  const versions = new VersionStore(request.root);
  const base = await readBase(versions, embeddings);
  const ours = embeddings.info;
  if (base.embedder && base.embedder !== ours.id && ours.fallback) {
    // A process that could not load the model must not replace good vectors with stand-ins.
    throw new Error(
      `the live version was built with ${base.embedder}, which this process could not load (${ours.note}); ` +
        'fix MODELS_DIR/EMBEDDING_MODEL, or set EMBEDDING_MODEL=hashed to switch embedders on purpose',
    );
  }
  const { summary, skipped } = await plan(base, request.change, request.limits);
  const needsEmbedding = [...base.entries.values()].some((entry) => entry.vectors === null);
  const summaryOrNone = summary ?? { added: [], replaced: [], unchanged: [...base.entries.keys()], removed: [] };
  const changed = summaryOrNone.added.length + summaryOrNone.replaced.length + summaryOrNone.removed.length + (summaryOrNone.phrased?.length ?? 0) > 0;
  if (!changed && !needsEmbedding && !request.force) return { outcome: outcomeOf(base, base.name, summaryOrNone), staging: null, skipped };
  const { staging, incremental } = await stage(versions, base, summaryOrNone, embeddings, analyzer, logger, request.force);
  return { outcome: outcomeOf(base, null, summaryOrNone), staging, skipped, ...(incremental ? { incremental } : {}) };
}

function fullIndex(entries: readonly Entry[], analyzer: TextAnalyzer, dimensions: number): { chunks: Chunk[]; terms: string[][]; vectors: Float32Array } {
  const chunks = entries.flatMap((entry) => entry.chunks);
  const vectors = new Float32Array(chunks.length * dimensions);
  let row = 0;
  for (const entry of entries) for (const vector of entry.vectors!) vectors.set(vector, row++ * dimensions);
  return { chunks, terms: analyzeChunks(chunks, analyzer), vectors };
}

async function stage(
  versions: VersionStore,
  base: BaseState,
  summary: ChangeSummary,
  embeddings: KnowledgeEmbeddings,
  analyzer: TextAnalyzer,
  logger: Logger,
  full: boolean,
): Promise<{ staging: string; incremental: BuildJobResult['incremental'] }> {
  const started = Date.now();
  const entries = [...base.entries.values()].sort((a, b) => a.info.id.localeCompare(b.info.id));
  const missing = entries.filter((entry) => entry.vectors === null);
  const fresh = new Set(missing);
  if (missing.length > 0) {
    const texts = missing.flatMap((entry) => entry.chunks.map(indexTextOf));
    const started = Date.now();
    const vectors = await embeddings.embedDocuments(texts);
    let offset = 0;
    for (const entry of missing) {
      entry.vectors = vectors.slice(offset, offset + entry.chunks.length);
      offset += entry.chunks.length;
    }
    logger.info({ chunks: texts.length, ms: Date.now() - started, embedder: embeddings.info.id }, 'embedded knowledge chunks');
  }
  const dimensions = embeddings.info.dimensions;
  for (const entry of missing) {
    const wrong = entry.vectors!.find((vector) => vector.length !== dimensions);
    if (wrong) throw new Error(`embedder returned ${wrong.length} dimensions, expected ${dimensions}`);
  }
  // Only the changed documents are analysed and added to the live graph; a forced rebuild, the
  // first version and one past too many deleted points are built from scratch.
  const incremental = base.reuse && !full ? await incrementalIndex(base.reuse, entries, fresh, embeddings, analyzer, dimensions) : null;
  const content = incremental ?? fullIndex(entries, analyzer, dimensions);
  const manifest: Manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    embedder: { id: embeddings.info.id, dimensions },
    analyzer: analyzer.id,
    documents: entries.map((entry) => ({ ...entry.info, chunks: entry.chunks.length })),
    chunks: content.chunks.length,
    change: { added: summary.added, replaced: summary.replaced, removed: summary.removed, ...(summary.phrased?.length ? { phrased: summary.phrased } : {}) },
  };
  const staging = await versions.createStaging();
  try {
    await writeVersion(staging, { manifest, chunks: content.chunks, terms: content.terms, vectors: content.vectors }, embeddings, incremental?.hnsw);
    logger.info(
      { chunks: content.chunks.length, ms: Date.now() - started, ...(incremental ? { incremental: incremental.stats } : { incremental: false }) },
      'knowledge base version staged',
    );
    return { staging, incremental: incremental && base.reuse ? { manifest, delta: { base: base.reuse.version, ...incremental.delta } } : undefined };
  } catch (error) {
    await versions.discard(staging);
    throw error;
  }
}
