/**
 * Editing one document of a 100k-passage knowledge base while it serves, with the
 * production-shaped encoder (multilingual-e5-small's shape, random weights):
 *
 *   - the base (2,000 documents × 50 rules) is built once through the product's own build
 *     (parse, keyword terms, HNSW graph) and cached under models/bench/; its 100k vectors are
 *     stand-ins of the encoder's dimension (embedding 100k passages with a 12-layer encoder on
 *     2 cores would take hours), labelled with the encoder's id so the live process accepts them;
 *   - the edited document really goes through the encoder (in the serving thread, one passage
 *     at a time; the build worker gets the vectors: see the note on onnxruntime-node below;
 *     BENCH_KB_INLINE=1 builds in the serving thread);
 *   - searches keep arriving at a steady rate meanwhile, each timed from when it was due.
 *
 *   npm run bench -- --only kb-edit
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEmbeddings, type EmbeddingSettings } from '../src/knowledge/embeddings/load-embeddings.js';
import { KnowledgeEmbeddings, type EmbedderInfo } from '../src/knowledge/embeddings/knowledge-embeddings.js';
import { WorkerBuildRunner } from '../src/knowledge/index/build-runner.js';
import type { IngestFile } from '../src/knowledge/ingest/collect-files.js';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { BuildOutcome } from '../src/knowledge/index/index-builder.js';
import { fusionFor } from '../src/knowledge/open-knowledge-base.js';
import { TextAnalyzer } from '../src/knowledge/text/analyzer.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import { loadIntentTopics } from '../src/nlu/intent/intent-topics.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { benchModelsDir } from './models/make-models.js';
import { questions } from './lib/questions.js';
import { embeddingLikeSpace } from './lib/random.js';
import type { Figure } from './lib/report.js';
import { percentile, round } from '../src/stats.js';
import { syntheticPolicies } from './lib/synthetic-knowledge.js';

const repoRoot = resolve(import.meta.dirname, '..');
const logger = createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'error', destination: 2 });

/** The encoder's id and dimension, with vectors from a seeded embedding-shaped space instead of the model. */
class StandInVectors extends KnowledgeEmbeddings {
  private next = 0;
  constructor(readonly info: EmbedderInfo) {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const space = embeddingLikeSpace(this.info.dimensions, Math.max(20, Math.round(texts.length / 500)), 1000 + this.next++);
    const rows = space(texts.length, 1);
    return texts.map((_, i) => Array.from(rows.subarray(i * this.info.dimensions, (i + 1) * this.info.dimensions)));
  }
  async embedQuery(): Promise<number[]> {
    throw new Error('the stand-in only builds the base');
  }
}

/** The real encoder, with question vectors computed ahead so index search is timed apart from query embedding. */
class PrecomputedQueries extends KnowledgeEmbeddings {
  private readonly cache = new Map<string, number[]>();
  constructor(private readonly inner: KnowledgeEmbeddings) {
    super({});
  }
  get info(): EmbedderInfo {
    return this.inner.info;
  }
  async precompute(texts: readonly string[]): Promise<number[]> {
    const times: number[] = [];
    for (const text of texts) {
      const start = performance.now();
      this.cache.set(text, await this.inner.embedQuery(text));
      times.push(performance.now() - start);
    }
    return times;
  }
  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.inner.embedDocuments(texts);
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.cache.get(text) ?? this.inner.embedQuery(text);
  }
  async dispose(): Promise<void> {
    await (this.inner as { dispose?: () => Promise<void> }).dispose?.();
  }
}

const documentsFor = (passages: number) => Math.ceil(passages / 50);

