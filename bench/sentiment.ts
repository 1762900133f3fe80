/**
 * `npm run bench:sentiment`: what one message costs and how many messages a second the
 * sentiment service scores when they arrive together, through the same path the pipeline
 * uses (lexicon + micro-batcher + model), next to raw pipeline batches for comparison.
 * Texts: 1,280 held-out review texts from ../shared when present (as the model card's
 * speed table), else the project's own fixture messages repeated.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, readEnvironment } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import { lexiconSignals } from '../src/nlu/sentiment/lexicon/signals.js';
import { SentimentService } from '../src/nlu/sentiment/sentiment-service.js';
import { loadSentimentModel } from '../src/nlu/sentiment/model/load-model.js';
import { readMessageDev, sharedDir } from '../scripts/sentiment-eval/dev-sets.js';
import { escalationTestPath, readConversations } from '../scripts/sentiment-eval/escalation-set.js';
import { loadEvaluationSplits, missingFiles } from '../scripts/sentiment-eval/heldout-splits.js';
import { percentile } from '../src/stats.js';

const COUNT = 1280;
const data = resolve(sharedDir(), 'data');
let texts: string[];
let origin: string;
if (existsSync(data) && missingFiles(data).length === 0) {
  const { heldout } = loadEvaluationSplits(data);
  // Interleave the sets so zh and en, short and long arrive mixed, as real traffic does.
  const sets = Object.values(heldout).map((rows) => rows.map((r) => r.text));
  texts = [];
  for (let i = 0; texts.length < COUNT; i++) for (const set of sets) if (texts.length < COUNT && set[i]) texts.push(set[i]!);
  origin = `${COUNT} held-out review texts from ${data}`;
} else {
  const own = [...readMessageDev().map((m) => m.text), ...readConversations(escalationTestPath).flatMap((c) => c.turns.map((t) => t.text))];
  texts = Array.from({ length: COUNT }, (_, i) => own[i % own.length]!);
  origin = `${COUNT} fixture customer messages (repeated; ../shared not found at ${data})`;
}

const config = loadConfig(readEnvironment());
const logger = createLogger({ level: 'error', destination: 2 });
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const print = (line: string) => process.stdout.write(`${line}\n`);

print(`texts: ${origin}; mean length ${Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length)} chars`);

let t = performance.now();
for (const text of texts) lexiconSignals(text);
print(`lexicon alone: ${rate(texts.length, performance.now() - t)} msg/s`);

// A generous timeout: this measures the model's throughput, not the lexicon fallback's.
const service = SentimentService.start({ ...config, SENTIMENT_TIMEOUT_MS: 120_000 }, logger);
await service.ready();
print(`serving: ${service.name} (${service.status.dtype ?? 'no model'}; load ${service.status.loadMs ?? '-'} ms)`);
for (const text of texts.slice(0, 20)) await service.analyse([{ text, language: 'en' }]);

const latencies: number[] = [];
for (let i = 0; i < 200; i++) {
  t = performance.now();
  await service.analyse([{ text: texts[i]!, language: 'en' }]);
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
print(`one message at a time through the service: median ${percentile(latencies, 50).toFixed(2)} ms, p90 ${percentile(latencies, 90).toFixed(2)} ms`);

const before = service.status.batches;
t = performance.now();
await Promise.all(texts.map((text) => service.analyse([{ text, language: 'en' }])));
const concurrentMs = performance.now() - t;
const after = service.status.batches;
const calls = after.calls - before.calls;
print(
  `${texts.length} messages arriving together (one analyse() call each): ${rate(texts.length, concurrentMs)} msg/s, ` +
    `${calls} model calls, mean batch ${((after.messages - before.messages) / Math.max(1, calls)).toFixed(1)}; fallbacks to the lexicon: ${service.status.modelFallbacks}`,
);
await service.close();

const { loaded } = await loadSentimentModel(config, logger);
if (loaded) {
  const batches = (list: string[]) => Array.from({ length: Math.ceil(list.length / 32) }, (_, i) => list.slice(i * 32, i * 32 + 32));
  await loaded.classifier.predict(texts.slice(0, 32));
  t = performance.now();
  for (const batch of batches(texts)) await loaded.classifier.predict(batch);
  print(`raw pipeline, batches of 32 in arrival order: ${rate(texts.length, performance.now() - t)} msg/s`);
  t = performance.now();
  for (const batch of batches([...texts].sort((a, b) => a.length - b.length))) await loaded.classifier.predict(batch);
  print(`raw pipeline, batches of 32 sorted by length: ${rate(texts.length, performance.now() - t)} msg/s`);
  await loaded.classifier.dispose();
}
