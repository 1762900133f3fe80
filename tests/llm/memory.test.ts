import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/domain/types.js';
import { planMemory } from '../../src/llm/memory/conversation-memory.js';
import { TokenCounter } from '../../src/llm/memory/token-counter.js';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { groundedModel, isSummaryRequest, readReplyPrompt, replyRequests } from '../../testkit/scripted-llm.js';

let nextId = 1;
function stored(author: StoredMessage['author'], text: string): StoredMessage {
  return {
    id: nextId++,
    conversationId: 'c',
    direction: author === 'customer' ? 'in' : 'out',
    author,
    text,
    language: 'en',
    sentiment: null,
    intent: null,
    meta: null,
    createdAt: new Date(),
  };
}

describe('conversation memory', () => {
  const counter = new TokenCounter();
  beforeAll(() => counter.warmUp());

  const history = Array.from({ length: 30 }, (_, i) =>
    stored(
      i % 2 === 0 ? 'customer' : 'bot',
      i % 2 === 0 ? `Question ${i} about my order 2026${i} and its refund.` : `Answer ${i}: card refunds usually take 5 to 10 business days.\n\nSource: refunds.md § How long`,
    ),
  );

  it('keeps recent turns verbatim within the budget and folds the older ones', () => {
    const plan = planMemory(history, null, counter, { recentTokens: 200, summaryTokens: 80 });
    const recentTokens = plan.recent.reduce((n, m) => n + counter.count(m.text), 0);
    expect(recentTokens).toBeLessThanOrEqual(200);
    expect(plan.recent.at(-1)).toBe(history.at(-1));
    expect(plan.fold?.messages.at(-1)?.id).toBe(plan.recent[0]!.id - 1);
    // Until the model summarises them, the folded turns are noted briefly, within the summary budget.
    expect(counter.count(plan.summary)).toBeLessThanOrEqual(80);
    expect(plan.summary).toContain('customer: Question');
  });

  it('needs no summary while the conversation fits', () => {
    const plan = planMemory(history.slice(-4), null, counter, { recentTokens: 1200, summaryTokens: 300 });
    expect(plan.fold).toBeNull();
    expect(plan.recent).toHaveLength(4);
    expect(plan.summary).toBe('');
  });

  it('shows what the stored summary does not cover yet, and nothing it does', () => {
    const through = history[19]!.id;
    const plan = planMemory(history, { text: 'Earlier: the customer asked about order 20260.', throughMessageId: through }, counter, {
      recentTokens: 2000,
      summaryTokens: 300,
    });
    expect(plan.recent[0]!.id).toBe(through + 1);
    expect(plan.summary).toBe('Earlier: the customer asked about order 20260.');
  });
});

describe('memory in a conversation with the model', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await startFakeOpenAi(groundedModel({ summary: 'MEMORY: the customer keeps asking about a card refund for order 1001.' }));
    dir = tempDir();
    runtime = await testRuntime(dir.path, {
      env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000', MEMORY_RECENT_TOKENS: '150', MEMORY_SUMMARY_TOKENS: '60' },
    });
  });
  afterAll(async () => {
    await runtime.close();
    await server.close();
    dir.remove();
  });

  it('summarises older turns once they no longer fit, saves the summary, and shows it in later prompts', async () => {
    const questions = [
      'How long does a refund take to reach my card?',
      // Each a different question: asking one again would rightly count as a repeat and go to staff.
      'Do PayPal refunds arrive faster?',
      'Is store credit available straight away, or do I wait like for cards?',
      'And for Alipay or WeChat Pay?',
      'Can the refund go to a different card than the one I paid with?',
    ];
    for (const text of questions) await runtime.engine.handle(message('mem', text));
    expect(server.requests.some(isSummaryRequest)).toBe(true);
    const conversation = await runtime.store.conversations.findByKey('test', 'mem');
    const summary = await runtime.store.summaries.get(conversation!.id);
    expect(summary?.text).toContain('MEMORY: the customer keeps asking');

    await runtime.engine.handle(message('mem', 'How long does a refund take to reach my Mastercard?'));
    const prompt = readReplyPrompt(replyRequests(server.requests).at(-1)!);
    expect(prompt.summary).toContain('MEMORY: the customer keeps asking');
    // The first question is no longer verbatim: it is in the summary.
    expect(prompt.history).not.toContain(questions[0]);
    expect(prompt.history).toContain('customer:');
  });
});
