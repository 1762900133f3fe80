import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import type { ChatModel, ChatRequest, ChatResponse } from '../src/llm/chat-model.js';
import { createLogger } from '../src/logger.js';
import type { TurnObserver } from '../src/core/engine.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { startChild } from './lib/child.js';
import { questions } from './lib/questions.js';
import type { Figure } from './lib/report.js';
import { percentile, round } from '../src/stats.js';

const repoRoot = resolve(import.meta.dirname, '..');

interface TurnTimes {
  /** The turn's model calls, so concurrent turns each subtract only their own model time. */
  intervals: Array<[number, number]>;
  /** Each stage's time as the engine reports it. */
  stageMs: Map<string, number>;
}
const currentTurn = new AsyncLocalStorage<TurnTimes>();

const stageRecorder: TurnObserver = {
  turnCompleted(_outcome, _channel, _seconds, stageSeconds) {
    const times = currentTurn.getStore();
    if (times) for (const [stage, seconds] of stageSeconds) times.stageMs.set(stage, seconds * 1000);
  },
  turnFailed() {},
};

function timed<T>(work: () => Promise<T>): Promise<T> {
  const intervals = currentTurn.getStore()?.intervals;
  const start = performance.now();
  return work().finally(() => intervals?.push([start, performance.now()]));
}

/** Wraps the provider (inside redaction and the circuit breaker, which are core work). */
function timedProvider(provider: ChatModel): ChatModel {
  return {
    id: provider.id,
    complete: (request: ChatRequest): Promise<ChatResponse> => timed(() => provider.complete(request)),
    async *stream(request: ChatRequest) {
      const intervals = currentTurn.getStore()?.intervals;
      const start = performance.now();
      try {
        yield* provider.stream(request);
      } finally {
        intervals?.push([start, performance.now()]);
      }
    },
  };
}

/** Total time covered by possibly overlapping intervals (a summary call runs beside the answer). */
function covered(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

interface TurnSample {
  totalMs: number;
  modelMs: number;
  stageMs: Map<string, number>;
}

function signOff(n: number): string {
  return [...n.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
}

async function runConversations(runtime: Runtime, conversations: number, turnsEach: number, tag: string): Promise<{ samples: TurnSample[]; wallMs: number }> {
  const samples: TurnSample[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      for (let t = 0; t < turnsEach; t++) {
        const times: TurnTimes = { intervals: [], stageMs: new Map() };
        // Every message its own text (a sign-off of letters, no number an order lookup would act on): the embedder keeps recent question vectors, and a repeat would time that cache.
        const text = `${questions[(c + t) % questions.length]!} thx ${signOff(c * 1000 + t)}`;
        const begin = performance.now();
        await currentTurn.run(times, () =>
          runtime.engine.handle({
            channel: 'bench',
            conversationKey: `${tag}-${c}`,
            userId: `u-${c}`,
            messageId: `${tag}-${c}-${t}`,
            text,
            timestamp: new Date(),
          }),
        );
        samples.push({ totalMs: performance.now() - begin, modelMs: covered(times.intervals), stageMs: times.stageMs });
      }
    }),
  );
  return { samples, wallMs: performance.now() - started };
}

