/**
 * Retrieval evaluation: recall@1, recall@5 and MRR of the hybrid retriever against its keyword
 * half, its vector half and LangChain's plain MemoryVectorStore on the same embeddings, over
 * real policy texts and the questions in tests/fixtures/retrieval/. Run: npm run eval:retrieval
 *
 * EMBEDDING_MODEL / MODELS_DIR choose the embedder as the product does (weight-free hashed
 * n-grams when no model loads). EVAL_ABLATIONS=0 skips the segmentation/fusion comparisons.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig, readEnvironment } from '../src/config/load-config.js';
import { loadEmbeddings } from '../src/knowledge/embeddings/load-embeddings.js';
import type { ChineseSegmentation } from '../src/knowledge/text/chinese-segmenter.js';
import { createLogger } from '../src/logger.js';
import { openHarness, reopenMs, type HarnessOptions } from './retrieval-eval/harness.js';
import { abstentionMetrics, rankingMetrics } from './retrieval-eval/metrics.js';
import { percentile } from '../src/stats.js';
import { readQuestions, type RetrievalQuestion } from './retrieval-eval/questions.js';
import { answerAll, rankAll, type Method } from './retrieval-eval/run-methods.js';
import { BotDecider } from './retrieval-eval/bot-decision.js';
import { readCustomerQuestions, withGold, type GoldQuestion } from './retrieval-eval/customer-set.js';
import { evaluateCustomerPart, type PartFigures } from './retrieval-eval/customer-eval.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { Chunk } from '../src/knowledge/types.js';
import { mkdirSync, writeFileSync } from 'node:fs';

const root = resolve(import.meta.dirname, '..');
const sharedPolicies = resolve(root, '../shared/data/policies');
const fixturePolicies = join(root, 'tests/fixtures/policies');
const config = loadConfig(readEnvironment());
const logger = createLogger({ level: 'warn', destination: 2 });

const pct = (n: number) => `${(n * 100).toFixed(1)}%`.padStart(7);

interface Suite {
  name: string;
  corpus: string[];
  questions: RetrievalQuestion[];
}

function suites(): Suite[] {
  const policiesDir = existsSync(sharedPolicies) ? sharedPolicies : fixturePolicies;
  if (policiesDir === sharedPolicies)
    console.log(
      `policy texts: ${sharedPolicies}; machine load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
  else console.log(`policy texts: ../shared/data/policies is not here; using the copies in ${fixturePolicies}`);
  const set = (file: string) => readQuestions(join(root, 'tests/fixtures/retrieval', file));
  // The held-out sets were written after the design was frozen and never tuned against.
  return [
    { name: 'real policies (../shared/data/policies)', corpus: [policiesDir], questions: set('policies-questions.jsonl') },
    { name: 'real policies, held-out questions', corpus: [policiesDir], questions: set('policies-heldout.jsonl') },
    { name: 'sample shop (knowledge/)', corpus: [join(root, 'knowledge')], questions: set('sample-shop-questions.jsonl') },
    { name: 'sample shop, held-out questions', corpus: [join(root, 'knowledge')], questions: set('sample-shop-heldout.jsonl') },
  ];
}

const embedderFactory: HarnessOptions['embeddings'] = (analyzer) =>
  loadEmbeddings(
    {
      model: config.EMBEDDING_MODEL,
      modelsDir: config.MODELS_DIR,
      dtype: config.EMBEDDING_DTYPE,
      allowDownload: config.EMBEDDING_ALLOW_DOWNLOAD,
      cacheDir: join(resolve(config.AFTERCARE_DATA_DIR), 'model-cache'),
      loadTimeoutMs: config.EMBEDDING_LOAD_TIMEOUT_MS,
      minSimilarity: config.RETRIEVAL_MIN_SIMILARITY,
    },
    analyzer,
    logger,
  );

async function evaluateSuite(suite: Suite): Promise<void> {
  const harness = await openHarness({ corpus: suite.corpus, embeddings: embedderFactory, minRelevance: config.RETRIEVAL_MIN_SCORE });
  try {
    const { info } = harness.embeddings;
    const answerable = suite.questions.filter((q) => q.source !== null);
    const cross = answerable.filter((q) => q.cross);
    console.log(
      `\n== ${suite.name}: ${harness.kb.size} passages, ${answerable.length} answerable questions (${cross.length} cross-language), ${suite.questions.length - answerable.length} unanswerable`,
    );
    console.log(`embedder: ${info.id} (${info.note})`);
    console.log(`${'method'.padEnd(22)} recall@1 recall@5     MRR   cross-language recall@5`);
    for (const method of ['hybrid', 'vector', 'keyword', 'memory-vector-store'] as Method[]) {
      const results = await rankAll(harness, suite.questions, method);
      const all = rankingMetrics(results);
      const crossOnly = rankingMetrics(results.filter((r) => r.question.cross));
      const crossColumn = crossOnly.questions ? pct(crossOnly.recallAt5) : '      -';
      console.log(`${method.padEnd(22)} ${pct(all.recallAt1)}  ${pct(all.recallAt5)}  ${all.mrr.toFixed(3).padStart(6)}   ${crossColumn}`);
      if (method === 'hybrid' && process.env.EVAL_SHOW_MISSES) for (const miss of all.misses) console.log(`    miss: ${miss}`);
    }
    await answerAll(harness, suite.questions); // warm-up: jieba dictionary, JIT
    const { results, latenciesMs, cpuMs } = await answerAll(harness, suite.questions);
    for (let round = 0; round < 4; round++) {
      const more = await answerAll(harness, suite.questions);
      latenciesMs.push(...more.latenciesMs);
      cpuMs.push(...more.cpuMs);
    }
    const gate = abstentionMetrics(results);
    console.log(
      `relevance check (hybrid, top 5): answerable kept ${gate.answerableKept}/${gate.answerable}, unanswerable rejected ${gate.unanswerableRejected}/${gate.unanswerable}`,
    );
    console.log(
      `query latency (hybrid, warm, ${latenciesMs.length} queries one at a time): p50 ${percentile(latenciesMs, 50).toFixed(2)} ms, p95 ${percentile(latenciesMs, 95).toFixed(2)} ms, p99 ${percentile(latenciesMs, 99).toFixed(2)} ms; CPU time p50 ${percentile(cpuMs, 50).toFixed(2)} ms, p95 ${percentile(cpuMs, 95).toFixed(2)} ms`,
    );
    const opened = await reopenMs(harness);
    console.log(`index load (a restarted process opening this version): ${opened.toFixed(0)} ms for ${harness.kb.size} passages`);
  } finally {
    await harness.close();
  }
}

/** Design choices measured on the same questions: Chinese segmentation and score fusion. */
async function ablations(suite: Suite): Promise<void> {
  console.log(`\n== ablations on ${suite.name} (hybrid, weight-free embedder)`);
  console.log(`${'variant'.padEnd(34)} recall@1 recall@5     MRR`);
  const variants: Array<[string, Omit<HarnessOptions, 'corpus'>]> = [
    ...(['jieba', 'bigram', 'jieba+bigram'] as ChineseSegmentation[]).map((segmentation): [string, Omit<HarnessOptions, 'corpus'>] => [
      `chinese: ${segmentation}`,
      { segmentation },
    ]),
    ['fusion: relative, vector weight 0.1', { fusion: { method: 'relative', vectorWeight: 0.1 } }],
    ['fusion: relative, vector weight 0.2', { fusion: { method: 'relative', vectorWeight: 0.2 } }],
    ['fusion: relative, vector weight 0.3', { fusion: { method: 'relative', vectorWeight: 0.3 } }],
    ['fusion: relative, vector weight 0.5', { fusion: { method: 'relative', vectorWeight: 0.5 } }],
    ['fusion: reciprocal rank (RRF)', { fusion: { method: 'rrf', vectorWeight: 0.5 } }],
  ];
  for (const [name, options] of variants) {
    const harness = await openHarness({ corpus: suite.corpus, ...options });
    try {
      const metrics = rankingMetrics(await rankAll(harness, suite.questions, 'hybrid'));
      console.log(`${name.padEnd(34)} ${pct(metrics.recallAt1)}  ${pct(metrics.recallAt5)}  ${metrics.mrr.toFixed(3).padStart(6)}`);
    } finally {
      await harness.close();
    }
  }
}

