import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { deferred, message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { groundedModel, isReplyRequest, replyRequests } from '../../testkit/scripted-llm.js';

async function lastReplyTrace(runtime: Runtime): Promise<Record<string, unknown>> {
  const db = (runtime.store as unknown as { db: import('better-sqlite3').Database }).db;
  const row = db.prepare(`SELECT data FROM events WHERE type = 'reply' ORDER BY id DESC LIMIT 1`).get() as { data: string };
  return JSON.parse(row.data) as Record<string, unknown>;
}

const question = 'How long does a refund take to reach my card?';
const passageAnswer = /^Here is what our policy says:[\s\S]*5 to 10 business days[\s\S]*Source: refunds\.md § How long a refund takes to reach you$/;

describe('when the language model is slow or down', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await startFakeOpenAi();
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await runtime?.close();
    dir?.remove();
  });

  async function start(env: Record<string, string> = {}) {
    dir = tempDir();
    // A generous budget unless a test is about the budget: a loaded machine must not turn answers into fallbacks.
    runtime = await testRuntime(dir.path, { env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000', ...env } });
  }

  it('a model slower than the budget: the customer gets the passage answer, and the model call is abandoned', async () => {
    server.setHandler((request) => (isReplyRequest(request) ? { content: 'too late', delayMs: 60_000 } : { content: '{}' }));
    await start({ LLM_REPLY_BUDGET_MS: '3000' });
    const before = server.requests.length;
    const outcome = await runtime.engine.handle(message('f1', question));
    expect(outcome).toMatchObject({ replyKind: 'answer', citations: [{ source: 'refunds.md', section: 'How long a refund takes to reach you' }] });
    expect(outcome.reply).toMatch(passageAnswer);
    const trace = await lastReplyTrace(runtime);
    expect(trace).toMatchObject({ fallback: 'timeout' });
    // The bot stopped waiting: the model's 60 s answer was never received.
    const call = replyRequests(server.requests.slice(before))[0]!;
    await expect(call.abandoned).resolves.toBe(true);
  });

  it('a channel deadline shorter than the budget is respected', async () => {
    server.setHandler((request) => (isReplyRequest(request) ? { content: 'too late', delayMs: 60_000 } : { content: '{}' }));
    await start({ LLM_REPLY_BUDGET_MS: '60000' });
    // Waiting for the configured 60 s would outlast the test: the 2.5 s deadline is what counts.
    const outcome = await runtime.engine.handle(message('f2', question), { deadlineAt: Date.now() + 2500 });
    expect(outcome.reply).toMatch(passageAnswer);
    // On a loaded machine the earlier stages may leave too little time to try the model at all.
    expect(['timeout', 'budget_too_small']).toContain((await lastReplyTrace(runtime)).fallback);
  });

  it('a deadline too close to try the model answers from the passage at once', async () => {
    server.setHandler(groundedModel());
    await start();
    const before = server.requests.length;
    const outcome = await runtime.engine.handle(message('f3', question), { deadlineAt: Date.now() + 100 });
    expect(outcome.reply).toMatch(passageAnswer);
    expect(await lastReplyTrace(runtime)).toMatchObject({ fallback: 'budget_too_small' });
    expect(replyRequests(server.requests.slice(before))).toHaveLength(0);
  });

  it('a server error falls back to the passage answer', async () => {
    server.setHandler(() => ({ status: 500 }));
    await start();
    const outcome = await runtime.engine.handle(message('f4', '退款多久能到账？'));
    expect(outcome).toMatchObject({ replyKind: 'answer', language: 'zh' });
    expect(outcome.reply).toContain('5 至 10 个工作日');
    expect(outcome.reply).toContain('来源：refunds.md § 退款多久到账');
    expect(await lastReplyTrace(runtime)).toMatchObject({ fallback: 'unavailable' });
  });

  it('after repeated failures the circuit opens: the model is not called again until it cools down', async () => {
    server.setHandler(() => ({ status: 503 }));
    await start({ LLM_BREAKER_MIN_CALLS: '2', LLM_BREAKER_ERROR_PERCENT: '50', LLM_BREAKER_RESET_MS: '600000' });
    await runtime.engine.handle(message('f5', question));
    await runtime.engine.handle(message('f5', 'And how long for PayPal refunds?'));
    const before = server.requests.length;
    // A different question: asking the first one again would (rightly) count as a repeat and go to staff.
    const outcome = await runtime.engine.handle(message('f5', 'Do Alipay refunds take long?'));
    expect(outcome.reply).toContain('1 to 3 business days');
    expect(server.requests.length).toBe(before);
    expect(await lastReplyTrace(runtime)).toMatchObject({ fallback: 'circuit_open' });
  });

  it('a stream that breaks after the first sentence keeps what was shown and completes it', async () => {
    const first = 'Card refunds usually appear within 5 to 10 business days [P1]. ';
    // The connection drops once the customer has seen the first sentence.
    const shown = deferred();
    server.setHandler((request) =>
      isReplyRequest(request) ? { chunks: [first, 'PayPal refunds ', 'arrive within'], failAfterChunks: 2, failWhen: shown.promise } : { content: '{}' },
    );
    await start();
    const deltas: string[] = [];
    const outcome = await runtime.engine.handle(message('f6', question), {
      onReplyDelta: (text) => {
        deltas.push(text);
        shown.resolve();
      },
    });
    expect(deltas).toEqual(['Card refunds usually appear within 5 to 10 business days.']);
    expect(outcome.reply.startsWith(deltas.join(''))).toBe(true);
    expect(outcome.citations).toEqual([{ source: 'refunds.md', section: 'How long a refund takes to reach you' }]);
    expect(await lastReplyTrace(runtime)).toMatchObject({ fallback: 'unavailable', streamedSentences: 1 });
  });
});

