/**
 * One aftercare process for the store bench: a runtime on the store its environment names
 * (DATABASE_URL or the data directory's SQLite), running whole turns (engine.handle, no LLM:
 * answers quote passages) from `concurrency` conversations at once for `seconds`. Prints one
 * JSON line: turns done, the measured window and each turn's milliseconds.
 */
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { questions } from './questions.js';

const [name, dataDir, seconds, concurrency] = process.argv.slice(2) as [string, string, string, string];
const repoRoot = resolve(import.meta.dirname, '../..');
const config = loadConfig({
  ...process.env,
  AFTERCARE_DATA_DIR: dataDir,
  KNOWLEDGE_DIR: join(repoRoot, 'knowledge'),
  PROMPTS_DIR: join(repoRoot, 'prompts'),
  LOG_LEVEL: 'silent',
  SENTIMENT_MODEL: 'lexicon',
  INTENT_CLASSIFIER: 'offline',
  EMBEDDING_MODEL: 'hashed',
  KB_DOC2QUERY: 'false',
  KB_MULTI_QUERY: 'false',
});
const runtime = await createRuntime(config, createLogger({ level: 'silent' }));
let conversations = 0;
let sequence = 0;
const turn = (key: string, text: string) =>
  runtime.engine.handle({ channel: 'bench', conversationKey: key, userId: `u-${key}`, messageId: `${name}-${++sequence}`, text, timestamp: new Date() });

// Models learned in the background at start-up (recommendations) finish before the clock starts:
// otherwise they take CPU from the measured turns, and from two processes at once on Postgres.
await runtime.recommendations?.ready();
await runtime.sentiment.ready();
// Warm-up: the first turns load lazily built pieces.
for (const text of questions.slice(0, 3)) await turn(`${name}-warm`, text);

const latencies: number[] = [];
const started = performance.now();
const until = started + Number(seconds) * 1000;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (performance.now() < until) {
      const key = `${name}-c${++conversations}`;
      for (const text of questions) {
        if (performance.now() >= until) break;
        const t = performance.now();
        await turn(key, text);
        latencies.push(performance.now() - t);
      }
    }
  }),
);
const elapsedMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ turns: latencies.length, elapsedMs, latencies })}\n`);
await runtime.close();
