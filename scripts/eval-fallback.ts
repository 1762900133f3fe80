/**
 * How long the customer waits when the language model is slow, failing or cut off by its
 * circuit, against the reply budget: the whole turn (engine.handle) for N questions per case,
 * with the model played by the local OpenAI-compatible test server.
 *
 *   npm run eval:fallback                 # default: 20 turns per case, budget 1500 ms
 *   npm run eval:fallback -- --turns=50 --budget=1000
 */
import { startFakeOpenAi, type FakeReply } from '../testkit/fake-openai-server.js';
import { message, tempDir, testRuntime } from '../testkit/runtime.js';
import { groundedModel, isReplyRequest } from '../testkit/scripted-llm.js';
import { percentile } from '../src/stats.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const turns = arg('turns', 20);
const budget = arg('budget', 1500);
const questions = ['How long does a refund take to reach my card?', '退款多久能到账？', 'What is the return shipping fee?', 'My parcel arrived damaged, what can I do?'];

interface Case {
  name: string;
  llm: boolean;
  reply?: (request: Parameters<ReturnType<typeof groundedModel>>[0]) => FakeReply;
  env?: Record<string, string>;
}

const grounded = groundedModel();
const cases: Case[] = [
  { name: 'no LLM configured (passage quote)', llm: false },
  { name: 'healthy model (answers at once)', llm: true, reply: grounded },
  {
    name: 'slow model (60 s), circuit kept closed',
    llm: true,
    reply: (r) => (isReplyRequest(r) ? { content: 'late', delayMs: 60_000 } : grounded(r)),
    env: { LLM_BREAKER_MIN_CALLS: '1000000' },
  },
  { name: 'slow model (60 s), circuit opens', llm: true, reply: (r) => (isReplyRequest(r) ? { content: 'late', delayMs: 60_000 } : grounded(r)) },
  { name: 'failing model (HTTP 503), circuit kept closed', llm: true, reply: () => ({ status: 503 }), env: { LLM_BREAKER_MIN_CALLS: '1000000' } },
  { name: 'failing model (HTTP 503), circuit opens', llm: true, reply: () => ({ status: 503 }), env: { LLM_BREAKER_MIN_CALLS: '3' } },
];

const server = await startFakeOpenAi();
console.log(`reply budget ${budget} ms, ${turns} turns per case (turn = engine.handle, all stages, SQLite commit)`);
console.log('case                                             turn p50  turn p95  turn max   reply-stage max (budget)   answered from');
for (const c of cases) {
  if (c.reply) server.setHandler(c.reply);
  const dir = tempDir();
  const runtime = await testRuntime(dir.path, {
    env: { LLM_REPLY_BUDGET_MS: String(budget), LLM_MAX_RETRIES: '0', ...(c.llm ? { OPENAI_BASE_URL: server.url } : {}), ...c.env },
  });
  const times: number[] = [];
  const sources = new Map<string, number>();
  for (let i = 0; i < turns; i++) {
    const started = performance.now();
    const outcome = await runtime.engine.handle(message(`eval-${i}`, questions[i % questions.length]!));
    times.push(performance.now() - started);
    const source =
      outcome.reply.startsWith('Here is what') || outcome.reply.startsWith('根据我们的政策') ? 'passage' : outcome.replyKind === 'answer' ? 'model' : outcome.replyKind;
    sources.set(source, (sources.get(source) ?? 0) + 1);
  }
  // The reply stage's own time, as its trace recorded it: what the budget governs.
  const db = (runtime.store as unknown as { db: import('better-sqlite3').Database }).db;
  const replyMs = (db.prepare(`SELECT data FROM events WHERE type = 'reply'`).all() as Array<{ data: string }>).map((row) => (JSON.parse(row.data) as { ms: number }).ms);
  await runtime.close();
  dir.remove();
  const sorted = [...times].sort((a, b) => a - b);
  const mix = [...sources].map(([k, n]) => `${k} ${n}`).join(', ');
  const ms = (x: number) => `${x.toFixed(0)} ms`.padStart(8);
  console.log(
    `${c.name.padEnd(48)} ${ms(percentile(sorted, 50))}  ${ms(percentile(sorted, 95))}  ${ms(sorted.at(-1)!)}   ${`${Math.max(0, ...replyMs)} ms (${budget})`.padStart(24)}   ${mix}`,
  );
}
await server.close();