/**
 * The frozen customer question sets (tests/fixtures/retrieval/customer-2026-12/): what the
 * bot itself does with each message, per corpus, part and language. Tune on dev; test is
 * only run and reported.
 */
async function customerSets(): Promise<Record<string, PartFigures>> {
  const dir = process.env.EVAL_CUSTOMER_DIR ?? join(root, 'tests/fixtures/retrieval/customer-2026-12');
  const policiesDir = existsSync(sharedPolicies) ? sharedPolicies : null;
  const corpora: Array<{ name: string; corpus: string | null; prefix: string }> = [
    { name: 'sample shop (knowledge/)', corpus: join(root, 'knowledge'), prefix: 'sample-shop' },
    { name: 'real policies (../shared/data/policies)', corpus: policiesDir, prefix: 'policies' },
  ];
  const figures: Record<string, PartFigures> = {};
  console.log(`\n== customer question sets (${dir}): the bot's own decision, no language model`);
  console.log(`${'corpus · part · lang'.padEnd(34)}     n  top-1 sect  recall@5  no-answer(answerable)  rejected(unanswerable)  all decisions`);
  for (const { name, corpus, prefix } of corpora) {
    if (!corpus) {
      console.log(`${name}: not here, skipped`);
      continue;
    }
    const harness = await openHarness({ corpus: [corpus], minRelevance: config.RETRIEVAL_MIN_SCORE });
    try {
      const decider = await BotDecider.create(harness.kb);
      const chunks = harness.kb.chunks();
      const sectionKey = new Map(chunks.map((c) => [c.id, `${c.source}§${(c.section ?? '').split(' › ')[0]}`]));
      const parts = (process.env.EVAL_PARTS ?? 'dev,test').split(',');
      const devMisses: GoldQuestion[] = [];
      for (const part of parts) {
        const questions = withGold(readCustomerQuestions(join(dir, `${prefix}-${part}.jsonl`)), chunks);
        if (questions.length === 0) {
          console.log(`${`${prefix} · ${part}`.padEnd(34)} (no questions yet)`);
          continue;
        }
        for (const lang of ['en', 'zh'] as const) {
          const subset = questions.filter((q) => q.lang === lang);
          if (subset.length === 0) continue;
          const f = await evaluateCustomerPart(decider, subset, (id) => sectionKey.get(id));
          figures[`${prefix}/${part}/${lang}`] = f;
          printPart(`${prefix} · ${part} · ${lang}`, f);
          if (process.env.EVAL_SHOW_MISSES && part === 'dev') for (const miss of f.misses) console.log(`    ${miss}`);
          if (part === 'dev') devMisses.push(...subset.filter((q) => f.missedIds.has(q.id) && q.gold.size > 0));
        }
      }
      if (process.env.EVAL_LEARN_DEV_HALVES) {
        // For tuning the learning loop on dev alone: misses of one half attached, the other half asked.
        const questions = withGold(readCustomerQuestions(join(dir, `${prefix}-dev.jsonl`)), chunks);
        const inFirstHalf = (id: string) => createHash('sha256').update(id).digest()[0]! % 2 === 0;
        const asked = questions.filter((q) => !inFirstHalf(q.id));
        for (const lang of ['en', 'zh'] as const)
          printPart(
            `${prefix} · dev B · ${lang}`,
            await evaluateCustomerPart(
              decider,
              asked.filter((q) => q.lang === lang),
              (id) => sectionKey.get(id),
            ),
          );
        await attachMisses(
          harness.kb,
          devMisses.filter((q) => inFirstHalf(q.id)),
          chunks,
        );
        for (const lang of ['en', 'zh'] as const)
          printPart(
            `${prefix} · dev B · ${lang}, + A misses`,
            await evaluateCustomerPart(
              decider,
              asked.filter((q) => q.lang === lang),
              (id) => sectionKey.get(id),
            ),
          );
        continue;
      }
      if (parts.includes('test') && devMisses.length > 0) {
        // What an admin working through the misses list would do: attach each answerable dev
        // question the bot got wrong to the section that answers it (an alternative phrasing,
        // a new version). Then the test part again: how far the learning loop carries to
        // questions nobody attached.
        await attachMisses(harness.kb, devMisses, chunks);
        const questions = withGold(readCustomerQuestions(join(dir, `${prefix}-test.jsonl`)), harness.kb.chunks());
        for (const lang of ['en', 'zh'] as const) {
          const subset = questions.filter((q) => q.lang === lang);
          if (subset.length === 0) continue;
          const f = await evaluateCustomerPart(decider, subset, (id) => sectionKey.get(id));
          figures[`${prefix}/test-after-dev-misses/${lang}`] = f;
          printPart(`${prefix} · test · ${lang}, + dev misses`, f);
        }
        console.log(
          `${' '.repeat(4)}(+ dev misses: after attaching the ${devMisses.length} answerable dev questions answered wrong or not at all as alternative phrasings of their sections)`,
        );
      }
    } finally {
      await harness.close();
    }
  }
  return figures;
}

