import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleChatModel } from '../../src/llm/providers/openai-compatible.js';
import { allIntentLabels } from '../../src/nlu/intent/labels.js';
import { LlmIntentClassifier } from '../../src/nlu/intent/llm-classifier.js';
import { loadIntentModel } from '../../src/nlu/intent/load-intent-model.js';
import { NgramIntentClassifier } from '../../src/nlu/intent/ngram-classifier.js';
import type { Runtime } from '../../src/runtime.js';
import { startFakeOpenAi, type FakeOpenAiServer, type FakeReply } from '../../testkit/fake-openai-server.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

describe('intent from the LLM, with the offline classifier as fallback', () => {
  let server: FakeOpenAiServer;
  let offline: NgramIntentClassifier;
  const dir = tempDir();
  const classifier = (options: { timeoutMs?: number; skipAboveConfidence?: number } = {}) =>
    new LlmIntentClassifier(new OpenAiCompatibleChatModel({ baseURL: server.url, model: 'intent-test', timeoutMs: 5000, maxRetries: 0 }), offline, {
      timeoutMs: options.timeoutMs ?? 5000,
      skipAboveConfidence: options.skipAboveConfidence ?? 1,
    });

  beforeAll(async () => {
    server = await startFakeOpenAi();
    offline = new NgramIntentClassifier((await loadIntentModel({ cacheDir: dir.path })).model, { minConfidence: 0.25 });
  });
  beforeEach(() => server.requests.splice(0));
  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it("uses the model's label and the entities it found in the message", async () => {
    server.setHandler(() => ({
      content: JSON.stringify({ intent: 'exchange', confidence: 0.83, entities: { product: 'blue hoodie', orderNumber: '99887766' } }),
    }));
    const result = await classifier().classify({ text: 'the blue hoodie from order 99887766 is too tight, can I get a large', language: 'en' });
    expect(result).toEqual({
      label: 'exchange',
      confidence: 0.83,
      entities: { product: 'blue hoodie', orderNumber: '99887766' },
      source: 'llm:openai-compatible:intent-test',
    });
  });

  it('asks for JSON with every label in the prompt and the message as the user turn', async () => {
    server.setHandler(() => ({ content: '{"intent": "order_status"}' }));
    await classifier().classify({ text: '我的快递到哪了', language: 'zh' });
    const [request] = server.requests;
    expect(request!.body.response_format).toEqual({ type: 'json_object' });
    for (const label of allIntentLabels) expect(request!.messages[0]!.content).toContain(`- ${label}:`);
    expect(request!.messages.at(-1)!.content).toContain('我的快递到哪了');
  });

  it('drops entities the message does not contain, and keeps exact order numbers from the text', async () => {
    server.setHandler(() => ({ content: JSON.stringify({ intent: 'order_status', entities: { orderNumber: '12345678', product: 'laptop' } }) }));
    const result = await classifier().classify({ text: 'where is order 55012345?', language: 'en' });
    expect(result.entities).toEqual({ orderNumber: '55012345' });
  });

  it('accepts a label in the wrong case and JSON wrapped in a code fence', async () => {
    server.setHandler(() => ({ content: '```json\n{"intent": "Refund_Status", "confidence": 0.7}\n```' }));
    expect((await classifier().classify({ text: 'any news on my refund?', language: 'en' })).label).toBe('refund_status');
  });

  const failures: Array<[string, FakeReply, string]> = [
    ['prose instead of JSON', { content: 'The customer is asking about an invoice.' }, 'invalid_answer'],
    ['a label that does not exist', { content: '{"intent": "billing_question"}' }, 'invalid_answer'],
    ['a server error', { status: 503 }, 'unavailable'],
    ['a rejected request', { status: 400 }, 'rejected'],
  ];
  it.each(failures)('falls back to the offline classifier on %s', async (_, reply, reason) => {
    server.setHandler(() => reply);
    const result = await classifier().classify({ text: 'I need a VAT invoice for my company', language: 'en' });
    expect(result.label).toBe('invoice');
    expect(result.source).toBe(`ngram-logreg-v1+rule (llm ${reason})`);
  });

  it('does not wait for a slow model past its budget', async () => {
    server.setHandler(() => ({ content: '{"intent": "complaint"}', delayMs: 20_000 }));
    const started = performance.now();
    const result = await classifier({ timeoutMs: 300 }).classify({ text: '退款什么时候到账', language: 'zh' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.label).toBe('refund_status');
    expect(result.source).toContain('(llm timeout)');
  });

  it('skips the model when the offline classifier is already sure enough', async () => {
    server.setHandler(() => ({ content: '{"intent": "complaint"}' }));
    const result = await classifier({ skipAboveConfidence: 0.9 }).classify({ text: '转人工', language: 'zh' });
    expect(result.label).toBe('human_request');
    expect(server.requests).toHaveLength(0);
    const unsure = await classifier({ skipAboveConfidence: 0.9 }).classify({ text: 'the thing', language: 'en' });
    expect(unsure.label).toBe('complaint');
    expect(server.requests).toHaveLength(1);
  });

  describe('in the running app', () => {
    let runtime: Runtime;
    const dataDir = tempDir();
    beforeAll(async () => {
      runtime = await testRuntime(dataDir.path, {
        env: { OPENAI_BASE_URL: server.url, LLM_MODEL: 'intent-test', INTENT_CLASSIFIER: 'auto', INTENT_LLM_SKIP_CONFIDENCE: '1' },
      });
    });
    afterAll(async () => {
      await runtime.close();
      dataDir.remove();
    });

    it('an LLM configured means the LLM decides the intent of a turn', async () => {
      // Only the intent call asks for JSON; anything else (a reply) gets plain text.
      server.setHandler((request) => (request.body.response_format ? { content: '{"intent": "price_protection", "confidence": 0.77}' } : { content: 'ok' }));
      expect(runtime.components.intent).toBe('llm:openai-compatible:intent-test, fallback ngram-logreg-v1');
      const outcome = await runtime.engine.handle(message('llm-intent', 'I bought it last week and now it is cheaper'));
      expect(outcome.intent).toBe('price_protection');
    });

    it('the turn is still answered when the LLM is down', async () => {
      server.setHandler(() => ({ status: 500 }));
      const outcome = await runtime.engine.handle(message('llm-down', '退款什么时候到账'));
      expect(outcome.intent).toBe('refund_status');
      expect(outcome.reply).not.toBe('');
    });
  });
});
