import type { Logger } from '../logger.js';
import type { LockService } from '../store/types.js';
import type { KnowledgeEmbeddings } from './embeddings/knowledge-embeddings.js';
import { AmbiguousDocumentError, DocumentNotFoundError, KnowledgeBuildError, SectionNotFoundError } from './errors.js';
import { InvalidUploadError, textsToEmbed, type ChangeRequest } from './index/build-job.js';
import { precompute } from './index/precomputed-vectors.js';
import { InlineBuildRunner, type BuildRunner } from './index/build-runner.js';
import { EmbedderMismatchError, IndexSnapshot } from './index/index-snapshot.js';
import { IndexBuilder, type BuildOutcome } from './index/index-builder.js';
import { createHnsw, indexTextOf, readManifest, writeTopics } from './index/version-files.js';
import { loadVersionSnapshot, readVersionChunks } from './index/delta-load.js';
import type { PhrasingAddition, PhrasingOrigin } from './index/phrasings.js';
import { VersionStore } from './index/version-store.js';
import { VectorView, yieldToLoop } from './index/vector-view.js';
import type { IngestFile } from './ingest/collect-files.js';
import { defaultExtractionLimits, type ExtractionLimits } from './ingest/extraction-limits.js';
import type { Retriever, SearchOptions } from '../core/ports/retriever.js';
import type { FusionSettings } from './search/fusion.js';
import type { TopicReader } from './search/topic-prior.js';
import { searchSnapshot, type RelevanceSettings, type SearchMode } from './search/hybrid-search.js';
import type { TextAnalyzer } from './text/analyzer.js';
import type { Chunk, DocumentInfo, KnowledgePassage } from './types.js';
import type { Language } from '../domain/types.js';
import { Bm25Index } from './search/bm25-index.js';
import { warmUpChineseSegmenter } from './text/chinese-segmenter.js';

const warmUpQuestions: ReadonlyArray<[string, Language]> = [
  ['where is my refund for the order I returned last week?', 'en'],
  ['我买的耳机坏了，想退货，运费谁出？', 'zh'],
  ['can I exchange the jacket for a bigger size', 'en'],
  ['发票怎么开，能开专票吗', 'zh'],
];

export interface KnowledgeBaseOptions {
  /** `<data dir>/knowledge`: versions and the CURRENT pointer. */
  dir: string;
  embeddings: KnowledgeEmbeddings;
  analyzer: TextAnalyzer;
  locks: LockService;
  logger: Logger;
  relevance: RelevanceSettings;
  fusion: FusionSettings;
  keepVersions: number;
  /** How often to look for a version published by another process; 0 turns watching off. */
  reloadIntervalMs: number;
  /** Where builds run; in this thread unless given (serving processes use a worker thread). */
  buildRunner?: BuildRunner;
  /** Caps on what one document may unpack to. */
  limits?: ExtractionLimits;
  /** What questions and passages are about (the intent model): a prior over passages. None: keywords and vectors only. */
  topics?: TopicReader;
  /** Run a few searches before serving (long-running processes), so customers do not pay for the first ones. */
  warmUp?: boolean;
}

export interface KnowledgeStatus {
  name: string;
  passages: number;
  documents: number;
  /** The index version serving, e.g. `v000007`; null before anything was ingested. */
  version: string | null;
  builtAt: string | null;
  embedder: { id: string; kind: string; source: string; fallback: boolean; note: string };
  keyword: string;
  /** The latest failed build or reload, kept until a later one succeeds. */
  lastError: { message: string; at: string } | null;
}

/** A passage an admin can attach a question to, as the console and `kb alias` name it. */
export interface SectionInfo {
  chunkId: string;
  documentId: string;
  section: string;
  language: DocumentInfo['language'];
  /** Attached by admins. */
  phrasings: string[];
  /** Written by the model at ingest. */
  modelPhrasings: string[];
}

/** Called after this process published a version (not for versions picked up from elsewhere). */
export type ChangeListener = (outcome: BuildOutcome) => void;

export interface KnowledgeSearchOptions extends SearchOptions {
  mode?: SearchMode;
  relevanceGate?: boolean;
}

/**
 * The knowledge base as the rest of aftercare sees it: a `Retriever` over the live index
 * version, plus the admin operations (ingest, replace, remove, list) that build new versions
 * without stopping anything. Every process watches the CURRENT pointer and swaps in versions
 * published elsewhere (another server, `aftercare kb ingest`).
 */
export class KnowledgeBase implements Retriever {
  readonly name = 'hybrid';
  private snapshot: IndexSnapshot;
  private readonly versions: VersionStore;
  private readonly builder: IndexBuilder;
  /** Builds while serving; in a worker thread when one is given. */
  private readonly runner: BuildRunner;
  /** Builds at start-up (seeding, re-embedding), before anything is served: in this thread, without a worker's start-up cost. */
  private readonly startupRunner: BuildRunner;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<boolean> | null = null;
  private failedVersion: string | null = null;
  private lastError: KnowledgeStatus['lastError'] = null;
  private readonly listeners: ChangeListener[] = [];
  private readonly limits: ExtractionLimits;

