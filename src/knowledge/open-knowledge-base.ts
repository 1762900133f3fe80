import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { LockService } from '../store/types.js';
import type { KnowledgeEmbeddings } from './embeddings/knowledge-embeddings.js';
import { loadEmbeddings, type EmbeddingSettings } from './embeddings/load-embeddings.js';
import { WorkerBuildRunner } from './index/build-runner.js';
import { collectDocumentFiles, type IngestFile } from './ingest/collect-files.js';
import { KnowledgeBase } from './knowledge-base.js';
import type { FusionSettings } from './search/fusion.js';
import type { RelevanceSettings } from './search/hybrid-search.js';
import { TextAnalyzer } from './text/analyzer.js';
import { loadIntentTopics } from '../nlu/intent/intent-topics.js';

/**
 * Fusion weights by embedder: hashed n-gram vectors largely repeat what the keyword side
 * knows, so they get a smaller say than a real semantic model. Measured by eval:retrieval.
 */
export function fusionFor(embeddings: KnowledgeEmbeddings): FusionSettings {
  return { method: 'relative', vectorWeight: embeddings.info.kind === 'hashed' ? 0.2 : 0.5 };
}

/** The relevance check as configured. */
export function relevanceSettings(config: Config, embeddings: KnowledgeEmbeddings): RelevanceSettings {
  return {
    minRelevance: config.RETRIEVAL_MIN_SCORE,
    minSimilarity: embeddings.info.minSimilarity,
    otherLanguageFactor: 0.9,
  };
}

/**
 * The knowledge base for a configuration: the embedding model (or its weight-free stand-in),
 * the live index under the data directory, and, on a fresh data directory, the sample
 * policies from KNOWLEDGE_DIR ingested as its first version.
 */
export interface OpenOptions {
  /** Ingest KNOWLEDGE_DIR into a knowledge base nobody has set up (serving processes do; admin commands do not). */
  seed?: boolean;
  /** Watch for versions published by other processes (long-running processes do). */
  watch?: boolean;
  /** Build in a worker thread (KB_BUILD_IN_WORKER); one-shot admin commands have no event loop to protect. */
  buildInWorker?: boolean;
}

export async function openKnowledgeBase(
  config: Config,
  locks: LockService,
  logger: Logger,
  { seed = true, watch = true, buildInWorker = config.KB_BUILD_IN_WORKER }: OpenOptions = {},
): Promise<KnowledgeBase> {
  const dataDir = resolve(config.AFTERCARE_DATA_DIR);
  const analyzer = new TextAnalyzer();
  const embeddingSettings: EmbeddingSettings = {
    model: config.EMBEDDING_MODEL,
    modelsDir: config.MODELS_DIR,
    dtype: config.EMBEDDING_DTYPE,
    allowDownload: config.EMBEDDING_ALLOW_DOWNLOAD,
    cacheDir: resolve(config.MODELS_DIR),
    loadTimeoutMs: config.EMBEDDING_LOAD_TIMEOUT_MS,
    threads: config.MODEL_THREADS,
    minSimilarity: config.RETRIEVAL_MIN_SIMILARITY,
    runIn: config.EMBEDDING_PROCESS,
  };
  const embeddings = await loadEmbeddings(embeddingSettings, analyzer, logger);
  const buildRunner = buildInWorker
    ? new WorkerBuildRunner(
        {
          // A worker makes the same embedder as this thread; when this one fell back, the worker must not retry a download.
          // The worker is off the serving thread already: its model runs inline.
          embedding: { ...embeddingSettings, runIn: 'inline', ...(embeddings.info.fallback ? { allowDownload: false } : {}) },
          chinese: analyzer.chinese,
          logLevel: logger.level,
          maxMemoryMb: config.KB_BUILD_MAX_MEMORY_MB,
          timeoutMs: config.KB_BUILD_TIMEOUT_MS,
          idleMs: 60_000,
        },
        logger,
      )
    : undefined;
  const topics = await loadIntentTopics({
    extraExamplesDir: config.INTENT_EXAMPLES_DIR ? resolve(config.INTENT_EXAMPLES_DIR) : undefined,
    cacheDir: join(dataDir, 'models'),
    logger,
  });
  const seedDir = resolve(config.KNOWLEDGE_DIR);
  return KnowledgeBase.open(
    {
      dir: join(dataDir, 'knowledge'),
      embeddings,
      analyzer,
      locks,
      logger,
      relevance: relevanceSettings(config, embeddings),
      topics,
      fusion: fusionFor(embeddings),
      keepVersions: config.KB_KEEP_VERSIONS,
      reloadIntervalMs: watch ? config.KB_RELOAD_INTERVAL_MS : 0,
      // Long-running processes (they watch) serve customers: their first searches are paid at start-up.
      warmUp: watch,
      buildRunner,
      limits: { maxTextChars: config.KB_MAX_TEXT_CHARS, maxChunksPerDocument: config.KB_MAX_CHUNKS_PER_DOCUMENT, maxHtmlDepth: config.KB_MAX_HTML_DEPTH },
    },
    seed ? seedFrom(seedDir, logger) : undefined,
  );
}

function seedFrom(seedDir: string, logger: Logger): () => Promise<IngestFile[]> {
  return async () => {
    if (!existsSync(seedDir)) return [];
    logger.info({ dir: seedDir }, 'fresh knowledge base: ingesting the sample policies');
    return (await collectDocumentFiles([seedDir])).files;
  };
}