/** Each question becomes an admin's alternative phrasing of the first passage that answers it. */
async function attachMisses(kb: KnowledgeBase, misses: readonly GoldQuestion[], chunks: readonly Chunk[]): Promise<void> {
  const byChunk = new Map<string, string[]>();
  for (const question of misses) {
    const target = [...question.gold][0]!;
    byChunk.set(target, [...(byChunk.get(target) ?? []), question.q]);
  }
  const documentOf = new Map(chunks.map((c) => [c.id, c.documentId]));
  await kb.addPhrasingBatch([...byChunk].map(([chunk, questions]) => ({ document: documentOf.get(chunk)!, section: chunk, questions, origin: 'admin' as const })));
}

function printPart(label: string, f: PartFigures): void {
  console.log(
    `${label.padEnd(34)} ${String(f.questions).padStart(5)}  ${pct(f.top1SectionAccuracy)}    ${pct(f.recallAt5)}   ${pct(f.noAnswerRate)} of ${String(f.answerable).padStart(3)}       ${pct(f.rejectionRate)} of ${String(f.unanswerable).padStart(3)}       ${pct(f.decisionAccuracy)}${f.unmapped ? `  (${f.unmapped} labelled answers not found in the corpus)` : ''}`,
  );
}

const all = suites();
const customer = await customerSets();
if (process.env.EVAL_SAVE) {
  const file = join(root, 'bench/results', `retrieval-customer-${process.env.EVAL_SAVE}.json`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const stripped = Object.fromEntries(Object.entries(customer).map(([key, { misses, missedIds, ...rest }]) => [key, { ...rest, misses: misses.length, missed: missedIds.size }]));
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), figures: stripped }, null, 2)}\n`);
  console.log(`saved ${file}`);
}
if (process.env.EVAL_CUSTOMER_ONLY !== '1') {
  for (const suite of all) await evaluateSuite(suite);
  if (process.env.EVAL_ABLATIONS !== '0') await ablations(all[0]!);
}
