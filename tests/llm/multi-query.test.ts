import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer, type RecordedRequest } from '../../testkit/fake-openai-server.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { scriptedModel } from '../../testkit/scripted-llm.js';

const isMultiQuery = (request: RecordedRequest) => request.messages.some((m) => m.role === 'system' && m.content.includes('search queries'));

/** Replies quote the first sentence of the first passage they are given, citing it. */
const quoteFirstPassage = scriptedModel((prompt) => {
  const passage = prompt.passages[0];
  if (!passage) return 'NO_ANSWER';
  const sentence = passage.text.split(/(?<=[.!?])\s+/)[0]!.replace(/[.]\s*$/, '');
  return `${sentence} [${passage.id}].`;
});

describe('multi-query: an unclear question rewritten into search queries by the model', { timeout: 120_000 }, () => {
  let model: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    model = await startFakeOpenAi();
  });
  afterAll(() => model.close());
  afterEach(async () => {
    await runtime?.close();
    dir?.remove();
  });

  async function start(env: Record<string, string> = {}) {
    dir = tempDir();
    runtime = await testRuntime(dir.path, {
      env: { OPENAI_BASE_URL: model.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000', KB_MULTI_QUERY: 'true', ...env },
    });
  }

  it('answers from the section the fused queries find, and leaves clear questions alone', async () => {
    model.setHandler((request) =>
      isMultiQuery(request) ? { content: '1. item arrived damaged\n2. parcel damaged on arrival what to do\n3. broken product received' } : quoteFirstPassage(request),
    );
    // Generous for a loaded test machine; the slow-model case below shows the timeout at work.
    await start({ KB_MULTI_QUERY_TIMEOUT_MS: '15000' });
    const before = model.requests.length;
    const outcome = await runtime.engine.handle(message('mq-1', 'kettle lid cracked. jo.bloggs@example.com'));
    expect(outcome.replyKind).toBe('answer');
    expect(outcome.citations[0]).toEqual({ source: 'shipping.md', section: 'Damaged on arrival' });
    const rewrites = model.requests.slice(before).filter(isMultiQuery);
    expect(rewrites).toHaveLength(1);
    const sent = rewrites[0]!.messages.map((m) => m.content).join('\n');
    expect(sent).toContain('kettle lid cracked');
    expect(sent).not.toContain('jo.bloggs@example.com');

    const clear = model.requests.length;
    const refund = await runtime.engine.handle(message('mq-2', 'How long does a refund take to reach my card?'));
    expect(refund.citations[0]).toEqual({ source: 'refunds.md', section: 'How long a refund takes to reach you' });
    expect(model.requests.slice(clear).filter(isMultiQuery)).toHaveLength(0);
  });

  it('keeps the offline ranking when the model fails or is too slow', async () => {
    model.setHandler((request) => (isMultiQuery(request) ? { status: 500 } : quoteFirstPassage(request)));
    await start({ KB_MULTI_QUERY_TIMEOUT_MS: '400' });
    const failed = await runtime.engine.handle(message('mq-3', 'kettle lid cracked'));
    expect(failed.replyKind).toBe('no_answer');

    model.setHandler((request) => (isMultiQuery(request) ? { content: 'parcel damaged on arrival', delayMs: 30_000 } : quoteFirstPassage(request)));
    const started = Date.now();
    const slow = await runtime.engine.handle(message('mq-4', 'kettle lid cracked'));
    expect(slow.replyKind).toBe('no_answer');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