describe('streaming replies', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await startFakeOpenAi();
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000' } });
  });
  afterAll(async () => {
    await runtime.close();
    await server.close();
    dir.remove();
  });

  it('sends the answer sentence by sentence, each after it passed the guard', async () => {
    server.setHandler((request) =>
      isReplyRequest(request)
        ? { content: 'Card refunds usually appear within 5 to 10 business days [P1]. PayPal, Alipay and WeChat Pay refunds usually arrive within 1 to 3 business days [P1].' }
        : { content: '{}' },
    );
    const deltas: string[] = [];
    const outcome = await runtime.engine.handle(message('s1', question), { onReplyDelta: (text) => deltas.push(text) });
    expect(deltas).toEqual(['Card refunds usually appear within 5 to 10 business days.', ' PayPal, Alipay and WeChat Pay refunds usually arrive within 1 to 3 business days.']);
    expect(outcome.reply).toBe(`${deltas.join('')}\n\nSource: refunds.md § How long a refund takes to reach you`);
    const sent = replyRequests(server.requests).at(-1)!;
    expect(sent.stream).toBe(true);
  });

  it('never shows a sentence the guard rejects, nor anything after it', async () => {
    server.setHandler((request) =>
      isReplyRequest(request)
        ? {
            content:
              'Card refunds usually appear within 5 to 10 business days [P1]. We will refund you within 2 days if you ask nicely [P1]. Store credit is available immediately [P1].',
          }
        : { content: '{}' },
    );
    const deltas: string[] = [];
    const outcome = await runtime.engine.handle(message('s2', question), { onReplyDelta: (text) => deltas.push(text) });
    expect(deltas).toEqual(['Card refunds usually appear within 5 to 10 business days.']);
    expect(deltas.join('')).not.toContain('2 days');
    expect(outcome.reply).not.toContain('2 days');
    expect(outcome.reply).toBe(
      'Card refunds usually appear within 5 to 10 business days. Store credit is available immediately.\n\nSource: refunds.md § How long a refund takes to reach you',
    );
  });

  it('streams Chinese answers too, and shows nothing when the model has no answer', async () => {
    server.setHandler((request) => (isReplyRequest(request) ? { content: '银行卡退款一般在 5 至 10 个工作日内到账[P1]。店铺余额即时到账[P1]。' } : { content: '{}' }));
    const deltas: string[] = [];
    const outcome = await runtime.engine.handle(message('s3', '退款多久能到账？'), { onReplyDelta: (text) => deltas.push(text) });
    expect(deltas).toEqual(['银行卡退款一般在 5 至 10 个工作日内到账。', '店铺余额即时到账。']);
    expect(outcome.reply.startsWith(deltas.join(''))).toBe(true);

    server.setHandler((request) => (isReplyRequest(request) ? { chunks: ['NO', '_ANS', 'WER'] } : { content: '{}' }));
    const none: string[] = [];
    const unanswered = await runtime.engine.handle(message('s4', question), { onReplyDelta: (text) => none.push(text) });
    expect(none).toEqual([]);
    expect(unanswered.replyKind).toBe('no_answer');
  });
});