  private constructor(private readonly options: KnowledgeBaseOptions) {
    this.snapshot = IndexSnapshot.empty(options.analyzer);
    this.versions = new VersionStore(options.dir);
    this.startupRunner = new InlineBuildRunner(options.embeddings, options.analyzer, options.logger);
    this.runner = options.buildRunner ?? this.startupRunner;
    const limits = options.limits ?? defaultExtractionLimits;
    this.limits = limits;
    this.builder = new IndexBuilder(this.versions, options.embeddings, options.analyzer, options.locks, options.keepVersions, limits, options.logger);
  }

  /** Loads the live version (re-embedding it if another embedder built it), or seeds an empty base from `seed`. */
  static async open(options: KnowledgeBaseOptions, seed?: () => Promise<IngestFile[]>): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase(options);
    const name = await kb.versions.current();
    if (name) await kb.loadNewestUsable(name);
    else if (seed) await kb.seed(seed);
    await kb.completeTopics();
    if (options.warmUp) await kb.warmUp();
    if (options.reloadIntervalMs > 0) {
      kb.timer = setInterval(() => void kb.reload(), options.reloadIntervalMs);
      kb.timer.unref();
    }
    return kb;
  }

  /**
   * A version published without topic rows (by an older release, or without a topic reader)
   * has them classified at start-up, between other work, and stored beside it, so no search
   * pays for classifying every passage and the next start reads them.
   */
  private async completeTopics(): Promise<void> {
    const { topics } = this.options;
    const snapshot = this.snapshot;
    if (!topics || !snapshot.name || snapshot.size === 0) return;
    const rows = snapshot.topicsFor(topics);
    if (rows.filled.every(Boolean)) return;
    const started = Date.now();
    let sliceStart = performance.now();
    for (let index = 0; index < snapshot.size; index++) {
      rows.fill(topics, index, snapshot.chunks[index]!);
      if (performance.now() - sliceStart > 8) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    // A delta version stores its own passages' rows only, written when it was made.
    if (snapshot.manifest?.base) return;
    await writeTopics(this.versions.dirOf(snapshot.name), rows).catch((error: unknown) => this.options.logger.warn({ err: error }, "could not store the passages' topic rows"));
    this.options.logger.info({ version: snapshot.name, passages: snapshot.size, ms: Date.now() - started }, "classified the passages' topics");
  }

  get size(): number {
    return this.snapshot.size;
  }

  get version(): string | null {
    return this.snapshot.name;
  }

  /** The live version's chunks, in index order. */
  chunks(): readonly Chunk[] {
    return this.snapshot.chunks;
  }

  documents(): DocumentInfo[] {
    return this.snapshot.manifest?.documents ?? [];
  }

  /** Every passage with a section name, in index order, with the phrasings attached to it. */
  sections(): SectionInfo[] {
    return this.snapshot.chunks
      .filter((chunk) => chunk.section)
      .map((chunk) => ({
        chunkId: chunk.id,
        documentId: chunk.documentId,
        section: chunk.section!,
        language: chunk.language,
        phrasings: chunk.phrasings ?? [],
        modelPhrasings: chunk.modelPhrasings ?? [],
      }));
  }

  /** Runs `listener` after each change this process publishes (doc2query follows ingests this way). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  status(): KnowledgeStatus {
    const { id, kind, source, fallback, note } = this.options.embeddings.info;
    return {
      name: this.name,
      passages: this.snapshot.size,
      documents: this.documents().length,
      version: this.snapshot.name,
      builtAt: this.snapshot.manifest?.createdAt ?? null,
      embedder: { id, kind, source, fallback, note },
      keyword: `bm25 (${this.options.analyzer.chinese} for Chinese, glossary concepts)`,
      lastError: this.lastError,
    };
  }

  prepare(query: string): void {
    const { embeddings } = this.options;
    // The weight-free embedder takes microseconds; only a model is worth starting early.
    if (embeddings.info.kind !== 'transformers' || !query.trim()) return;
    embeddings.embedQuery(query).catch(() => undefined);
  }

  /**
   * The first searches of a process cost ten times a later one (the Chinese dictionary loads,
   * the JIT compiles the scoring loops: 93 and 129 ms against ~10 ms at 100k passages), and
   * the first after the first edit pay again for paths a loaded version never takes: both are
   * paid here, at start-up, instead of by customers.
   */
  private async warmUp(): Promise<void> {
    const started = performance.now();
    warmUpChineseSegmenter();
    Bm25Index.warmUpEditedPaths();
    for (const [query, language] of warmUpQuestions) await this.search(query, { k: 5, language }).catch(() => undefined);
    this.options.logger.debug({ ms: Math.round(performance.now() - started) }, 'knowledge base warmed up');
  }

  async search(query: string, options: KnowledgeSearchOptions): Promise<KnowledgePassage[]> {
    const { analyzer, embeddings, relevance, fusion, topics } = this.options;
    return searchSnapshot(this.snapshot, analyzer, embeddings, query, options, relevance, fusion, topics);
  }

  /** How a question is read for keyword search (for debugging relevance). */
  analyzeQuery(query: string): string[][] {
    return this.options.analyzer.queryGroups(query).map((group) => group.terms);
  }

  /** The keyword index's terms for a text (grouping similar questions uses the same reading). */
  termsOf(text: string): string[] {
    return this.options.analyzer.indexTerms(text);
  }

  /** Adds or replaces documents; an unchanged document is kept as it is. All or nothing. */
  async ingest(files: readonly IngestFile[]): Promise<BuildOutcome> {
    return this.change({ kind: 'upsert', files: [...files] }, `ingest ${files.length} file(s)`);
  }

  /**
   * Indexes questions as alternative phrasings of passages: a new version, live at once and in
   * every process watching, kept when the document is replaced (an admin's) and rolled back
   * like any other change.
   */
  async addPhrasings(document: string, section: string, phrasings: readonly string[], origin: PhrasingOrigin = 'admin'): Promise<BuildOutcome> {
    return this.addPhrasingBatch([{ document, section, questions: phrasings, origin }]);
  }

  /** Many passages' phrasings in one version (doc2query writes a whole ingest's at once). */
  async addPhrasingBatch(additions: readonly PhrasingAddition[]): Promise<BuildOutcome> {
    const what = `alternative phrasings for ${[...new Set(additions.map((a) => a.document))].join(', ')}`;
    return this.change({ kind: 'phrasings', additions: additions.map((addition) => ({ ...addition, questions: [...addition.questions] })) }, what);
  }

  /** Removes documents named by id, or by file name when that names exactly one. */
  async remove(references: readonly string[]): Promise<BuildOutcome> {
    return this.change({ kind: 'remove', references: [...references] }, `remove ${references.join(', ')}`);
  }

  /** Swaps in the version CURRENT names, if it changed; a version that fails to load is logged once and skipped. */
  reload(): Promise<boolean> {
    this.reloading ??= this.reloadOnce().finally(() => (this.reloading = null));
    return this.reloading;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.reloading;
    await this.runner.close?.();
    const disposable = this.options.embeddings as { dispose?: () => Promise<void> };
    await disposable.dispose?.();
  }

  private async reloadOnce(): Promise<boolean> {
    const name = await this.versions.current().catch(() => null);
    if (!name || name === this.snapshot.name || name === this.failedVersion) return false;
    try {
      const { snapshot, retire } = await this.loadVersion(name);
      this.install(snapshot, 'picked up a version published elsewhere');
      // The points the new version dropped leave the graph it shares with the previous one, once that no longer serves.
      if (this.snapshot === snapshot) retire?.();
      return true;
    } catch (error) {
      this.failedVersion = name;
      this.recordError(`could not load ${name}: ${(error as Error).message}; ${this.snapshot.name ?? 'the empty knowledge base'} keeps serving`, error);
      return false;
    }
  }

  /** A version built with another embedder is re-embedded in memory; this process's queries need its own vectors. */
  private async loadVersion(name: string): Promise<{ snapshot: IndexSnapshot; retire?: () => void }> {
    const dir = this.versions.dirOf(name);
    const { embeddings, analyzer, topics } = this.options;
    try {
      return await loadVersionSnapshot(this.versions, name, embeddings, analyzer, { live: this.snapshot, ...(topics ? { topics } : {}) });
    } catch (error) {
      if (!(error instanceof EmbedderMismatchError)) throw error;
      this.options.logger.warn({ version: name, builtWith: error.builtWith, embedder: error.serving }, 're-embedding a version built with another embedder');
      const manifest = await readManifest(dir);
      const chunks = await readVersionChunks(this.versions, name);
      const dimensions = embeddings.info.dimensions;
      const vectors = new Float32Array(chunks.length * dimensions);
      (await embeddings.embedDocuments(chunks.map(indexTextOf))).forEach((vector, i) => vectors.set(vector, i * dimensions));
      const hnsw = chunks.length ? VectorView.fromStore(await createHnsw(embeddings, chunks, vectors, dimensions)) : null;
      return { snapshot: IndexSnapshot.create(name, manifest, chunks, hnsw, analyzer) };
    }
  }

  private async loadNewestUsable(current: string): Promise<void> {
    for (const name of [current, ...(await this.versions.list()).filter((n) => n !== current)]) {
      try {
        const { snapshot } = await loadVersionSnapshot(this.versions, name, this.options.embeddings, this.options.analyzer, {
          ...(this.options.topics ? { topics: this.options.topics } : {}),
        });
        if (name === current) this.install(snapshot, 'loaded');
        else this.install(snapshot, `loaded ${name} because ${current} is unusable`, { clearError: false });
        return;
      } catch (error) {
        if (error instanceof EmbedderMismatchError && name === current) {
          this.options.logger.warn({ version: name, builtWith: error.builtWith, embedder: error.serving }, 'the index was built with another embedder; re-embedding it');
          if (!this.options.embeddings.info.fallback) {
            // Saved as a new version, so the next start does not embed everything again.
            const saved = await this.change({ kind: 'rebuild' }, 're-embed with the configured embedder', { force: true, startup: true }).catch(() => null);
            if (saved) return;
          }
          // A stand-in embedder serves the version from memory and leaves the stored vectors alone.
          this.install((await this.loadVersion(name)).snapshot, 're-embedded in memory');
          return;
        }
        this.failedVersion = name;
        this.recordError(`could not load ${name}: ${(error as Error).message}`, error);
      }
    }
  }

  private async seed(seed: () => Promise<IngestFile[]>): Promise<void> {
    const files = await seed();
    if (files.length === 0) return;
    // Another process may have seeded meanwhile: then its version is loaded instead.
    await this.change({ kind: 'upsert', files, onlyIfEmpty: true, skipInvalid: true }, 'seed from the sample knowledge folder', { startup: true });
  }

  private async change(request: ChangeRequest, what: string, options: { force?: boolean; startup?: boolean } = {}): Promise<BuildOutcome> {
    try {
      const runner = options.startup ? this.startupRunner : this.runner;
      // A version another process published since the last reload is taken in first (in memory when it is a delta), so this edit can be a delta over it.
      if (!options.startup) await this.reload();
      const live = this.snapshot;
      // The changed passages are embedded here, between searches, with the encoder this thread holds (see precomputed-vectors.ts).
      const texts = live.manifest && !options.force ? await textsToEmbed(live.manifest, live.chunks, request, this.limits) : [];
      const precomputed = texts.length > 0 ? await precompute(this.options.embeddings, texts) : undefined;
      const { outcome, snapshot, skipped, retire } = await this.builder.build(request, runner, {
        force: options.force,
        live,
        ...(this.options.topics ? { topics: this.options.topics } : {}),
        ...(precomputed ? { precomputed } : {}),
      });
      if (skipped.length > 0) this.recordError(`documents skipped: ${skipped.join('; ')}`);
      if (snapshot) this.install(snapshot, what, { clearError: skipped.length === 0 });
      // The replaced passages' points leave the shared graph once the version holding them no longer serves.
      if (snapshot && this.snapshot === snapshot) retire?.();
      else if (outcome.version && outcome.version !== this.snapshot.name) await this.reload();
      if (snapshot) this.notify(outcome);
      return outcome;
    } catch (error) {
      if (error instanceof DocumentNotFoundError || error instanceof AmbiguousDocumentError || error instanceof SectionNotFoundError) throw error;
      if (error instanceof InvalidUploadError) {
        const serving = this.snapshot.name;
        const message = `nothing was ingested: ${error.problems.join('; ')}. ${serving ?? 'The empty knowledge base'} keeps serving.`;
        this.recordError(message);
        throw new KnowledgeBuildError(message, serving, 'invalid_document');
      }
      const serving = this.snapshot.name;
      const message = `could not build a new knowledge base version (${what}): ${(error as Error).message}. ${serving ?? 'The empty knowledge base'} keeps serving.`;
      this.recordError(message, error);
      throw new KnowledgeBuildError(message, serving, 'build_failed', { cause: error });
    }
  }

  private install(snapshot: IndexSnapshot, why: string, { clearError = true } = {}): void {
    const previous = this.snapshot.name;
    // Versions only move forward: a slow reload must not replace a newer version a build just installed.
    if (previous && snapshot.name && VersionStore.numberOf(snapshot.name) < VersionStore.numberOf(previous)) return;
    this.snapshot = snapshot;
    if (clearError) {
      this.failedVersion = null;
      this.lastError = null;
    }
    this.options.logger.info({ version: snapshot.name, previous, passages: snapshot.size, documents: this.documents().length }, `knowledge base: ${why}`);
  }

  private notify(outcome: BuildOutcome): void {
    for (const listener of this.listeners) {
      try {
        listener(outcome);
      } catch (error) {
        this.options.logger.error({ err: error }, 'knowledge base change listener failed');
      }
    }
  }

  private recordError(message: string, error?: unknown): void {
    this.lastError = { message, at: new Date().toISOString() };
    this.options.logger.error({ err: error, version: this.snapshot.name }, message);
  }
}
