import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signBody } from '../adapters/webhook/signature.js';
import { startChild } from './lib/child.js';
import { bucketDelta, histogramBuckets, histogramQuantile } from './lib/prometheus.js';
import { processRssMiB, startServe, waitUntilReady } from './lib/serve.js';
import { questions } from './lib/questions.js';
import type { Figure } from './lib/report.js';
import { pacedLoad } from './lib/paced-load.js';
import { percentile, round } from '../src/stats.js';

const repoRoot = resolve(import.meta.dirname, '..');

interface ReplyStats {
  distinct: number;
  total: number;
}

/** The shop's side, in its own process: counts the replies each message got. */
async function startCallbackReceiver() {
  const child = await startChild(join(import.meta.dirname, 'lib/callback-receiver-process.ts'), []);
  const base = child.firstLine;
  const stats = async (): Promise<ReplyStats> => (await (await fetch(`${base}/stats`)).json()) as ReplyStats;
  return {
    url: `${base}/callback`,
    stats,
    /** Replies that came back in the webhook's own response (the answer was ready at once). */
    responded: async (messageIds: string[]) => {
      if (messageIds.length > 0) await fetch(`${base}/responded`, { method: 'POST', body: JSON.stringify({ messageIds }) });
    },
    /** Polls until every message has a reply, or `timeoutMs` passes (then some were lost). */
    async waitFor(expected: number, timeoutMs: number): Promise<ReplyStats> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const now = await stats();
        if (now.distinct >= expected || Date.now() > deadline) return now;
        await delay(200);
      }
    },
    close: () => child.stop(),
  };
}

export interface WebhookBenchOptions {
  rate: number;
  seconds: number;
  conversations: number;
}

/**
 * Signed messages into `POST /webhook/:channel` of a real `aftercare serve` process at a fixed
 * rate (autocannon, from this process), replies produced asynchronously by the core and
 * posted to a callback receiver here: ack latency, errors, and replies lost or duplicated.
 */