async function withRuntime<T>(env: Record<string, string>, use: (runtime: Runtime) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-bench-'));
  const config = loadConfig({
    AFTERCARE_DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(repoRoot, 'knowledge'),
    PROMPTS_DIR: join(repoRoot, 'prompts'),
    // The bundled BERT model scores every message, as it does offline in production.
    SENTIMENT_MODEL: join(repoRoot, 'models/bundled/tiny-bert-sentiment-zh-en'),
    SENTIMENT_TIMEOUT_MS: '5000',
    EMBEDDING_MODEL: 'hashed',
    INTENT_CLASSIFIER: 'offline',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const runtime = await createRuntime(config, createLogger({ level: 'silent' }), { wrapModelProvider: timedProvider, observer: stageRecorder });
  try {
    await runtime.sentiment.ready();
    // A server in its steady state: recommendations are learned once, seconds of CPU in a worker after start-up.
    await runtime.recommendations?.ready();
    return await use(runtime);
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Where the core's time goes at one conversation: each stage's p50 and p95, the model's time taken out of the reply stage. */
function stageBreakdown(section: string, samples: TurnSample[]): Figure[] {
  const stages = [...new Set(samples.flatMap((sample) => [...sample.stageMs.keys()]))];
  return stages.flatMap((stage) => {
    const times = samples.map((sample) => (sample.stageMs.get(stage) ?? 0) - (stage === 'reply' ? sample.modelMs : 0));
    return [50, 95].map((p) => ({
      section,
      name: `stage ${stage}${stage === 'reply' ? ' (without the model)' : ''} p${p}, 1 conversation`,
      value: round(percentile(times, p), 2),
      unit: 'ms',
    }));
  });
}

export interface TurnBenchOptions {
  llmDelayMs: number;
  sequentialTurns: number;
  concurrentConversations: number;
  concurrentTurnsEach: number;
  /** Settings on top of the defaults (the bundled sentiment model, the weight-free embedder). */
  env?: Record<string, string>;
  /** Said in the section name, e.g. which models serve. */
  label?: string;
}

/**
 * The time the core adds to a turn on top of the language model: dedupe, store, sentiment
 * (the bundled BERT model), intent, retrieval, prompt, guard, persistence. The model is a
 * stand-in in another process that answers after a fixed delay; each turn's own model time
 * is measured around the provider and subtracted.
 */
export async function turnBench(options: TurnBenchOptions): Promise<Figure[]> {
  const llm = await startChild(join(import.meta.dirname, 'lib/fake-llm-process.ts'), [String(options.llmDelayMs)]);
  const figures: Figure[] = [];
  try {
    await withRuntime({ ...options.env, OPENAI_BASE_URL: llm.firstLine, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000' }, async (runtime) => {
      await runConversations(runtime, 4, 3, 'warm');
      const single = await runConversations(runtime, 1, options.sequentialTurns, 'one');
      const many = await runConversations(runtime, options.concurrentConversations, options.concurrentTurnsEach, 'many');
      const answered = [...single.samples, ...many.samples].filter((s) => s.modelMs > 0).length;
      const section = `turn (LLM ${options.llmDelayMs} ms${options.label ? `, ${options.label}` : ''})`;
      const overhead = (samples: TurnSample[]) => samples.map((s) => s.totalMs - s.modelMs);
      const one = overhead(single.samples);
      const fifty = overhead(many.samples);
      figures.push(
        { section, name: 'core overhead p50, 1 conversation', value: round(percentile(one, 50)), unit: 'ms' },
        { section, name: 'core overhead p95, 1 conversation', value: round(percentile(one, 95)), unit: 'ms', target: { op: '<=', value: 15 } },
        { section, name: 'core overhead p99, 1 conversation', value: round(percentile(one, 99)), unit: 'ms' },
        { section, name: `core overhead p50, ${options.concurrentConversations} conversations`, value: round(percentile(fifty, 50)), unit: 'ms' },
        { section, name: `core overhead p95, ${options.concurrentConversations} conversations`, value: round(percentile(fifty, 95)), unit: 'ms' },
        { section, name: `core overhead p99, ${options.concurrentConversations} conversations`, value: round(percentile(fifty, 99)), unit: 'ms' },
        ...stageBreakdown(section, single.samples),
        { section, name: 'turns/s, 1 conversation', value: round((single.samples.length / single.wallMs) * 1000, 1), unit: '/s' },
        {
          section,
          name: `turns/s, ${options.concurrentConversations} conversations`,
          value: round((many.samples.length / many.wallMs) * 1000, 1),
          unit: '/s',
        },
        {
          section,
          name: 'turns answered by the model',
          value: round(answered / (single.samples.length + many.samples.length), 3),
          unit: 'share',
          note: 'the rest were answered without a model call (greeting, no passage, escalation)',
        },
      );
    });
    // Without a model every turn is core work: how many the core itself sustains.
    await withRuntime(options.env ?? {}, async (runtime) => {
      await runConversations(runtime, 4, 3, 'warm');
      const many = await runConversations(runtime, options.concurrentConversations, options.concurrentTurnsEach, 'nollm');
      const totals = many.samples.map((s) => s.totalMs);
      const section = `turn (no LLM${options.label ? `, ${options.label}` : ''})`;
      figures.push(
        { section, name: `turns/s, ${options.concurrentConversations} conversations`, value: round((many.samples.length / many.wallMs) * 1000, 1), unit: '/s' },
        { section, name: 'turn time p50 (one at a time per conversation)', value: round(percentile(totals, 50)), unit: 'ms' },
        { section, name: 'turn time p95', value: round(percentile(totals, 95)), unit: 'ms' },
      );
      const alone = await runConversations(runtime, 1, options.sequentialTurns, 'nollm-one');
      const solo = alone.samples.map((s) => s.totalMs);
      figures.push(
        { section, name: 'turn time p50, 1 conversation', value: round(percentile(solo, 50)), unit: 'ms' },
        { section, name: 'turn time p95, 1 conversation', value: round(percentile(solo, 95)), unit: 'ms' },
      );
    });
  } finally {
    await llm.stop();
  }
  return figures;
}