/** The base version's knowledge folder, built once per size and encoder and kept under models/bench/. */
async function cachedBase(passages: number, info: EmbedderInfo): Promise<string> {
  // v2: stored with the passages' topic rows, as versions are since they carry them over.
  const key = createHash('sha256').update(`v2:${passages}:${info.id}:${info.dimensions}`).digest('hex').slice(0, 12);
  const cached = join(benchModelsDir, `kb-${passages}-${key}`);
  if (existsSync(join(cached, 'CURRENT'))) return cached;
  const started = performance.now();
  process.stderr.write(`kb-edit: building the ${passages}-passage base once (cached in ${cached})…\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-bench-kb-base-'));
  const store = SqliteStore.open(dataDir, { lockLeaseMs: 30 * 60_000 });
  try {
    const analyzer = new TextAnalyzer();
    const embeddings = new StandInVectors(info);
    const kb = await KnowledgeBase.open({
      dir: join(dataDir, 'knowledge'),
      embeddings,
      analyzer,
      locks: store.locks,
      logger,
      relevance: { minRelevance: 0, minSimilarity: info.minSimilarity, otherLanguageFactor: 0.9 },
      fusion: fusionFor(embeddings),
      keepVersions: 5,
      reloadIntervalMs: 0,
      topics: await loadIntentTopics({ cacheDir: join(dataDir, 'models') }),
    });
    await kb.ingest(syntheticPolicies(join(repoRoot, 'knowledge'), documentsFor(passages), 50));
    await kb.close();
    mkdirSync(benchModelsDir, { recursive: true });
    cpSync(join(dataDir, 'knowledge'), `${cached}.tmp`, { recursive: true });
    renameSync(`${cached}.tmp`, cached);
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stderr.write(`kb-edit: base built in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return cached;
}

/** Searches due every `intervalMs` until stopped, each timed from when it was due, not from when it started. */
function steadySearches(kb: KnowledgeBase, texts: readonly string[], intervalMs: number) {
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  let stopped = false;
  let n = 0;
  const tick = () => {
    if (stopped) return;
    const due = start + n * intervalMs;
    const text = texts[n % texts.length]!;
    n++;
    const search = kb
      .search(text, { k: 5, language: 'en' })
      .then(() => void latencies.push(performance.now() - due))
      .finally(() => pending.delete(search));
    pending.add(search);
    setTimeout(tick, Math.max(0, start + n * intervalMs - performance.now()));
  };
  tick();
  return {
    async stop(): Promise<number[]> {
      stopped = true;
      await Promise.all(pending);
      return latencies;
    },
  };
}

const edit = (file: IngestFile, marker: string): IngestFile => ({
  ...file,
  bytes: Buffer.from(Buffer.from(file.bytes).toString('utf8').replace('## Rule', `## Rule on ${marker}\nParcels marked ${marker} are refunded within 3 days.\n\n## Rule`)),
});

export async function kbEditBench(options: { passages: number; modelDir: string; searchIntervalMs: number; edits: number }): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-bench-kb-edit-'));
  const analyzer = new TextAnalyzer();
  const embeddingSettings: EmbeddingSettings = {
    model: options.modelDir,
    modelsDir: dataDir,
    // The product's default precision, as transformers.js conversions ship it.
    dtype: 'q8',
    allowDownload: false,
    cacheDir: dataDir,
    loadTimeoutMs: 300_000,
    // As the product runs it (EMBEDDING_PROCESS, default child); EMBEDDING_PROCESS=inline for the serving thread.
    runIn: process.env.EMBEDDING_PROCESS === 'inline' ? 'inline' : 'child',
  };
  const encoder = await loadEmbeddings(embeddingSettings, analyzer, logger);
  if (encoder.info.fallback) throw new Error(`the encoder did not load: ${encoder.info.note}`);
  const base = await cachedBase(options.passages, encoder.info);
  cpSync(base, join(dataDir, 'knowledge'), { recursive: true });
  const store = SqliteStore.open(dataDir, { lockLeaseMs: 10 * 60_000 });
  const embeddings = new PrecomputedQueries(encoder);
  const config = loadConfig({});
  const section = `kb edit (${options.passages / 1000}k passages, e5-small-shaped encoder${embeddingSettings.runIn === 'inline' ? ' in the serving process' : ''})`;
  let kb: KnowledgeBase | null = null;
  try {
    const openStart = performance.now();
    kb = await KnowledgeBase.open({
      dir: join(dataDir, 'knowledge'),
      embeddings,
      analyzer,
      locks: store.locks,
      logger,
      relevance: { minRelevance: config.RETRIEVAL_MIN_SCORE, minSimilarity: encoder.info.minSimilarity, otherLanguageFactor: 0.9 },
      fusion: fusionFor(encoder),
      keepVersions: config.KB_KEEP_VERSIONS,
      reloadIntervalMs: 0,
      // As a serving process opens it: its first searches are paid before it serves.
      warmUp: true,
      topics: await loadIntentTopics({ cacheDir: join(dataDir, 'models') }),
      // As a serving process builds (KB_BUILD_IN_WORKER), unless BENCH_KB_INLINE=1. The serving thread
      // embeds the changed passages and hands their vectors to the worker, which then never loads
      // the encoder (onnxruntime-node 1.21 aborts the process when a worker thread runs a session
      // while this thread has one, microsoft/onnxruntime#24486).
      ...(process.env.BENCH_KB_INLINE === '1'
        ? {}
        : {
            buildRunner: new WorkerBuildRunner(
              {
                embedding: { ...embeddingSettings, runIn: 'inline' },
                chinese: analyzer.chinese,
                logLevel: 'error',
                maxMemoryMb: config.KB_BUILD_MAX_MEMORY_MB,
                timeoutMs: config.KB_BUILD_TIMEOUT_MS,
                idleMs: 60_000,
              },
              logger,
            ),
          }),
    });
    const openMs = performance.now() - openStart;
    if (kb.size < options.passages) throw new Error(`the base holds ${kb.size} passages, expected ${options.passages}`);

    const texts = Array.from({ length: 60 }, (_, i) => `${questions[i % questions.length]} (order ${1000 + i})`);
    const embedTimes = await embeddings.precompute(texts);
    const idle = steadySearches(kb, texts, options.searchIntervalMs);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleLatencies = await idle.stop();

    const files = syntheticPolicies(join(repoRoot, 'knowledge'), documentsFor(options.passages), 50);
    // The first change after start-up starts the build worker, which loads its own encoder.
    const firstStart = performance.now();
    await kb.ingest([edit(files[0]!, 'warmupmarker')]);
    const firstMs = performance.now() - firstStart;

    // Several edits, one after another, while searches keep arriving: a p99 needs more than the
    // ~20 searches one edit lasts.
    const searches = steadySearches(kb, texts, options.searchIntervalMs);
    const publishedTimes: number[] = [];
    const liveTimes: number[] = [];
    let lastOutcome: BuildOutcome | null = null;
    for (let e = 0; e < options.edits; e++) {
      const marker = `quokka${String.fromCharCode(97 + e)}parcel`;
      const editStart = performance.now();
      lastOutcome = await kb.ingest([edit(files[1 + e]!, marker)]);
      publishedTimes.push(performance.now() - editStart);
      const found = await kb.search(`Are ${marker} parcels refunded?`, { k: 5, language: 'en' });
      liveTimes.push(performance.now() - editStart);
      if (!found.some((passage) => passage.text.includes(marker))) throw new Error(`the edited passage (${marker}) is not found after the edit`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const during = await searches.stop();
    return [
      {
        section,
        name: 'load the live version at start-up',
        value: round(openMs / 1000, 1),
        unit: 's',
        note: 'base vectors are stand-ins of the encoder dimension (see bench/kb-edit.ts); built once, cached',
      },
      {
        section,
        name: 'first edit after start-up',
        value: round(firstMs / 1000, 1),
        unit: 's',
        note:
          process.env.BENCH_KB_INLINE === '1'
            ? 'built in the serving thread (BENCH_KB_INLINE=1)'
            : 'includes starting the build worker (it gets the vectors, never loads the encoder)',
      },
      {
        section,
        name: 'edit one document: published, median',
        value: round(percentile(publishedTimes, 50) / 1000, 2),
        unit: 's',
        note: `${options.edits} edits one after another, each ${lastOutcome?.replaced.length ?? 0} document replaced of ${lastOutcome?.chunks ?? 0} passages; its passages embedded by the encoder`,
      },
      { section, name: 'edit one document: live (found by search), median', value: round(percentile(liveTimes, 50) / 1000, 2), unit: 's' },
      { section, name: 'edit one document: live (found by search), slowest', value: round(Math.max(...liveTimes) / 1000, 2), unit: 's', target: { op: '<=', value: 5 } },
      {
        section,
        name: 'search p50, idle',
        value: round(percentile(idleLatencies, 50)),
        unit: 'ms',
        note: `a search due every ${options.searchIntervalMs} ms; question vectors precomputed`,
      },
      { section, name: 'search p99, idle', value: round(percentile(idleLatencies, 99)), unit: 'ms' },
      { section, name: 'search p50, during the edits', value: round(percentile(during, 50)), unit: 'ms', note: `${during.length} searches` },
      { section, name: 'search p95, during the edits', value: round(percentile(during, 95)), unit: 'ms' },
      { section, name: 'search p99, during the edits', value: round(percentile(during, 99)), unit: 'ms', target: { op: '<=', value: 20 } },
      { section, name: 'search max, during the edits', value: round(Math.max(...during)), unit: 'ms' },
      { section, name: 'question embedding p50 (encoder, one call)', value: round(percentile(embedTimes, 50)), unit: 'ms', note: 'on top of search when a question is new' },
    ];
  } finally {
    await kb?.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
