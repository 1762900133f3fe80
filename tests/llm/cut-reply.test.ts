import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { idOf, scriptedModel } from '../../testkit/scripted-llm.js';

const question = 'How long does a refund take to reach my card?';
const cardSentence = 'Card refunds usually appear within 5 to 10 business days, depending on your bank';

/** Any channel, streaming or not: a reply the token budget cut off never ends mid-sentence. */
describe('a reply cut off by the token budget', () => {
  let server: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await startFakeOpenAi();
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '30000', LLM_TIMEOUT_MS: '30000' } });
  });
  afterAll(async () => {
    await runtime.close();
    dir.remove();
    await server.close();
  });

  const cutAfterOneSentence = scriptedModel((prompt) => {
    const id = idOf(prompt, 'refunds.md', 'How long a refund takes to reach you');
    return { content: `${cardSentence} [${id}]. PayPal, Alipay and`, finishReason: 'length' };
  });

  it('streamed: what was shown and what is stored end on the last whole sentence', async () => {
    server.setHandler(cutAfterOneSentence);
    const shown: string[] = [];
    const outcome = await runtime.engine.handle(message('cut-stream', question), { onReplyDelta: (text) => shown.push(text) });
    expect(outcome.replyKind).toBe('answer');
    expect(shown.join('')).toBe(`${cardSentence}.`);
    expect(outcome.reply).toBe(`${cardSentence}.\n\nSource: refunds.md § How long a refund takes to reach you`);
    const conversation = (await runtime.store.conversations.findByKey('test', 'cut-stream'))!;
    const stored = (await runtime.store.messages.recent(conversation.id, 10)).at(-1)!;
    expect(stored.text).toBe(outcome.reply);
  });

  it('not streamed: the same', async () => {
    server.setHandler(cutAfterOneSentence);
    const outcome = await runtime.engine.handle(message('cut-whole', question));
    expect(outcome.reply).toMatch(new RegExp(`^${cardSentence}\\.\\n\\nSource: `));
    expect(outcome.reply).not.toContain('Alipay and');
  });

  it('cut before one sentence is whole: the full passage answer', async () => {
    server.setHandler(scriptedModel(() => ({ content: 'Card refunds usually appear within 5 to', finishReason: 'length' })));
    const shown: string[] = [];
    const outcome = await runtime.engine.handle(message('cut-early', question), { onReplyDelta: (text) => shown.push(text) });
    expect(shown).toEqual([]);
    expect(outcome.replyKind).toBe('answer');
    expect(outcome.reply).toContain('PayPal, Alipay and WeChat Pay refunds usually arrive within 1 to 3 business days.');
  });

  it('a reply the model finished keeps its last line even without a full stop', async () => {
    server.setHandler(
      scriptedModel((prompt) => {
        const id = idOf(prompt, 'refunds.md', 'How long a refund takes to reach you');
        return { content: `${cardSentence} [${id}]` };
      }),
    );
    const outcome = await runtime.engine.handle(message('finished', question));
    expect(outcome.reply).toMatch(new RegExp(`^${cardSentence}\\n\\nSource: `));
  });
});
