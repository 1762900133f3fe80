/**
 * `npm run bench`: the core's cost per turn and how it scales, next to the simple alternative,
 * each figure against its target. Prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                 # everything (about 5 minutes on 2 cores)
 *   npm run bench -- --quick      # smaller sizes, to check the harness
 *   npm run bench -- --only turn,webhook
 *   npm run bench -- --only store   # SQLite ×1 against Postgres ×2 (needs Debian's postgresql)
 *   npm run bench -- --only sentiment-production,embedding-production,turn-production
 *
 * The *-production sections use production-shaped models with random weights, made under
 * models/bench/ on first use (about a minute and 1 GB; `npm run bench:models` makes them alone).
 *
 * Machines here are 2 shared cores: compare medians and ratios within one run, and rerun
 * before believing a change of a few percent.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { embeddingBench } from './embedding-throughput.js';
import { kbEditBench } from './kb-edit.js';
import { kbUploadBench } from './kb-upload.js';
import { ensureBenchModels } from './models/make-models.js';
import { formatTable, score, type Figure } from './lib/report.js';
import { retrievalBench } from './retrieval.js';
import { sentimentBench } from './sentiment-batching.js';
import { storeBench } from './store.js';
import { turnBench } from './turn-overhead.js';
import { webhookBench } from './webhook.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : null;
const repoRoot = resolve(import.meta.dirname, '..');

// LangChain's HNSWLib builds with hnswlib-node's defaults (M 16, efConstruction 200); the
// knowledge base searches with ef = max(64, 2k).
const hnsw = { m: 16, efConstruction: 200, efSearch: 64 };

// Production-shaped models with random weights (bench/models/make-models.ts), made on first use.
const productionModels = () => ensureBenchModels();
function productionTurnBench(embeddingProcess: 'child' | 'inline') {
  const models = productionModels();
  return turnBench({
    llmDelayMs: 200,
    sequentialTurns: quick ? 20 : 60,
    concurrentConversations: 50,
    concurrentTurnsEach: quick ? 1 : 3,
    label: `production-shaped sentiment + e5-small-shaped embedder${embeddingProcess === 'inline' ? ' in the serving process' : ''}`,
    env: {
      SENTIMENT_MODEL: models.sentiment,
      SENTIMENT_FALLBACK_MODEL: 'none',
      EMBEDDING_MODEL: models.embedding,
      EMBEDDING_DTYPE: 'q8',
      EMBEDDING_ALLOW_DOWNLOAD: 'false',
      EMBEDDING_PROCESS: embeddingProcess,
    },
  });
}
const productionNote = 'random weights in production shapes (bench/models/make-models.ts)';

const sections: Array<{ name: string; run: () => Promise<Figure[]> }> = [
  { name: 'sentiment', run: () => sentimentBench({ count: quick ? 256 : 1024, repeats: quick ? 1 : 3 }) },
  {
    name: 'turn',
    run: () => turnBench({ llmDelayMs: 200, sequentialTurns: quick ? 20 : 100, concurrentConversations: 50, concurrentTurnsEach: quick ? 2 : 6 }),
  },
  {
    name: 'sentiment-production',
    run: () => sentimentBench({ model: productionModels().sentiment, count: quick ? 64 : 256, repeats: 1, target: 3, note: productionNote }),
  },
  {
    name: 'sentiment-production-fp32',
    run: () => sentimentBench({ model: productionModels().sentiment, dtype: 'fp32', count: quick ? 64 : 256, repeats: 1, target: 3, note: productionNote }),
  },
  { name: 'embedding-production', run: () => embeddingBench({ model: productionModels().embedding, dtype: 'q8', count: quick ? 32 : 128, repeats: 1 }) },
  { name: 'embedding-production-fp32', run: () => embeddingBench({ model: productionModels().embedding, dtype: 'fp32', count: quick ? 32 : 128, repeats: 1 }) },
  { name: 'turn-production', run: () => productionTurnBench('child') },
  // The same with the embedding model in the serving process, as before EMBEDDING_PROCESS existed.
  { name: 'turn-production-inline', run: () => productionTurnBench('inline') },
  { name: 'webhook', run: () => webhookBench({ rate: 300, seconds: quick ? 3 : 10, conversations: 300 }) },
  {
    name: 'retrieval',
    run: () => retrievalBench({ sizes: quick ? [10_000] : [10_000, 100_000], queries: 200, bruteForceQueries: quick ? 50 : 100, ...hnsw }),
  },
  { name: 'kb-upload', run: () => kbUploadBench() },
  { name: 'store', run: () => storeBench({ seconds: quick ? 5 : 20, concurrency: 8 }) },
  {
    name: 'kb-edit',
    run: () => kbEditBench({ passages: quick ? 10_000 : 100_000, modelDir: productionModels().embedding, searchIntervalMs: 50, edits: quick ? 2 : 5 }),
  },
];

const started = performance.now();
const figures: Figure[] = [];
for (const section of sections) {
  if (only && !only.has(section.name)) continue;
  const t = performance.now();
  process.stderr.write(`bench: ${section.name}…\n`);
  figures.push(...(await section.run()));
  process.stderr.write(`bench: ${section.name} done in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
}
const scored = figures.map(score);
process.stdout.write(`${formatTable(scored)}\n`);
const missed = scored.filter((f) => f.pass === false);
process.stdout.write(
  `\n${scored.filter((f) => f.pass !== null).length - missed.length} of ${scored.filter((f) => f.pass !== null).length} targets met` +
    `${missed.length ? `; missed: ${missed.map((f) => `${f.section} / ${f.name}`).join('; ')}` : ''}` +
    ` — ${((performance.now() - started) / 1000).toFixed(0)} s in all\n`,
);

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
const results = {
  date: new Date().toISOString(),
  commit,
  quick,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  seconds: Math.round((performance.now() - started) / 1000),
  figures: scored,
};
const dir = join(repoRoot, 'bench/results');
mkdirSync(dir, { recursive: true });
// A run of some sections must not replace the full run that docs/performance.md is made from.
const resultsName = quick ? 'quick.json' : only ? 'partial.json' : 'latest.json';
writeFileSync(join(dir, resultsName), `${JSON.stringify(results, null, 2)}\n`);
// Child processes (the model stand-in, servers) are stopped; nothing else should keep us alive.
process.exit(0);
