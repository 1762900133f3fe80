import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadEmbeddings } from '../src/knowledge/embeddings/load-embeddings.js';
import { TextAnalyzer } from '../src/knowledge/text/analyzer.js';
import { createLogger } from '../src/logger.js';
import { questions } from './lib/questions.js';
import type { Figure } from './lib/report.js';
import { median, round } from '../src/stats.js';

const rate = (n: number, ms: number) => round(n / (ms / 1000), 0);

/**
 * The embedder that loads a local model folder (the product's own loader), timing questions
 * embedded one call each (how searches embed them) against passages embedded in the
 * embedder's batches (how ingestion embeds them).
 */
export async function embeddingBench(options: { model: string; dtype: 'q8' | 'fp32'; count: number; repeats: number }): Promise<Figure[]> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'aftercare-embed-bench-'));
  const logger = createLogger({ level: 'error', destination: 2 });
  const load = (runIn: 'child' | 'inline') =>
    loadEmbeddings({ model: options.model, modelsDir: cacheDir, dtype: options.dtype, allowDownload: false, cacheDir, loadTimeoutMs: 300_000, runIn }, new TextAnalyzer(), logger);
  // The product's default: the model in an encoder process of its own.
  const embeddings = await load('child');
  if (embeddings.info.fallback || embeddings.info.kind !== 'transformers') throw new Error(`the embedding model did not load: ${embeddings.info.note}`);
  const texts = Array.from({ length: options.count }, (_, i) => questions[i % questions.length]!);
  const section = `embedding (${embeddings.info.id.replace(/^transformers:.*\//, '')}, ${embeddings.info.dimensions}-d)`;
  const perMessage: number[] = [];
  const batched: number[] = [];
  const stalls: Figure[] = [];
  try {
    await embeddings.embedDocuments(texts.slice(0, 16));
    for (let r = 0; r < options.repeats; r++) {
      let t = performance.now();
      // Each question once: the embedder keeps recent question vectors, and a repeat would time the cache.
      for (const [i, text] of texts.entries()) await embeddings.embedQuery(`${text} [${r}.${i}]`);
      perMessage.push(rate(texts.length, performance.now() - t));
      t = performance.now();
      await embeddings.embedDocuments(texts);
      batched.push(rate(texts.length, performance.now() - t));
    }
    const inline = await load('inline');
    try {
      for (const [where, embedder] of [
        ['in the serving process', inline],
        ['in an encoder process', embeddings],
      ] as const) {
        const delay = await eventLoopDelayWhile(() => Promise.all(texts.map((text, i) => embedder.embedQuery(`${text} (${where}, ${i})`))));
        stalls.push(
          { section, name: `event-loop delay p99, ${texts.length} questions at once, model ${where}`, value: delay.p99, unit: 'ms' },
          { section, name: `event-loop delay max, ${texts.length} questions at once, model ${where}`, value: delay.max, unit: 'ms' },
        );
      }
    } finally {
      await (inline as { dispose?: () => Promise<void> }).dispose?.();
    }
  } finally {
    await (embeddings as { dispose?: () => Promise<void> }).dispose?.();
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return [
    {
      section,
      name: 'per-message calls (embedQuery)',
      value: median(perMessage),
      unit: 'msg/s',
      note: `median of ${options.repeats} runs over ${texts.length} questions; random weights, fp32`,
    },
    { section, name: 'batched calls (embedDocuments, batches of 16)', value: median(batched), unit: 'msg/s' },
    { section, name: 'batched ÷ per-message', value: round(median(batched) / median(perMessage), 2), unit: '×' },
    ...stalls,
  ];
}

/**
 * How long the event loop was held while `work` ran: what a webhook or a search arriving
 * meanwhile waits before it is even looked at.
 */
async function eventLoopDelayWhile(work: () => Promise<unknown>): Promise<{ p99: number; max: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await work();
  // A stall is recorded when the loop's timer finally runs: let it run once more.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  return { p99: round(histogram.percentile(99) / 1e6, 1), max: round(histogram.max / 1e6, 1) };
}
