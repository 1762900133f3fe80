import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import { loadSentimentModel } from '../src/nlu/sentiment/model/load-model.js';
import { SentimentService } from '../src/nlu/sentiment/sentiment-service.js';
import type { Figure } from './lib/report.js';
import { median, round } from '../src/stats.js';

const repoRoot = resolve(import.meta.dirname, '..');

/** Customer messages of our own escalation sets (zh and en, short and long), repeated to `count`. */
function messages(count: number): string[] {
  const own = readFileSync(join(repoRoot, 'tests/fixtures/escalation/conversations-test.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { turns: Array<{ text: string }> }).turns.map((t) => t.text));
  return Array.from({ length: count }, (_, i) => own[i % own.length]!);
}

const rate = (n: number, ms: number) => round(n / (ms / 1000), 0);

/**
 * The same model (the bundled BERT) scoring the same messages one call per message versus in
 * batches of 32 sorted by length, and through the service's micro-batcher when they arrive
 * together, as concurrent turns make them do.
 */
export async function sentimentBench(options: { count: number; repeats: number; model?: string; dtype?: 'q8' | 'fp32'; target?: number; note?: string }): Promise<Figure[]> {
  const config = loadConfig({
    SENTIMENT_MODEL: options.model ?? join(repoRoot, 'models/bundled/tiny-bert-sentiment-zh-en'),
    SENTIMENT_FALLBACK_MODEL: 'none',
    SENTIMENT_DTYPE: options.dtype ?? 'q8',
    SENTIMENT_TIMEOUT_MS: '120000',
  });
  const logger = createLogger({ level: 'error', destination: 2 });
  const texts = messages(options.count);
  const { loaded } = await loadSentimentModel(config, logger);
  if (!loaded) throw new Error(`the sentiment model ${config.SENTIMENT_MODEL} did not load`);
  const section = `sentiment (${loaded.candidate.name}, ${loaded.classifier.dtype})`;
  const perMessage: number[] = [];
  const batched: number[] = [];
  const bufferMiB = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().arrayBuffers / 2 ** 20;
  };
  const loadedBuffers = bufferMiB();
  let buffersGrown: number;
  try {
    await loaded.classifier.predict(texts.slice(0, 32));
    for (let r = 0; r < options.repeats; r++) {
      let t = performance.now();
      for (const text of texts) await loaded.classifier.predict([text]);
      perMessage.push(rate(texts.length, performance.now() - t));
      const sorted = [...texts].sort((a, b) => a.length - b.length);
      t = performance.now();
      for (let i = 0; i < sorted.length; i += 32) await loaded.classifier.predict(sorted.slice(i, i + 32));
      batched.push(rate(texts.length, performance.now() - t));
    }
    buffersGrown = bufferMiB() - loadedBuffers;
  } finally {
    await loaded.classifier.dispose();
  }

  const service = SentimentService.start(config, logger);
  await service.ready();
  const before = service.status.batches;
  const t = performance.now();
  await Promise.all(texts.map((text) => service.analyse([{ text, language: 'en' }])));
  const together = rate(texts.length, performance.now() - t);
  const after = service.status.batches;
  const meanBatch = (after.messages - before.messages) / Math.max(1, after.calls - before.calls);
  await service.close();

  const ratio = median(batched) / median(perMessage);
  return [
    {
      section,
      name: 'per-message calls',
      value: median(perMessage),
      unit: 'msg/s',
      note: `median of ${options.repeats} runs over ${texts.length} messages${options.note ? `; ${options.note}` : ''}`,
    },
    { section, name: 'batched calls (32, length-sorted)', value: median(batched), unit: 'msg/s' },
    { section, name: 'batched ÷ per-message', value: round(ratio, 2), unit: '×', target: { op: '>=', value: options.target ?? 4 } },
    {
      section,
      name: 'buffers held after the calls',
      value: round(buffersGrown, 1),
      unit: 'MiB',
      target: { op: '<=', value: 16 },
      note: 'ArrayBuffer memory after every call above minus right after loading, after a collection (the model file must not be read into memory)',
    },
    { section, name: 'service, messages arriving together', value: together, unit: 'msg/s', note: `micro-batcher, mean batch ${round(meanBatch, 1)}` },
  ];
}
