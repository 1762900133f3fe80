/**
 * WeChat callback figures: how fast pushes are answered, that retry storms yield exactly one
 * reply per message, and what a turn slower than WeChat's 5-second limit looks like.
 *
 *   npm run bench:wechat                       # defaults
 *   npm run bench:wechat -- --requests 2000 --concurrency 32 --slow-ms 6000
 *
 * Runs the real server in this process against a WeChat API stand-in on 127.0.0.1, with
 * encrypted (safe-mode) pushes signed and encrypted independently of the adapter.
 */
import { parseArgs } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import type { Stage } from '../src/core/turn.js';
import { startBot, type Bot } from '../testkit/wechat-harness.js';
import { textPush } from '../testkit/wechat-platform.js';
import { percentile } from '../src/stats.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    'storm-messages': { type: 'string', default: '200' },
    'slow-ms': { type: 'string', default: '6000' },
    'slow-messages': { type: 'string', default: '20' },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const stormMessages = Number(values['storm-messages']);
const slowMs = Number(values['slow-ms']);
const slowMessages = Number(values['slow-messages']);

const questions = [
  '退款多久能到账？',
  'How long does a refund take to reach my card?',
  '我想退货，运费谁出？',
  'Can I exchange a jacket for a different size?',
  '快递一直没到怎么办',
  'What does the warranty cover?',
  '发票怎么开？',
  'hello',
];

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function pool<T>(items: T[], workers: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** The same questions through the plain JSON API, as the baseline the WeChat adapter adds to. */
async function baseline(bot: Bot) {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(
    Array.from({ length: requests }, (_, i) => i),
    concurrency,
    async (i) => {
      const t0 = performance.now();
      const response = await fetch(`${bot.server.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversation: `web-bench-${i % 500}`, text: questions[i % questions.length] }),
      });
      await response.json();
      latencies.push(performance.now() - t0);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`\n## 0. Baseline: the same turns through POST /api/chat (${requests} requests, ${concurrency} concurrent)`);
  console.log(`throughput           ${(requests / seconds).toFixed(0)} req/s`);
  console.log(`latency p50/p95/p99  ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}`);
}

async function throughput(bot: Bot) {
  const latencies: number[] = [];
  let passive = 0;
  let other = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: requests }, (_, i) => i),
    concurrency,
    async (i) => {
      const xml = textPush(`o-bench-${i % 500}`, questions[i % questions.length]!);
      const t0 = performance.now();
      const result = await bot.platform.push(xml, { encrypt: true });
      latencies.push(performance.now() - t0);
      if (result.reply?.Content) passive++;
      else other++;
    },
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`\n## 1. Encrypted text pushes (${requests} requests, ${concurrency} concurrent, 500 customers)`);
  console.log(`throughput           ${(requests / seconds).toFixed(0)} req/s`);
  console.log(`latency p50/p95/p99  ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(percentile(latencies, 99))}`);
  console.log(`latency max          ${ms(latencies.at(-1) ?? 0)}`);
  console.log(`answered passively   ${passive} (other: ${other})`);
}

async function retryStorm(bot: Bot) {
  const before = bot.api.sent.length;
  const turnsBefore = (await bot.runtime.store.events.countByType()).turn ?? 0;
  const messages = Array.from({ length: stormMessages }, (_, i) => textPush(`o-storm-${i}`, questions[i % questions.length]!));
  const replies = new Map<string, Set<string>>();
  let passiveResponses = 0;
  // Every message delivered three times at once, as WeChat's retries would overlap a slow server.
  await pool(messages, concurrency, async (xml) => {
    const results = await Promise.all([1, 2, 3].map(() => bot.platform.push(xml, { encrypt: true })));
    const contents = new Set(results.map((r) => r.reply?.Content).filter((c): c is string => Boolean(c)));
    passiveResponses += results.filter((r) => r.reply?.Content).length;
    replies.set(xml, contents);
  });
  await bot.runtime.background.drain();
  const apiSends = bot.api.sent.length - before;
  const distinct = [...replies.values()].filter((set) => set.size > 1).length;
  const turns = ((await bot.runtime.store.events.countByType()).turn ?? 0) - turnsBefore;
  console.log(`\n## 2. Retry storm (${stormMessages} messages × 3 simultaneous deliveries)`);
  console.log(`messages with differing replies   ${distinct}`);
  console.log(`passive responses (same text)     ${passiveResponses}`);
  console.log(`API sends                         ${apiSends}`);
  console.log(`turns run                         ${turns}`);
}

async function slowTurns(config: { budgetMs: number }) {
  const slow = (stages: Stage[]) =>
    stages.map((stage) =>
      stage.name !== 'reply'
        ? stage
        : {
            name: stage.name,
            run: async (turn: Parameters<Stage['run']>[0]) => {
              await delay(slowMs);
              await stage.run(turn);
            },
          },
    );
  const bot = await startBot({ customiseStages: slow, logLevel: 'warn', env: { WECHAT_REPLY_BUDGET_MS: String(config.budgetMs) } });
  try {
    const callbackMs: number[] = [];
    const started = performance.now();
    const deliveredAt: number[] = [];
    const expected = slowMessages;
    const done = bot.api.waitForSends(expected).then((calls) => calls.forEach(() => deliveredAt.push(performance.now() - started)));
    await Promise.all(
      Array.from({ length: slowMessages }, async (_, i) => {
        const t0 = performance.now();
        const result = await bot.platform.push(textPush(`o-slow-${i}`, questions[i % questions.length]!), { encrypt: true });
        callbackMs.push(performance.now() - t0);
        if (result.body !== 'success') throw new Error('expected "success" for a slow turn');
      }),
    );
    await done;
    const lastDelivery = performance.now() - started;
    callbackMs.sort((a, b) => a - b);
    console.log(`\n## 3. Turns slower than the limit (${slowMessages} messages, each turn ${slowMs} ms, budget ${config.budgetMs} ms)`);
    console.log(`callback answered ("success") p50/max  ${ms(percentile(callbackMs, 50))} / ${ms(callbackMs.at(-1) ?? 0)}   (WeChat gives up at 5000 ms)`);
    console.log(`all replies delivered through the API   ${bot.api.sent.length}/${expected}, last at ${ms(lastDelivery)}`);
  } finally {
    await bot.close();
  }
}

const bot = await startBot({ logLevel: 'warn' });
try {
  console.log('# WeChat callback benchmark');
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  await baseline(bot);
  await throughput(bot);
  await retryStorm(bot);
} finally {
  await bot.close();
}
await slowTurns({ budgetMs: 4000 });
