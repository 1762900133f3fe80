import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import { HashedNgramEmbeddings } from '../../src/knowledge/embeddings/hashed-ngram-embeddings.js';
import type { KnowledgeEmbeddings } from '../../src/knowledge/embeddings/knowledge-embeddings.js';
import { indexTextOf } from '../../src/knowledge/index/version-files.js';
import { collectDocumentFiles } from '../../src/knowledge/ingest/collect-files.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { fusionFor } from '../../src/knowledge/open-knowledge-base.js';
import type { FusionSettings } from '../../src/knowledge/search/fusion.js';
import type { RelevanceSettings } from '../../src/knowledge/search/hybrid-search.js';
import type { RankingModel } from '../../src/knowledge/search/ranking-model.js';
import type { ChineseSegmentation } from '../../src/knowledge/text/chinese-segmenter.js';
import { TextAnalyzer } from '../../src/knowledge/text/analyzer.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { loadIntentTopics } from '../../src/nlu/intent/intent-topics.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

export interface HarnessOptions {
  corpus: string[];
  segmentation?: ChineseSegmentation;
  /** Builds the embedder for the analyzer; the weight-free one unless told otherwise. */
  embeddings?: (analyzer: TextAnalyzer) => KnowledgeEmbeddings | Promise<KnowledgeEmbeddings>;
  fusion?: Partial<FusionSettings>;
  /** Defaults to the product's RETRIEVAL_MIN_SCORE default. */
  minRelevance?: number;
  /** Ranking and relevance weights; the product's fitted model unless given. */
  model?: RankingModel;
  /** False searches without the intent model's topic prior. */
  topics?: boolean;
}

export interface Harness {
  kb: KnowledgeBase;
  /** Opens the same data directory again, as a restarted process would (with other relevance settings, when given). */
  reopen(relevance?: Partial<RelevanceSettings>): Promise<KnowledgeBase>;
  embeddings: KnowledgeEmbeddings;
  /** LangChain's plain MemoryVectorStore over the same chunks and embeddings: the baseline. */
  memory: MemoryVectorStore;
  close(): Promise<void>;
}

/** A knowledge base in a temporary data directory, built from `corpus`, as the product builds it. */
export async function openHarness(options: HarnessOptions): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-eval-'));
  const store = SqliteStore.open(dir, { lockLeaseMs: 60_000 });
  const analyzer = new TextAnalyzer(options.segmentation);
  const defaults = loadConfig({});
  const embeddings = options.embeddings ? await options.embeddings(analyzer) : new HashedNgramEmbeddings(analyzer);
  const settings: RelevanceSettings = {
    minRelevance: options.minRelevance ?? defaults.RETRIEVAL_MIN_SCORE,
    minSimilarity: embeddings.info.minSimilarity,
    otherLanguageFactor: 0.9,
    model: options.model,
  };
  const topics = options.topics === false ? undefined : await loadIntentTopics({ cacheDir: join(dir, 'models') });
  const kb = await KnowledgeBase.open({
    dir: join(dir, 'knowledge'),
    embeddings,
    analyzer,
    locks: store.locks,
    logger: createLogger({ level: 'silent' }),
    relevance: settings,
    topics,
    fusion: { ...fusionFor(embeddings), ...options.fusion },
    keepVersions: 2,
    reloadIntervalMs: 0,
  });
  await kb.ingest((await collectDocumentFiles(options.corpus)).files);
  const chunks = kb.chunks();
  const memory = await MemoryVectorStore.fromDocuments(
    chunks.map((chunk) => new Document({ pageContent: indexTextOf(chunk), metadata: { source: chunk.source, section: chunk.section, text: chunk.text } })),
    embeddings,
  );
  const reopen = (relevance: Partial<RelevanceSettings> = {}) =>
    KnowledgeBase.open({
      dir: join(dir, 'knowledge'),
      embeddings,
      analyzer: new TextAnalyzer(options.segmentation),
      locks: store.locks,
      logger: createLogger({ level: 'silent' }),
      relevance: { ...settings, ...relevance },
      topics,
      fusion: { ...fusionFor(embeddings), ...options.fusion },
      keepVersions: 2,
      reloadIntervalMs: 0,
    });
  return {
    kb,
    reopen,
    embeddings,
    memory,
    async close() {
      await kb.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Milliseconds a restarted process takes to load the live version (manifest, chunks, terms, HNSW graph). */
export async function reopenMs(harness: Harness): Promise<number> {
  const started = performance.now();
  const kb = await harness.reopen();
  const ms = performance.now() - started;
  await kb.close();
  return ms;
}
