import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/chat-model.js';
import { OpenAiCompatibleChatModel } from '../../src/llm/providers/openai-compatible.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';

describe('OpenAI-compatible chat model', () => {
  let server: FakeOpenAiServer;
  const model = () => new OpenAiCompatibleChatModel({ baseURL: server.url, model: 'test-model', timeoutMs: 2000, maxRetries: 0 });

  beforeAll(async () => {
    server = await startFakeOpenAi();
  });
  afterAll(() => server.close());

  it('sends the messages and returns the completion', async () => {
    server.setHandler(() => ({ content: 'Refunds take 5 to 10 business days.' }));
    const response = await model().complete({ messages: [{ role: 'user', content: 'refund?' }] });
    expect(response).toMatchObject({ text: 'Refunds take 5 to 10 business days.', model: 'test-model', finishReason: 'stop' });
    expect(server.requests.at(-1)?.messages).toEqual([{ role: 'user', content: 'refund?' }]);
  });

  it('streams text deltas over server-sent events', async () => {
    server.setHandler(() => ({ content: 'one two three' }));
    const pieces: string[] = [];
    for await (const piece of model().stream({ messages: [{ role: 'user', content: 'count' }] })) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('one two three');
  });

  it('classifies a server error as unavailable and a slow answer as a timeout', async () => {
    server.setHandler(() => ({ status: 503 }));
    await expect(model().complete({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ kind: 'unavailable' });
    server.setHandler(() => ({ content: 'late', delayMs: 5000 }));
    const error = await model()
      .complete({ messages: [{ role: 'user', content: 'x' }], timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).kind).toBe('timeout');
  });

  it('a request the server rejects (4xx) is not a retryable outage', async () => {
    server.setHandler(() => ({ status: 400 }));
    await expect(model().complete({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ kind: 'rejected' });
  });
});