export async function webhookBench(options: WebhookBenchOptions): Promise<Figure[]> {
  const receiver = await startCallbackReceiver();
  const secret = randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-bench-webhook-'));
  const spawned = performance.now();
  const server = await startServe({
    ...process.env,
    AFTERCARE_DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(repoRoot, 'knowledge'),
    PROMPTS_DIR: join(repoRoot, 'prompts'),
    SENTIMENT_MODEL: join(repoRoot, 'models/bundled/tiny-bert-sentiment-zh-en'),
    EMBEDDING_MODEL: 'hashed',
    HOST: '127.0.0.1',
    PORT: '0',
    // Budget 0: every answer goes to the callback, so the ack measures the webhook alone.
    WEBHOOK_CHANNELS: JSON.stringify({ bench: { secret, callbackUrl: receiver.url, replyBudgetMs: 0 } }),
  });
  // Ready: /readyz says so and the sentiment model has finished loading (it loads after the listener opens).
  await waitUntilReady(server.url);
  const readyMs = performance.now() - spawned;
  await delay(2000);
  const idleRssMiB = processRssMiB(server.pid);
  const url = `${server.url}/webhook/bench`;
  let sent = 0;
  const respondedIds: string[] = [];
  const signed = (n: number) => {
    const body = JSON.stringify({
      messageId: `bench-${n}`,
      conversation: `customer-${n % options.conversations}`,
      text: questions[(n + Math.floor(n / options.conversations)) % questions.length],
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return {
      body,
      headers: { 'content-type': 'application/json', 'x-aftercare-timestamp': timestamp, 'x-aftercare-signature': signBody(secret, timestamp, body) },
    };
  };
  const noteResponse = (status: number, body: string) => {
    if (status !== 200) return;
    const answer = JSON.parse(body) as { status?: string; outcome?: { messageId: string } };
    if (answer.status === 'replied' && answer.outcome) respondedIds.push(answer.outcome.messageId);
  };
  const load = (rate: number, amount: number) =>
    autocannon({
      url,
      method: 'POST',
      connections: 32,
      overallRate: rate,
      amount,
      timeout: 10,
      requests: [
        {
          setupRequest: (request: Record<string, unknown>) => ({ ...request, ...signed(sent++) }),
          onResponse: noteResponse,
        },
      ],
    });
  try {
    // Warm-up, not measured: first Chinese segmentation, model sessions, JIT.
    await load(Math.min(options.rate, 100), 200);
    await receiver.responded(respondedIds.splice(0));
    const warmStats = await receiver.waitFor(sent, 60_000);
    const warm = { sent, replies: warmStats.distinct, total: warmStats.total };
    const serverAcks = async () =>
      histogramBuckets(await (await fetch(`${server.url}/metrics`)).text(), 'aftercare_http_request_duration_seconds', {
        route: '/webhook/:channel',
      });
    const acksBefore = await serverAcks();
    const amount = options.rate * options.seconds;
    const first = sent;
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(processRssMiB(server.pid)), 250);
    const paced = await pacedLoad(server.url, options.rate, amount, (i) => ({ path: '/webhook/bench', ...signed(first + i) }));
    sent += paced.sent;
    paced.bodies.forEach((body) => noteResponse(body.includes('"replied"') ? 200 : 202, body));
    clearInterval(sampler);
    const acks = bucketDelta(await serverAcks(), acksBefore);
    // The same rate as autocannon sends it: each second's requests in a burst at its start.
    const burst = await load(options.rate, Math.round(amount / 2));
    await receiver.responded(respondedIds.splice(0));
    const drainStart = performance.now();
    const final = await receiver.waitFor(sent, Number(process.env.BENCH_DRAIN_MS ?? 180_000));
    const drainMs = performance.now() - drainStart;
    const lost = sent - final.distinct;
    const duplicated = final.total - warm.total - (final.distinct - warm.replies);
    const errors = paced.errors + paced.non2xx + burst.errors + burst.timeouts + burst.non2xx;
    const section = `webhook ${options.rate} req/s`;
    return [
      { section, name: 'requests sent (after 200 warm-up)', value: sent - warm.sent, unit: '', note: `${paced.sent} paced, ${sent - warm.sent - paced.sent} by autocannon` },
      { section, name: 'ack latency p50, steady rate', value: round(percentile(paced.latenciesMs, 50), 1), unit: 'ms' },
      {
        section,
        name: 'ack latency p99, steady rate',
        value: round(percentile(paced.latenciesMs, 99), 1),
        unit: 'ms',
        target: { op: '<=', value: 50 },
        note: 'from when each request was due',
      },
      { section, name: 'achieved rate, steady', value: round(paced.sent / paced.seconds, 1), unit: 'req/s' },
      { section, name: 'ack time in the server p50', value: round(histogramQuantile(0.5, acks) * 1000, 1), unit: 'ms', note: "the server's own histogram, steady rate" },
      { section, name: 'ack time in the server p99', value: round(histogramQuantile(0.99, acks) * 1000, 1), unit: 'ms' },
      { section, name: 'ack latency p50, autocannon bursts', value: round(burst.latency.p50, 1), unit: 'ms', note: "each second's requests sent at once" },
      { section, name: 'ack latency p99, autocannon bursts', value: round(burst.latency.p99, 1), unit: 'ms' },
      { section, name: 'errors (non-2xx, socket, timeout)', value: errors, unit: '', target: { op: '<=', value: 0 } },
      { section, name: 'replies lost', value: lost, unit: '', target: { op: '<=', value: 0 } },
      { section, name: 'replies duplicated', value: duplicated, unit: '', target: { op: '<=', value: 0 } },
      { section, name: 'start-up: listening', value: round(server.listeningMs), unit: 'ms', note: 'spawn to the "aftercare is running" log line' },
      {
        section,
        name: 'start-up: ready',
        value: round(readyMs),
        unit: 'ms',
        note: '/readyz ready and the sentiment model loaded (bundled model, hashed embedder, fresh data dir seeded)',
      },
      { section, name: 'resident memory, idle', value: round(idleRssMiB, 0), unit: 'MiB', note: 'VmRSS of the serve process 2 s after ready' },
      { section, name: 'resident memory, steady load p50', value: round(percentile(rssSamples, 50), 0), unit: 'MiB', note: `sampled every 250 ms at ${options.rate} req/s` },
      { section, name: 'resident memory, steady load max', value: round(Math.max(...rssSamples), 0), unit: 'MiB' },
      { section, name: 'last reply after the last ack', value: round(drainMs / 1000, 1), unit: 's', note: 'how far reply production lagged the load' },
    ];
  } finally {
    await server.stop();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
