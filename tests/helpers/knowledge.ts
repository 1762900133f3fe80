import { join } from 'node:path';
import { HashedNgramEmbeddings } from '../../src/knowledge/embeddings/hashed-ngram-embeddings.js';
import type { KnowledgeEmbeddings } from '../../src/knowledge/embeddings/knowledge-embeddings.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { fusionFor } from '../../src/knowledge/open-knowledge-base.js';
import { TextAnalyzer } from '../../src/knowledge/text/analyzer.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { loadIntentTopics } from '../../src/nlu/intent/intent-topics.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { LockService } from '../../src/store/types.js';
import { repoRoot } from '../../testkit/runtime.js';

export const fixturePolicies = join(repoRoot, 'tests/fixtures/policies');
export const sampleKnowledge = join(repoRoot, 'knowledge');

export interface TestKnowledgeBase {
  kb: KnowledgeBase;
  store: SqliteStore;
  close(): Promise<void>;
}

/**
 * A knowledge base in `dataDir` as one process would open it: its own SQLite store (for the
 * build lock) and embedder. Two of these on one directory behave like two processes.
 */
export async function openTestKnowledgeBase(
  dataDir: string,
  options: {
    embeddings?: (analyzer: TextAnalyzer) => KnowledgeEmbeddings;
    reloadIntervalMs?: number;
    logger?: Logger;
    /** Wraps the store's locks, as a replica's shared-version mirror does (shared-versions.ts). */
    locks?: (locks: LockService) => LockService;
  } = {},
): Promise<TestKnowledgeBase> {
  const store = SqliteStore.open(dataDir, { lockLeaseMs: 30_000 });
  const analyzer = new TextAnalyzer();
  const embeddings = options.embeddings?.(analyzer) ?? new HashedNgramEmbeddings(analyzer);
  const kb = await KnowledgeBase.open({
    dir: join(dataDir, 'knowledge'),
    embeddings,
    analyzer,
    locks: options.locks ? options.locks(store.locks) : store.locks,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    relevance: { minRelevance: loadConfig({}).RETRIEVAL_MIN_SCORE, minSimilarity: embeddings.info.minSimilarity, otherLanguageFactor: 0.9 },
    fusion: fusionFor(embeddings),
    keepVersions: 3,
    reloadIntervalMs: options.reloadIntervalMs ?? 0,
    // As the product opens it: the intent model reads what questions and passages are about.
    topics: await loadIntentTopics({ cacheDir: join(dataDir, 'models') }),
  });
  return {
    kb,
    store,
    async close() {
      await kb.close();
      await store.close();
    },
  };
}

/** Questions about the sample knowledge base, both languages, for comparing two versions' answers. */
export const sampleQuestions = [
  'How many days do I have to return an item?',
  'Who pays for return shipping?',
  'How long does a refund take to reach my card?',
  '退款多久能到账？',
  'My blender stopped working after two months, is it covered?',
  'Can I exchange shoes for another size?',
  '可以开发票吗？',
  'Where is my parcel?',
];

/** What a customer would get back for each sample question: passage ids in order, with their scores. */
export async function answersTo(kb: KnowledgeBase): Promise<Array<Array<{ id: string; score: number }>>> {
  const all = [];
  for (const question of sampleQuestions) {
    const passages = await kb.search(question, { k: 5, language: /[\u4e00-\u9fff]/.test(question) ? 'zh' : 'en' });
    all.push(passages.map((p) => ({ id: p.id, score: Number(p.score.toFixed(6)) })));
  }
  return all;
}
